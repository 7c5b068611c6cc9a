package dev.leash.core.model;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.model.chat.ChatModel;
import dev.leash.api.ConfigurationException;
import dev.leash.core.model.internal.AnthropicModels;
import dev.leash.core.model.internal.LeashHttpClientBuilder;
import dev.leash.core.model.internal.OllamaModels;
import dev.leash.core.model.internal.OpenAiModels;

/**
 * Builds the langchain4j {@link ChatModel} that {@link ModelSettings} describe. Every model gets
 * Leash's HTTP client (JDK based; keeps {@code Retry-After}), langchain4j's own retries switched
 * off (Leash retries, see {@link RetryPolicy}), and request logging off (the API key travels in
 * the headers). Stateless.
 *
 * <p>The provider clients are optional dependencies of agent-core: add the one you use
 * ({@code dev.langchain4j:langchain4j-open-ai}, {@code -anthropic} or {@code -ollama}, the
 * version the Leash BOM manages); without it, {@link #create} fails naming the artifact.
 */
public final class ChatModels {

    private ChatModels() {
    }

    /**
     * A chat model for {@code settings}. langchain4j chat models are thread-safe.
     *
     * @throws ConfigurationException when the provider's client library is not on the classpath
     */
    public static ChatModel create(ModelSettings settings) {
        requireNonNull(settings, "settings is null");
        LeashHttpClientBuilder http = new LeashHttpClientBuilder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout());
        try {
            switch (settings.provider()) {
                case ANTHROPIC:
                    return AnthropicModels.create(settings.baseUrl(), settings.apiKey(), settings.modelName(),
                            settings.timeout(), http);
                case OLLAMA:
                    return OllamaModels.create(settings.baseUrl(), settings.hasApiKey() ? settings.apiKey() : null,
                            settings.modelName(), settings.timeout(), http);
                default:
                    return OpenAiModels.create(settings.baseUrl(), settings.hasApiKey() ? settings.apiKey() : null,
                            settings.modelName(), settings.timeout(), http);
            }
        } catch (NoClassDefFoundError e) {
            String artifact = "dev.langchain4j:langchain4j-" + (settings.provider() == Provider.OPENAI ? "open-ai"
                    : settings.provider().key());
            throw ConfigurationException.invalidValue("provider", null, settings.provider().key(),
                    "a provider whose client is on the classpath: add the dependency " + artifact
                            + " (its version is managed by dev.leash:leash-bom)");
        }
    }
}
