package dev.leash.integration.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.integration.TargetKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LeashPropertiesTest {

    static LeashProperties read(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new LinkedHashMap<>(properties)));
        return LeashProperties.from(environment);
    }

    @Test
    void readsTheKeysOfLeashYamlUnderLeash() {
        LeashProperties properties = read(Map.of(
                "leash.safety.level", "3",
                "leash.safety.allow.email_domains[0]", "example.com",
                "leash.safety.allow.email_domains[1]", "corp.example",
                "leash.safety.persistence.max_denials", "5",
                "leash.safety.tools.send_email.rate", "5/min",
                "leash.integration.principal", "alex@example.com",
                "leash.integration.audit_file", "logs/audit.jsonl"));

        assertThat(properties.level()).isEqualTo(SafetyLevel.LEVEL_3);
        assertThat(properties.config().safety().allow().emailDomains()).containsExactly("example.com", "corp.example");
        assertThat(properties.config().safety().maxDenials(SafetyLevel.LEVEL_3)).isEqualTo(5);
        assertThat(properties.config().safety().tools()).containsKey("send_email");
        assertThat(properties.principal()).isEqualTo("alex@example.com");
        assertThat(properties.auditFile()).isEqualTo(Path.of("logs/audit.jsonl"));
    }

    @Test
    void levelOneWhenNothingIsSet() {
        LeashProperties properties = read(Map.of());

        assertThat(properties.level()).isEqualTo(SafetyLevel.LEVEL_1);
        assertThat(properties.principal()).isEqualTo("unknown");
        assertThat(properties.auditFile()).isEqualTo(Path.of("leash-audit.jsonl"));
    }

    @Test
    void declaresImpactsTargetsAndTrustOfTools() {
        LeashProperties properties = read(Map.of(
                "leash.integration.tools.post_invoice.impact", "irreversible",
                "leash.integration.tools.post_invoice.targets.payee_mail", "email",
                "leash.integration.tools.weather.trusted", "true"));

        assertThat(properties.declarations().impacts()).containsEntry("post_invoice", Impact.IRREVERSIBLE);
        assertThat(properties.declarations().targets().get("post_invoice")).containsEntry("payee_mail", TargetKind.EMAIL);
        assertThat(properties.declarations().trusted()).containsExactly("weather");
    }

    @Test
    void anUnknownKeyStopsStartUpNamingIt() {
        assertThatThrownBy(() -> read(Map.of("leash.safety.alow.email_domains[0]", "example.com")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("alow");
        assertThatThrownBy(() -> read(Map.of("leash.integration.principle", "alex")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("leash.integration.principle")
                .hasMessageContaining("principal");
        assertThatThrownBy(() -> read(Map.of("leash.integration.tools.x.targets.to", "phone")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("phone");
    }

    @Test
    void anUnknownLevelStopsStartUpListingTheValidOnes() {
        assertThatThrownBy(() -> read(Map.of("leash.safety.level", "4")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("level").hasMessageContaining("1");
    }

    @Test
    void aListGivenAsOneValueIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> read(Map.of("leash.safety.allow.email_domains", "example.com")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("email_domains")
                .hasMessageContaining("list");
    }
}
