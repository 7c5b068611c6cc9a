package dev.leash.core.model;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.leash.core.model.internal.LeashHttpClientBuilder;
import java.util.Map;

/**
 * Builds the langchain4j {@link ChatModel} that {@link ModelSettings} describe. Every model gets
 * Leash's HTTP client (JDK based; keeps {@code Retry-After}), langchain4j's own retries switched
 * off (Leash retries, see {@link RetryPolicy}), and request logging off (the API key travels in
 * the headers). Stateless.
 */
public final class ChatModels {

    private ChatModels() {
    }

    /** A chat model for {@code settings}. langchain4j chat models are thread-safe. */
    public static ChatModel create(ModelSettings settings) {
        requireNonNull(settings, "settings is null");
        LeashHttpClientBuilder http = new LeashHttpClientBuilder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout());
        switch (settings.provider()) {
            case ANTHROPIC:
                return AnthropicChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(settings.baseUrl())
                        .apiKey(settings.apiKey())
                        .modelName(settings.modelName())
                        .timeout(settings.timeout())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            case OLLAMA:
                OllamaChatModel.OllamaChatModelBuilder ollama = OllamaChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(settings.baseUrl())
                        .modelName(settings.modelName())
                        .timeout(settings.timeout())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (settings.hasApiKey()) {
                    ollama.customHeaders(Map.of("Authorization", "Bearer " + settings.apiKey()));
                }
                return ollama.build();
            default:
                OpenAiChatModel.OpenAiChatModelBuilder openai = OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(settings.baseUrl())
                        .modelName(settings.modelName())
                        .timeout(settings.timeout())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (settings.hasApiKey()) {
                    openai.apiKey(settings.apiKey());
                }
                return openai.build();
        }
    }
}
