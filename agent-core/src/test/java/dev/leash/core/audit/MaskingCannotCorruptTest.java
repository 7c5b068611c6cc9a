package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.audit.AuditEvent;
import dev.leash.core.audit.internal.AuditJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Masking never corrupts the log: short secrets are refused, and keys, type ids, timestamps and ids are never touched. */
class MaskingCannotCorruptTest {

    private static final ObjectMapper JSON = AuditJson.mapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"x", "e", "-", "1", "12345"})
    void aSecretTooShortToMaskIsRefusedNamingWhereItCameFrom(String key) {
        assertThatThrownBy(() -> SecretMasker.ofSources(Map.of("LEASH_MODEL_API_KEY", key)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASH_MODEL_API_KEY")
                .hasMessageContaining("at least " + SecretMasker.MIN_LENGTH)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("'" + key + "'"));
        assertThatThrownBy(() -> SecretMasker.of(List.of(key))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLogWithKeysXEDashAndOneIsVerifiedAndReadBackWithOnlyTheSecretMasked() throws Exception {
        // Secrets that look like the log's own words: a type id, a run id, a JSON key.
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("safety.secrets.values[0]", "QS-7731-ALPHA");
        secrets.put("safety.secrets.values[1]", "decision");
        secrets.put("safety.secrets.values[2]", "run-1-secret");
        Path log = dir.resolve("audit.jsonl");
        ObjectNode arguments = Events.args("x", "1", "e", "e", "-", "-", "1", "x");
        arguments.put("QS-7731-ALPHA", "the code is QS-7731-ALPHA");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, SecretMasker.ofSources(secrets))) {
            sink.recordDurably(Events.started("run-1-secret"));
            sink.record(Events.decision("run-1-secret", 1));
            sink.recordDurably(Events.execution("run-1-secret", "call-1", arguments));
            sink.recordDurably(Events.ended("run-1-secret", dev.leash.api.run.Outcome.COMPLETED));
        }

        assertThat(AuditVerifier.verify(log).intact()).isTrue();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        JsonNode decision = JSON.readTree(lines.get(1)).get("event");
        assertThat(decision.get("type").asText()).isEqualTo("decision");
        assertThat(decision.get("runId").asText()).isEqualTo("run-1-secret");
        assertThat(decision.get("at").asText()).isEqualTo("2026-11-27T03:00:00.001Z");
        JsonNode execution = JSON.readTree(lines.get(2)).get("event");
        AuditEvent readBack = JSON.treeToValue(execution, AuditEvent.class);
        assertThat(readBack).isInstanceOfSatisfying(AuditEvent.ExecutionStarted.class, e -> {
            assertThat(e.runId()).isEqualTo("run-1-secret");
            assertThat(e.arguments().get("x").asText()).isEqualTo("1");
            assertThat(e.arguments().get("e").asText()).isEqualTo("e");
            assertThat(e.arguments().get("-").asText()).isEqualTo("-");
            assertThat(e.arguments().get("1").asText()).isEqualTo("x");
            assertThat(e.arguments().has("QS-7731-ALPHA")).as("keys are never masked").isTrue();
            assertThat(e.arguments().get("QS-7731-ALPHA").asText()).isEqualTo("the code is " + SecretMasker.MASK);
        });
        for (String line : lines) {
            assertThat(JSON.treeToValue(JSON.readTree(line).get("event"), AuditEvent.class)).isNotNull();
        }
    }
}
