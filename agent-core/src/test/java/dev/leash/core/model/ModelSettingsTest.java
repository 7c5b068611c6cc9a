package dev.leash.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.core.loop.LoopSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    static final Map<String, Object> NO_FILE = Map.of();

    @Test
    void readsEveryVariable() {
        ModelSettings settings = ModelSettings.from(Map.of(
                "LEASH_MODEL_PROVIDER", "OpenAI",
                "LEASH_MODEL_BASE_URL", "http://localhost:8000/v1/",
                "LEASH_MODEL_API_KEY", "sk-123",
                "LEASH_MODEL_NAME", "qwen2.5-7b",
                "LEASH_MODEL_TIMEOUT", "45s",
                "LEASH_MODEL_MAX_TOKENS_PER_RUN", "20000",
                "LEASH_MODEL_MAX_ATTEMPTS", "2",
                "LEASH_MODEL_RETRY_BASE_DELAY", "250ms",
                "LEASH_MODEL_RETRY_MAX_DELAY", "2m",
                "LEASH_MODEL_RETRY_MAX_WAIT", "PT3M"), NO_FILE, null);

        assertThat(settings.provider()).isEqualTo(Provider.OPENAI);
        assertThat(settings.baseUrl()).isEqualTo("http://localhost:8000/v1");
        assertThat(settings.apiKey()).isEqualTo("sk-123");
        assertThat(settings.modelName()).isEqualTo("qwen2.5-7b");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.maxTokensPerRun()).hasValue(20000);
        assertThat(settings.retry()).isEqualTo(new RetryPolicy(2, Duration.ofMillis(250), Duration.ofMinutes(2),
                Duration.ofMinutes(3)));
        assertThat(settings.applyTo(LoopSettings.defaults()).maxTokensPerRun()).hasValue(20000);
    }

    @Test
    void readsTheModelSectionOfTheConfigFileWithDefaults() {
        ModelSettings settings = ModelSettings.from(Map.of(),
                Map.of("provider", "ollama", "name", "llama3.1", "timeout", 90, "max_tokens_per_run", 5000), "leash.yaml");

        assertThat(settings.provider()).isEqualTo(Provider.OLLAMA);
        assertThat(settings.baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(settings.hasApiKey()).isFalse();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.maxTokensPerRun()).hasValue(5000);
        assertThat(settings.retry()).isEqualTo(RetryPolicy.defaults());
    }

    @Test
    void environmentWinsOverTheConfigFile() {
        ModelSettings settings = ModelSettings.from(
                Map.of("LEASH_MODEL_NAME", "gpt-4o", "LEASH_MODEL_API_KEY", "sk-env"),
                Map.of("provider", "openai", "name", "gpt-4o-mini", "api_key", "sk-file"), null);

        assertThat(settings.modelName()).isEqualTo("gpt-4o");
        assertThat(settings.apiKey()).isEqualTo("sk-env");
        assertThat(settings.provider()).isEqualTo(Provider.OPENAI);
    }

    @Test
    void saysWhichVariableToSetWhenTheProviderIsMissing() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_NAME", "x"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_PROVIDER")
                .hasMessageContaining("model.provider")
                .hasMessageContaining("openai, anthropic, ollama")
                .extracting(e -> ((ConfigurationException) e).key()).isEqualTo("LEASH_MODEL_PROVIDER");
    }

    @Test
    void listsTheValidProvidersForAnUnknownOne() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "gemini"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'gemini'")
                .hasMessageContaining("LEASH_MODEL_PROVIDER")
                .hasMessageContaining("openai, anthropic, ollama");
    }

    @Test
    void namesTheFileKeyWhenTheBadValueCameFromTheFile() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of(), Map.of("provider", "ollama", "name", "m", "timeout", "soon"),
                "/etc/leash.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("model.timeout")
                .hasMessageContaining("/etc/leash.yaml")
                .hasMessageContaining("30s");
    }

    @Test
    void asksForTheModelName() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "ollama"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_NAME")
                .hasMessageContaining("llama3.1");
    }

    @Test
    void asksForAnApiKeyForAnthropic() {
        assertThatThrownBy(() -> ModelSettings.from(
                Map.of("LEASH_MODEL_PROVIDER", "anthropic", "LEASH_MODEL_NAME", "claude-sonnet-4-5"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_API_KEY");
    }

    @Test
    void asksForAnApiKeyOrABaseUrlForOpenAi() {
        assertThatThrownBy(() -> ModelSettings.from(
                Map.of("LEASH_MODEL_PROVIDER", "openai", "LEASH_MODEL_NAME", "gpt-4o-mini"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_API_KEY")
                .hasMessageContaining("LEASH_MODEL_BASE_URL");
    }

    @Test
    void acceptsAnOpenAiCompatibleServerWithoutKey() {
        ModelSettings settings = ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "openai",
                "LEASH_MODEL_BASE_URL", "http://127.0.0.1:8080/v1", "LEASH_MODEL_NAME", "local"), NO_FILE, null);

        assertThat(settings.hasApiKey()).isFalse();
        assertThat(ChatModels.create(settings)).isNotNull();
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "ollama", "LEASH_MODEL_NAME", "m",
                "LEASH_MODEL_BASE_URL", "localhost:11434"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_BASE_URL")
                .hasMessageContaining("http");
    }

    @Test
    void rejectsUnknownKeysInTheModelSectionListingTheValidOnes() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of(), Map.of("provider", "ollama", "modle", "x"), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("model.modle")
                .hasMessageContaining("provider, base_url, api_key, name, timeout, max_tokens_per_run");
    }

    @Test
    void rejectsABadNumberOfAttempts() {
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "ollama", "LEASH_MODEL_NAME", "m",
                "LEASH_MODEL_MAX_ATTEMPTS", "0"), NO_FILE, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_MAX_ATTEMPTS");
    }

    @Test
    void neverShowsTheApiKey() {
        ModelSettings settings = ModelSettings.of(Provider.ANTHROPIC, "claude-sonnet-4-5", "sk-ant-secret-value");

        assertThat(settings.toString()).doesNotContain("sk-ant-secret-value").contains("apiKey=(set)");
        assertThat(ModelPlannerFactory.fromSettings(settings, text -> text).toString()).doesNotContain("sk-ant-secret-value");
        assertThatThrownBy(() -> ModelSettings.from(Map.of("LEASH_MODEL_PROVIDER", "anthropic", "LEASH_MODEL_NAME", "c"),
                Map.of("api_key", Map.of("nested", "sk-ant-secret-value")), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("model.api_key")
                .hasMessageNotContaining("sk-ant-secret-value");
    }
}
