package dev.leash.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model APIs Leash speaks, as named in {@code LEASH_MODEL_PROVIDER} or {@code model.provider}.
 */
public enum Provider {
    /** The OpenAI chat completions API, and any server that speaks it (vLLM, llama.cpp, LM Studio). */
    OPENAI("openai", "https://api.openai.com/v1"),
    /** The Anthropic messages API. */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1"),
    /** The Ollama chat API. */
    OLLAMA("ollama", "http://localhost:11434");

    private final String key;
    private final String defaultBaseUrl;

    Provider(String key, String defaultBaseUrl) {
        this.key = key;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The configuration value, e.g. {@code openai}. */
    public String key() {
        return key;
    }

    /** The base URL used when none is configured. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The provider named {@code value} (case-insensitive), if any. */
    public static Optional<Provider> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.key.equals(wanted)).findFirst();
    }

    /** Every configuration value, for error messages. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(Provider::key).toList();
    }
}
