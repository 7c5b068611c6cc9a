package dev.leash.core.model;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.core.loop.LoopSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model to use and how to reach it. Immutable and thread-safe. The API key never appears
 * in {@link #toString()} or in any error message.
 *
 * <p>Read with {@link #from(Map, Map, String)} from environment variables and the {@code model:}
 * section of {@code leash.yaml}. <b>An environment variable wins over the file</b> (so a
 * deployment can override a checked-in file, and keys need not be written in files):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>leash.yaml {@code model:}</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>LEASH_MODEL_PROVIDER</td><td>provider</td><td>openai, anthropic, ollama</td><td>required</td></tr>
 *   <tr><td>LEASH_MODEL_BASE_URL</td><td>base_url</td><td>API base URL</td><td>the provider's</td></tr>
 *   <tr><td>LEASH_MODEL_API_KEY</td><td>api_key</td><td>API key</td><td>required for anthropic, and for openai at api.openai.com</td></tr>
 *   <tr><td>LEASH_MODEL_NAME</td><td>name</td><td>model name</td><td>required</td></tr>
 *   <tr><td>LEASH_MODEL_TIMEOUT</td><td>timeout</td><td>per request</td><td>60s</td></tr>
 *   <tr><td>LEASH_MODEL_MAX_TOKENS_PER_RUN</td><td>max_tokens_per_run</td><td>token budget of a run</td><td>none</td></tr>
 *   <tr><td>LEASH_MODEL_MAX_ATTEMPTS</td><td>max_attempts</td><td>requests per model call</td><td>4</td></tr>
 *   <tr><td>LEASH_MODEL_RETRY_BASE_DELAY</td><td>retry_base_delay</td><td>first backoff</td><td>500ms</td></tr>
 *   <tr><td>LEASH_MODEL_RETRY_MAX_DELAY</td><td>retry_max_delay</td><td>cap per wait, Retry-After included</td><td>30s</td></tr>
 *   <tr><td>LEASH_MODEL_RETRY_MAX_WAIT</td><td>retry_max_wait</td><td>cap on all waits of a call</td><td>60s</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a bare number of
 * seconds, or ISO-8601 ({@code PT30S}).
 *
 * @param provider the API to speak
 * @param baseUrl the API base URL (for openai it ends before {@code /chat/completions}, e.g.
 *     {@code http://localhost:8000/v1})
 * @param apiKey the API key, empty when none
 * @param modelName the model, e.g. {@code gpt-4o-mini}, {@code claude-sonnet-4-5}, {@code llama3.1}
 * @param timeout how long one HTTP request may take
 * @param maxTokensPerRun model tokens a run may use (see {@link #applyTo(LoopSettings)})
 * @param retry how transient faults are retried
 */
public record ModelSettings(Provider provider, String baseUrl, String apiKey, String modelName, Duration timeout,
                            OptionalLong maxTokensPerRun, RetryPolicy retry) {

    /** Default for {@link #timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final String ENVIRONMENT = "environment";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /** The {@code leash.yaml} keys under {@code model:}, each with its environment variable. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("provider", "LEASH_MODEL_PROVIDER");
        keys.put("base_url", "LEASH_MODEL_BASE_URL");
        keys.put("api_key", "LEASH_MODEL_API_KEY");
        keys.put("name", "LEASH_MODEL_NAME");
        keys.put("timeout", "LEASH_MODEL_TIMEOUT");
        keys.put("max_tokens_per_run", "LEASH_MODEL_MAX_TOKENS_PER_RUN");
        keys.put("max_attempts", "LEASH_MODEL_MAX_ATTEMPTS");
        keys.put("retry_base_delay", "LEASH_MODEL_RETRY_BASE_DELAY");
        keys.put("retry_max_delay", "LEASH_MODEL_RETRY_MAX_DELAY");
        keys.put("retry_max_wait", "LEASH_MODEL_RETRY_MAX_WAIT");
        return Map.copyOf(keys);
    }

    private static final List<String> KEY_ORDER = List.of("provider", "base_url", "api_key", "name", "timeout",
            "max_tokens_per_run", "max_attempts", "retry_base_delay", "retry_max_delay", "retry_max_wait");

    public ModelSettings {
        requireNonNull(provider, "provider is null");
        requireNonNull(baseUrl, "baseUrl is null");
        apiKey = apiKey == null ? "" : apiKey;
        requireNonNull(modelName, "modelName is null");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName is blank");
        }
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        requireNonNull(maxTokensPerRun, "maxTokensPerRun is null");
        requireNonNull(retry, "retry is null");
    }

    /** Settings for {@code provider} at its default base URL, with default timeout and retries. */
    public static ModelSettings of(Provider provider, String modelName, String apiKey) {
        return new ModelSettings(provider, provider.defaultBaseUrl(), apiKey, modelName, DEFAULT_TIMEOUT,
                OptionalLong.empty(), RetryPolicy.defaults());
    }

    /** From the process environment only. */
    public static ModelSettings fromEnvironment() {
        return from(System.getenv(), Map.of(), null);
    }

    /**
     * From environment variables and the {@code model:} section of a config file; a variable that
     * is set and not blank wins over the file.
     *
     * @param env environment variables (e.g. {@link System#getenv()})
     * @param file the {@code model:} map of {@code leash.yaml}; empty when there is none
     * @param fileName names the file in errors, e.g. {@code /etc/leash/leash.yaml}; null for {@code leash.yaml}
     * @throws ConfigurationException naming the variable (and key) to set or fix
     */
    public static ModelSettings from(Map<String, String> env, Map<String, ?> file, String fileName) {
        requireNonNull(env, "env is null");
        Map<String, ?> yaml = file == null ? Map.of() : file;
        String yamlSource = fileName == null ? "leash.yaml" : fileName;
        for (String key : yaml.keySet()) {
            if (!KEYS.containsKey(key)) {
                throw ConfigurationException.unknownKey("model." + key, yamlSource, KEY_ORDER);
            }
        }
        Reader in = new Reader(env, yaml, yamlSource);

        Optional<Value> providerValue = in.get("provider");
        if (providerValue.isEmpty()) {
            throw ConfigurationException.missing("LEASH_MODEL_PROVIDER", ENVIRONMENT,
                    "set LEASH_MODEL_PROVIDER (or model.provider in " + yamlSource + ") to one of "
                            + String.join(", ", Provider.keys()));
        }
        Value pv = providerValue.get();
        Provider provider = Provider.parse(pv.text()).orElseThrow(() -> pv.invalid("one of " + String.join(", ", Provider.keys())));

        String baseUrl = in.get("base_url").map(v -> checkUrl(v)).orElse(provider.defaultBaseUrl());
        String apiKey = in.get("api_key").map(Value::text).orElse("");
        boolean customUrl = in.get("base_url").isPresent();
        if (apiKey.isEmpty() && provider == Provider.ANTHROPIC) {
            throw ConfigurationException.missing("LEASH_MODEL_API_KEY", ENVIRONMENT,
                    "the anthropic provider needs an API key: set LEASH_MODEL_API_KEY");
        }
        if (apiKey.isEmpty() && provider == Provider.OPENAI && !customUrl) {
            throw ConfigurationException.missing("LEASH_MODEL_API_KEY", ENVIRONMENT,
                    "the openai provider at " + provider.defaultBaseUrl() + " needs an API key: set LEASH_MODEL_API_KEY,"
                            + " or set LEASH_MODEL_BASE_URL to an OpenAI-compatible server that needs none");
        }
        String name = in.get("name").map(Value::text).orElseThrow(() -> ConfigurationException.missing("LEASH_MODEL_NAME",
                ENVIRONMENT, "set LEASH_MODEL_NAME (or model.name in " + yamlSource + ") to the model to use, e.g. "
                        + example(provider)));
        Duration timeout = in.get("timeout").map(ModelSettings::positiveDuration).orElse(DEFAULT_TIMEOUT);
        OptionalLong maxTokens = in.get("max_tokens_per_run")
                .map(v -> OptionalLong.of(positiveLong(v))).orElse(OptionalLong.empty());

        RetryPolicy retry = RetryPolicy.defaults();
        Optional<Value> attempts = in.get("max_attempts");
        if (attempts.isPresent()) {
            long n = positiveLong(attempts.get());
            if (n > 20) {
                throw attempts.get().invalid("a number of attempts from 1 to 20");
            }
            retry = retry.withMaxAttempts((int) n);
        }
        retry = retry.withBaseDelay(in.get("retry_base_delay").map(ModelSettings::duration).orElse(retry.baseDelay()));
        retry = retry.withMaxDelay(in.get("retry_max_delay").map(ModelSettings::duration).orElse(retry.maxDelay()));
        retry = retry.withMaxTotalWait(in.get("retry_max_wait").map(ModelSettings::duration).orElse(retry.maxTotalWait()));
        return new ModelSettings(provider, baseUrl, apiKey, name, timeout, maxTokens, retry);
    }

    /** Whether an API key is configured. */
    public boolean hasApiKey() {
        return !apiKey.isEmpty();
    }

    /** These loop settings with this token budget, if one is configured. */
    public LoopSettings applyTo(LoopSettings loop) {
        requireNonNull(loop, "loop is null");
        return maxTokensPerRun.isPresent() ? loop.withMaxTokensPerRun(maxTokensPerRun.getAsLong()) : loop;
    }

    public ModelSettings withBaseUrl(String url) {
        return new ModelSettings(provider, url, apiKey, modelName, timeout, maxTokensPerRun, retry);
    }

    public ModelSettings withTimeout(Duration newTimeout) {
        return new ModelSettings(provider, baseUrl, apiKey, modelName, newTimeout, maxTokensPerRun, retry);
    }

    public ModelSettings withRetry(RetryPolicy newRetry) {
        return new ModelSettings(provider, baseUrl, apiKey, modelName, timeout, maxTokensPerRun, newRetry);
    }

    /** Shows whether a key is set, never the key. */
    @Override
    public String toString() {
        return "ModelSettings[provider=" + provider.key() + ", baseUrl=" + baseUrl + ", apiKey="
                + (hasApiKey() ? "(set)" : "(none)") + ", modelName=" + modelName + ", timeout=" + timeout
                + ", maxTokensPerRun=" + (maxTokensPerRun.isPresent() ? maxTokensPerRun.getAsLong() : "none")
                + ", retry=" + retry + "]";
    }

    private static String example(Provider provider) {
        switch (provider) {
            case ANTHROPIC:
                return "claude-sonnet-4-5";
            case OLLAMA:
                return "llama3.1";
            default:
                return "gpt-4o-mini";
        }
    }

    private static String checkUrl(Value value) {
        String text = value.text();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw value.invalid("an http or https URL such as http://localhost:8000/v1");
            }
        } catch (URISyntaxException e) {
            throw value.invalid("an http or https URL such as http://localhost:8000/v1");
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static long positiveLong(Value value) {
        try {
            long n = Long.parseLong(value.text().replace("_", ""));
            if (n < 1) {
                throw value.invalid("a positive whole number");
            }
            return n;
        } catch (NumberFormatException e) {
            throw value.invalid("a positive whole number");
        }
    }

    private static Duration positiveDuration(Value value) {
        Duration d = duration(value);
        if (d.isZero()) {
            throw value.invalid("a positive duration such as 30s, 500ms or 2m");
        }
        return d;
    }

    private static Duration duration(Value value) {
        String text = value.text().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(n);
                case "m":
                    return Duration.ofMinutes(n);
                case "h":
                    return Duration.ofHours(n);
                default:
                    return Duration.ofSeconds(n);
            }
        }
        try {
            Duration d = Duration.parse(value.text().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // fall through
        }
        throw value.invalid("a duration such as 30s, 500ms, 2m or PT30S");
    }

    /** A setting's value and where it came from, for errors that name the variable or key. */
    private record Value(String text, String key, String source, boolean secret) {
        ConfigurationException invalid(String expected) {
            return ConfigurationException.invalidValue(key, source, secret ? "(hidden)" : text, expected);
        }
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final Map<String, ?> yaml;
        private final String yamlSource;

        Reader(Map<String, String> env, Map<String, ?> yaml, String yamlSource) {
            this.env = env;
            this.yaml = yaml;
            this.yamlSource = yamlSource;
        }

        Optional<Value> get(String key) {
            String variable = KEYS.get(key);
            boolean secret = key.equals("api_key");
            String fromEnv = env.get(variable);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(new Value(fromEnv.trim(), variable, ENVIRONMENT, secret));
            }
            Object fromFile = yaml.get(key);
            if (fromFile == null || String.valueOf(fromFile).isBlank()) {
                return Optional.empty();
            }
            if (fromFile instanceof Map || fromFile instanceof List) {
                throw ConfigurationException.invalidValue("model." + key, yamlSource, secret ? "(hidden)" : fromFile,
                        "a single value");
            }
            return Optional.of(new Value(String.valueOf(fromFile).trim(), "model." + key, yamlSource, secret));
        }
    }
}
