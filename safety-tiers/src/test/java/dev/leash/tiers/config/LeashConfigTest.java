package dev.leash.tiers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeashConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("leash.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsEveryKeyOfTheDesignExample() throws IOException {
        Path file = write("""
                safety:
                  level: 2
                  allow:
                    email_domains: [Example.com]
                    http_hosts: [api.example.com]
                    paths: ["workspace/**"]
                    tables: [orders]
                  tools:
                    send_email: { rate: "5/min", budget: "20/day" }
                    issue_refund: { budget: { argument: amount, max: 500.50, per: day } }
                    lookup: { budget: "3/run" }
                  approvals: { gate: webhook, url: "https://review.example.com/leash", timeout: 45s }
                  persistence: { max_denials: 4 }
                  secrets: { env: [OPENAI_API_KEY], values: ["QS-7731-ALPHA"] }
                model:
                  provider: openai
                  base_url: http://localhost:8080/v1
                  api_key: sk-test
                  name: gpt-4o-mini
                  timeout: 60s
                  max_tokens_per_run: 50000
                """);

        LeashConfig config = LeashConfig.load(file);
        SafetyConfig safety = config.safety();

        assertThat(config.source()).contains(file.toString());
        assertThat(safety.level()).contains(SafetyLevel.LEVEL_2);
        assertThat(safety.allow().emailDomains()).containsExactly("example.com");
        assertThat(safety.allow().httpHosts()).containsExactly("api.example.com");
        assertThat(safety.allow().paths()).contains(List.of("workspace/**"));
        assertThat(safety.allow().tables()).contains(List.of("orders"));
        assertThat(safety.limitsOf("send_email").rate()).contains(new Rate(5, Duration.ofMinutes(1)));
        assertThat(safety.limitsOf("send_email").budget())
                .contains(new Budget.Calls(20, BudgetWindow.per(Duration.ofDays(1))));
        Budget.ArgumentSum refund = (Budget.ArgumentSum) safety.limitsOf("issue_refund").budget().orElseThrow();
        assertThat(refund.argument()).isEqualTo("amount");
        assertThat(refund.max()).isEqualByComparingTo(new BigDecimal("500.50"));
        assertThat(refund.per()).isEqualTo(BudgetWindow.per(Duration.ofDays(1)));
        assertThat(safety.limitsOf("lookup").budget()).contains(new Budget.Calls(3, BudgetWindow.perRun()));
        assertThat(safety.limitsOf("unlisted")).isEqualTo(ToolLimits.none());
        assertThat(safety.approvals().gate()).isEqualTo(ApprovalsConfig.Gate.WEBHOOK);
        assertThat(safety.approvals().url()).contains(URI.create("https://review.example.com/leash"));
        assertThat(safety.approvals().timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(safety.maxDenials(SafetyLevel.LEVEL_3)).isEqualTo(4);
        assertThat(safety.secrets().env()).containsExactly("OPENAI_API_KEY");
        assertThat(safety.secrets().values()).containsExactly("QS-7731-ALPHA");
        assertThat(config.model().provider()).contains("openai");
        assertThat(config.model().baseUrl()).contains("http://localhost:8080/v1");
        assertThat(config.model().name()).contains("gpt-4o-mini");
        assertThat(config.model().timeout()).contains(Duration.ofSeconds(60));
        assertThat(config.model().maxTokensPerRun().getAsLong()).isEqualTo(50000);
    }

    @Test
    void defaultsAreClosedAllowlistsNoLimitsAndTheDenyGate() {
        SafetyConfig safety = LeashConfig.parse("", "empty.yaml").safety();

        assertThat(safety.level()).isEmpty();
        assertThat(safety.allow().emailDomains()).isEmpty();
        assertThat(safety.allow().httpHosts()).isEmpty();
        assertThat(safety.allow().paths()).isEmpty();
        assertThat(safety.tools()).isEmpty();
        assertThat(safety.approvals().gate()).isEqualTo(ApprovalsConfig.Gate.DENY);
        assertThat(safety.approvals().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(safety.maxDenials(SafetyLevel.LEVEL_1)).isEqualTo(3);
        assertThat(safety.maxDenials(SafetyLevel.LEVEL_3)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key      | bogus: 1                                                     | bogus",
        "unknown safety key         | 'safety: { levle: 2 }'                                       | safety.levle",
        "unknown allow key          | 'safety: { allow: { email_domain: [a.example] } }'           | safety.allow.email_domain",
        "unknown tool limit key     | 'safety: { tools: { send_email: { rates: 5/min } } }'        | safety.tools.send_email.rates",
        "unknown approvals key      | 'safety: { approvals: { gates: deny } }'                     | safety.approvals.gates",
        "unknown persistence key    | 'safety: { persistence: { max: 3 } }'                        | safety.persistence.max",
        "unknown secrets key        | 'safety: { secrets: { envs: [A] } }'                         | safety.secrets.envs",
        "unknown model key          | 'model: { temperature: 0.2 }'                                | model.temperature",
        "unknown trusted key        | 'safety: { trusted: { hosts: [a.example] } }'                | safety.trusted.hosts",
        "unknown argument budget key| 'safety: { tools: { r: { budget: { argument: a, max: 1, per: day, cap: 2 } } } }' | safety.tools.r.budget.cap",
    })
    void rejectsAnUnknownKeyNamingTheKeyAndTheFile(String name, String yaml, String key) throws IOException {
        Path file = write(yaml);

        assertThatThrownBy(() -> LeashConfig.load(file))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.source()).contains(file.toString());
                })
                .hasMessageContaining("Unknown configuration key '" + key + "'")
                .hasMessageContaining(file.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rate with an unknown unit  | 'safety: { tools: { send_email: { rate: 5/lightyear } } }'   | safety.tools.send_email.rate        | 5/lightyear",
        "rate of zero               | 'safety: { tools: { send_email: { rate: 0/min } } }'         | safety.tools.send_email.rate        | 0/min",
        "budget without a window    | 'safety: { tools: { send_email: { budget: \"20\" } } }'      | safety.tools.send_email.budget      | 20",
        "argument budget bad window | 'safety: { tools: { r: { budget: { argument: a, max: 5, per: fortnight } } } }' | safety.tools.r.budget.per | fortnight",
        "argument budget bad max    | 'safety: { tools: { r: { budget: { argument: a, max: -5, per: day } } } }'     | safety.tools.r.budget.max | -5",
        "gate maybe                 | 'safety: { approvals: { gate: maybe } }'                     | safety.approvals.gate               | maybe",
        "timeout without unit sense | 'safety: { approvals: { timeout: soon } }'                   | safety.approvals.timeout            | soon",
        "webhook url not http       | 'safety: { approvals: { gate: webhook, url: ftp://x.example } }' | safety.approvals.url            | ftp://x.example",
        "max_denials zero           | 'safety: { persistence: { max_denials: 0 } }'                | safety.persistence.max_denials      | 0",
        "email domain with @        | 'safety: { allow: { email_domains: [\"a@b.example\"] } }'    | safety.allow.email_domains[0]       | a@b.example",
        "host with scheme           | 'safety: { allow: { http_hosts: [\"https://x.example\"] } }' | safety.allow.http_hosts[0]          | https://x.example",
        "path escaping the root     | 'safety: { allow: { paths: [\"../etc/**\"] } }'              | safety.allow.paths[0]               | ../etc/**",
        "allowlist not a list       | 'safety: { allow: { email_domains: example.com } }'          | safety.allow.email_domains          | example.com",
        "level unknown              | 'safety: { level: 7 }'                                       | safety.level                        | 7",
        "model tokens not a number  | 'model: { max_tokens_per_run: lots }'                        | model.max_tokens_per_run            | lots",
        "custom kind not a name     | 'safety: { allow: { targets: { Pay-Ee: [x] } } }'            | safety.allow.targets.Pay-Ee         | Pay-Ee",
        "built-in kind under targets| 'safety: { allow: { targets: { email: [a.example] } } }'     | safety.allow.targets.email          | email",
        "custom list not a list     | 'safety: { allow: { targets: { payee: DE89 } } }'            | safety.allow.targets.payee          | DE89",
        "trusted path escaping      | 'safety: { trusted: { paths: [\"../x/**\"] } }'              | safety.trusted.paths[0]             | ../x/**",
        "trusted host with scheme   | 'safety: { trusted: { http_hosts: [\"https://s.example\"] } }' | safety.trusted.http_hosts[0]     | https://s.example",
    })
    void rejectsABadValueNamingTheKeyTheValueAndTheFile(String name, String yaml, String key, String value)
            throws IOException {
        Path file = write(yaml);

        assertThatThrownBy(() -> LeashConfig.load(file))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.source()).contains(file.toString());
                })
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void readsTheFileOfTaintedStores() {
        SafetyConfig safety = LeashConfig.parse("""
                safety:
                  trusted: { paths: ["config/**"], tainted_stores: var/leash/tainted-stores.tsv }
                """, "leash.yaml").safety();

        assertThat(safety.trusted().taintedStores()).contains(Path.of("var/leash/tainted-stores.tsv"));
        assertThat(SafetyConfig.defaults().trusted().taintedStores()).isEmpty();
        assertThatThrownBy(() -> LeashConfig.parse("safety: { trusted: { tainted_stores: [a, b] } }", "leash.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("safety.trusted.tainted_stores");
    }

    @Test
    void readsCustomTargetAllowlistsAndTrustedSources() {
        SafetyConfig safety = LeashConfig.parse("""
                safety:
                  allow:
                    tables: [orders]
                    targets: { payee: [DE89370400440532013000, "GB29 NWBK *"], channel: ["#ops"] }
                  trusted: { http_hosts: [Status.Example.com], paths: ["config/**"], tables: [orders] }
                """, "leash.yaml").safety();

        assertThat(safety.allow().targetsOf("payee")).containsExactly("DE89370400440532013000", "GB29 NWBK *");
        assertThat(safety.allow().targetsOf("channel")).containsExactly("#ops");
        assertThat(safety.allow().targetsOf("account")).isEmpty();
        assertThat(safety.trusted()).isEqualTo(new TrustedConfig(List.of("status.example.com"), List.of("config/**"), List.of("orders")));
        assertThat(SafetyConfig.defaults().trusted().isEmpty()).isTrue();
        assertThat(SafetyConfig.defaults().allow().targets()).isEmpty();
    }

    @Test
    void unknownLevelListsTheValidLevels() {
        assertThatThrownBy(() -> LeashConfig.parse("safety: { level: 7 }", "leash.yaml"))
                .hasMessageContaining("1, 2, 3");
    }

    @Test
    void webhookGateWithoutUrlIsRejected() {
        assertThatThrownBy(() -> LeashConfig.parse("safety: { approvals: { gate: webhook } }", "leash.yaml"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("safety.approvals.url"))
                .hasMessageContaining("leash.yaml");
    }

    @Test
    void argumentBudgetWithoutArgumentIsRejected() {
        assertThatThrownBy(() -> LeashConfig.parse("safety: { tools: { r: { budget: { max: 5, per: day } } } }", "leash.yaml"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("safety.tools.r.budget.argument"));
    }

    @Test
    void duplicateKeyIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> LeashConfig.parse("safety:\n  level: 1\n  level: 3\n", "dup.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dup.yaml")
                .hasMessageContaining("level");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> LeashConfig.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void deploymentBlockHasTheSafetyKeysButNoLevel() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        SafetyConfig deployment = LeashConfig.parseDeployment(
                yaml.readTree("allow: { email_domains: [novastar.example] }\ntools: { issue_refund: { budget: \"2/run\" } }"),
                "deployment", "scenario.yaml");

        assertThat(deployment.allow().emailDomains()).containsExactly("novastar.example");
        assertThat(deployment.limitsOf("issue_refund").budget()).contains(new Budget.Calls(2, BudgetWindow.perRun()));
        assertThatThrownBy(() -> LeashConfig.parseDeployment(yaml.readTree("level: 2"), "deployment", "scenario.yaml"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo("deployment.level");
                    assertThat(e.source()).contains("scenario.yaml");
                });
    }

    @Test
    void secretsAndApiKeysNeverShowInToString() {
        LeashConfig config = LeashConfig.parse(
                "safety: { secrets: { values: [QS-7731-ALPHA] } }\nmodel: { api_key: sk-very-secret }", "leash.yaml");

        assertThat(config.toString()).doesNotContain("QS-7731-ALPHA").doesNotContain("sk-very-secret");
    }

    @Test
    void readsTheBackendsBlock() throws IOException {
        LeashConfig config = LeashConfig.load(write("""
                backends:
                  mail:
                    imap: { host: imap.example.com, port: 993, security: TLS }
                    smtp: { host: smtp.example.com, port: 587, security: starttls }
                    address: alex@example.com
                  files: { root: /srv/ops }
                  database: { url: "jdbc:postgresql://db.example.com/shop" }
                """));

        BackendsConfig backends = config.backends();
        assertThat(backends.mail()).hasValueSatisfying(mail -> {
            assertThat(mail.imap()).isEqualTo(new BackendsConfig.Server("imap.example.com", 993, "tls"));
            assertThat(mail.smtp()).isEqualTo(new BackendsConfig.Server("smtp.example.com", 587, "starttls"));
            assertThat(mail.address()).contains("alex@example.com");
        });
        assertThat(backends.filesRoot()).contains(Path.of("/srv/ops"));
        assertThat(backends.databaseUrl()).contains("jdbc:postgresql://db.example.com/shop");
    }

    @Test
    void withoutABackendsBlockNothingIsConfiguredAndMailSecurityDefaultsToTls() throws IOException {
        assertThat(LeashConfig.load(write("safety: { level: 1 }")).backends()).isEqualTo(BackendsConfig.none());
        LeashConfig config = LeashConfig.load(write(
                "backends: { mail: { imap: { host: i.example.com, port: 993 }, smtp: { host: s.example.com, port: 465 } } }"));
        assertThat(config.backends().mail().orElseThrow().smtp().security()).isEqualTo("tls");
        assertThat(config.backends().mail().orElseThrow().address()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "backends: { mail: { smtp: { host: s, port: 25 } } }|backends.mail.imap",
        "backends: { mail: { imap: { host: i, port: 70000 }, smtp: { host: s, port: 25 } } }|backends.mail.imap.port",
        "backends: { mail: { imap: { host: i, port: 993, security: ssl }, smtp: { host: s, port: 25 } } }|backends.mail.imap.security",
        "backends: { mail: { imap: { host: i, port: 993 }, smtp: { host: s, port: 25 }, address: 'not an address' } }|backends.mail.address",
        "backends: { database: { url: 'postgresql://db/shop' } }|backends.database.url",
        "backends: { files: { } }|backends.files.root",
        "backends: { queue: { url: x } }|backends.queue",
        "backends: { database: { url: 'jdbc:h2:mem:x', user: sa } }|backends.database.user",
    })
    void rejectsABadBackendNamingTheKeyAndTheFile(String yaml, String key) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> LeashConfig.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(file.toString());
    }
}
