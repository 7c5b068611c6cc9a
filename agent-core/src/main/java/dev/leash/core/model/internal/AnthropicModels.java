package dev.leash.core.model.internal;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;

/** The Anthropic client; loaded only when that provider is used. */
public final class AnthropicModels {

    private AnthropicModels() {
    }

    public static ChatModel create(String baseUrl, String apiKey, String modelName, Duration timeout,
                                   LeashHttpClientBuilder http) {
        return AnthropicChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
    }
}
