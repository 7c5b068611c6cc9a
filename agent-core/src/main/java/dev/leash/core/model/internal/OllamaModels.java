package dev.leash.core.model.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.time.Duration;
import java.util.Map;

/** The Ollama client; loaded only when that provider is used. */
public final class OllamaModels {

    private OllamaModels() {
    }

    /** @param apiKey null when none is sent (a proxy in front of Ollama may want one) */
    public static ChatModel create(String baseUrl, String apiKey, String modelName, Duration timeout,
                                   LeashHttpClientBuilder http) {
        OllamaChatModel.OllamaChatModelBuilder ollama = OllamaChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(baseUrl)
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (apiKey != null) {
            ollama.customHeaders(Map.of("Authorization", "Bearer " + apiKey));
        }
        return ollama.build();
    }
}
