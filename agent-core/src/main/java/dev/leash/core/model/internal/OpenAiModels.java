package dev.leash.core.model.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/** The OpenAI (and OpenAI-compatible) client; loaded only when that provider is used. */
public final class OpenAiModels {

    private OpenAiModels() {
    }

    /** @param apiKey null when none is sent */
    public static ChatModel create(String baseUrl, String apiKey, String modelName, Duration timeout,
                                   LeashHttpClientBuilder http) {
        OpenAiChatModel.OpenAiChatModelBuilder openai = OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(baseUrl)
                .modelName(modelName)
                .timeout(timeout)
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (apiKey != null) {
            openai.apiKey(apiKey);
        }
        return openai.build();
    }
}
