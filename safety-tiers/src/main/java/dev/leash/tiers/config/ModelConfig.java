package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The top-level {@code model} block, read by the model planner: which chat model to use. Only the
 * keys are checked here; the planner validates the values it needs. {@link #toString()} never
 * shows the API key. Immutable.
 *
 * @param provider {@code openai}, {@code anthropic} or {@code ollama}
 * @param baseUrl the API's base URL
 * @param apiKey the API key
 * @param name the model name
 * @param timeout timeout of one model request
 * @param maxTokensPerRun token budget of a run
 */
public record ModelConfig(Optional<String> provider, Optional<String> baseUrl, Optional<String> apiKey,
                          Optional<String> name, Optional<Duration> timeout, OptionalLong maxTokensPerRun) {

    public ModelConfig {
        requireNonNull(provider, "provider is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(name, "name is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(maxTokensPerRun, "maxTokensPerRun is null");
    }

    public static ModelConfig none() {
        return new ModelConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty());
    }

    @Override
    public String toString() {
        return "ModelConfig[provider=" + provider.orElse("") + ", baseUrl=" + baseUrl.orElse("") + ", apiKey="
                + (apiKey.isPresent() ? "****" : "") + ", name=" + name.orElse("") + ", timeout="
                + timeout.map(Duration::toString).orElse("") + ", maxTokensPerRun="
                + (maxTokensPerRun.isPresent() ? Long.toString(maxTokensPerRun.getAsLong()) : "") + "]";
    }
}
