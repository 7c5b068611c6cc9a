package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretRegistryTest {

    @Test
    void takesSecretsFromConfigValuesAndNamedEnvironmentVariables() {
        SecretRegistry registry = SecretRegistry.fromConfig(List.of("QS-7731-ALPHA"), List.of("OPENAI_API_KEY", "UNSET_KEY"),
                Map.of("OPENAI_API_KEY", "sk-test-9f8e7d6c5b4a", "PATH", "/usr/bin"));

        assertThat(registry.secrets()).extracting(Secret::value).containsExactly("QS-7731-ALPHA", "sk-test-9f8e7d6c5b4a");
        assertThat(registry.secrets()).extracting(Secret::kind).containsExactly(Secret.Kind.CONFIG, Secret.Kind.ENV);
        assertThat(registry.envNames()).containsExactly("OPENAI_API_KEY", "UNSET_KEY");
    }

    @Test
    void refusesUselesslyShortSecretsNamingTheKeyButNotTheValue() {
        assertThatThrownBy(() -> SecretRegistry.fromConfig(List.of("long-enough-1", "abc12"), List.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("safety.secrets.values[1]")
                .hasMessageContaining("at least 6 characters")
                .hasMessageNotContaining("abc12");
        assertThatThrownBy(() -> SecretRegistry.fromConfig(List.of(), List.of("DB_PIN"), Map.of("DB_PIN", "1234")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DB_PIN")
                .hasMessageNotContaining("1234");
    }

    @Test
    void addsTheSecretsOfCredentialsTheToolsUse() {
        SecretRegistry registry = new SecretRegistry();
        Credential smtp = new Credential("smtp", "alex", "mail-pass-7788", Impact.IRREVERSIBLE);
        registry.addCredentials((service, impact) -> service.equals("smtp") && impact == Impact.IRREVERSIBLE
                ? Optional.of(smtp) : Optional.empty(), List.of("smtp", "jdbc"));

        assertThat(registry.secrets()).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo("mail-pass-7788");
            assertThat(s.label()).isEqualTo("credential smtp/alex");
            assertThat(s.toString()).doesNotContain("mail-pass-7788");
        });
    }

    @Test
    void plantsUnguessableCanariesAndGivesTheSnippetThatPlantsThem() {
        SecretRegistry registry = new SecretRegistry();
        Secret first = registry.plantCanary();
        Secret second = registry.plantCanary();

        assertThat(first.value()).isNotEqualTo(second.value()).startsWith("lk_").hasSize(29);
        assertThat(registry.canaries()).containsExactly(first, second);
        assertThat(registry.canaryPromptSnippet()).contains(first.value(), second.value()).contains("never reveal");
        assertThat(new SecretRegistry().canaryPromptSnippet()).isEmpty();
    }

    @Test
    void keepsAValueAddedTwiceOnce() {
        SecretRegistry registry = new SecretRegistry().addValue("same-secret-1").addValue("same-secret-1");
        assertThat(registry.secrets()).hasSize(1);
    }
}
