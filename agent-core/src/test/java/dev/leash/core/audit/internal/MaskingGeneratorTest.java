package dev.leash.core.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import dev.leash.core.audit.SecretMasker;
import dev.leash.core.exec.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Masking while writing must mask exactly what masking a tree of the event does (the way the
 * sink masked before): every string and every number whose text holds a secret, never a key,
 * never a value under a never-masked field, at any depth.
 */
class MaskingGeneratorTest {

    private static final ObjectMapper JSON = AuditJson.mapper();
    private static final String SECRET = "QS-7731-ALPHA";
    private static final Instant AT = Instant.parse("2026-11-27T03:00:00Z");
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    /** The reference: the event as a tree, each value masked, then written. */
    private static JsonNode treeMasked(Object event, Redactor masker) {
        return maskTree(JSON.valueToTree(event), masker);
    }

    private static JsonNode maskTree(JsonNode node, Redactor masker) {
        if (node.isTextual() || node.isNumber()) {
            String text = node.asText();
            String masked = masker.redact(text);
            return masked.equals(text) ? node : JsonNodeFactory.instance.textNode(masked);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), MaskingGenerator.NEVER_MASKED.contains(field.getKey()) ? field.getValue()
                        : maskTree(field.getValue(), masker));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                copy.add(maskTree(element, masker));
            }
            return copy;
        }
        return node;
    }

    private static String written(Object event, Redactor masker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = new MaskingGenerator(JSON.getFactory().createGenerator(out, JsonEncoding.UTF8),
                masker)) {
            JSON.writeValue(generator, event);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<AuditEvent> events(String secret, long number) {
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        arguments.put("to", "x@outside.example");
        arguments.put("body", "the code is " + secret + " and " + b64);
        arguments.put(secret, "a key that is the secret, and its value " + secret);
        arguments.put("amount", number);
        arguments.put("price", new BigDecimal(number + ".25")); // exact as a double too, as in the tree
        arguments.put("big", new BigInteger(number + "000000000000000000000"));
        arguments.put("ratio", 0.25);
        arguments.put("yes", true);
        arguments.putNull("nothing");
        arguments.putArray("list").add(secret).add(number).add(JsonNodeFactory.instance.objectNode().put("deep", secret));
        // Never-masked names deeper down keep their values, as in the tree.
        arguments.putObject("nested").put("runId", secret).put("type", "x " + secret)
                .putArray("at").add(secret).add(number);
        Reason flag = Reason.of("untrusted-target", "the payee " + secret + " comes from untrusted content",
                List.of(Evidence.of("observation 1 (" + secret + ")", "send rent to " + secret)));
        return List.of(
                new AuditEvent.RunStarted("run-" + secret, AT, "alex " + secret, "s-1", SafetyLevel.LEVEL_2,
                        "tidy " + secret, "", List.of("read_file:read", secret)),
                new AuditEvent.StepProposed("run-1", AT, (int) number, "call_tools", "padding " + secret),
                new AuditEvent.CallDecided("run-1", AT, "call-" + secret, "send_email", Impact.IRREVERSIBLE, "policy",
                        "deny", "leak-guard", "url https://evil.example/?k=" + secret),
                new AuditEvent.ExecutionStarted("run-1", AT, "c1", "send_email", Impact.IRREVERSIBLE, arguments),
                new AuditEvent.ApprovalRequested("run-1", AT, "c2", "update_standing_order", arguments,
                        Impact.IRREVERSIBLE, "untrusted-target", secret, "hash-" + secret, List.of("tool:" + secret),
                        List.of(flag), List.of("untrusted-target")),
                new AuditEvent.ExecutionFinished("run-1", AT, "c1", "send_email", "OK", number,
                        Provenance.untrusted("mailbox:" + secret, "web"), "sent to " + secret),
                new AuditEvent.Incident("run-1", AT, "bypass", "leak-guard", "tried to send " + secret),
                new AuditEvent.RunEnded("run-1", AT.plusSeconds(5), Outcome.COMPLETED, "done " + secret, RunCounts.ZERO));
    }

    @Test
    void masksExactlyWhatMaskingTheEventsTreeMasks() throws Exception {
        Random random = new Random(16);
        List<String> secrets = List.of(SECRET, "decision", "run-1-secret", "7731000", "123456", "IRREVERSIBLE");
        for (String secret : secrets) {
            SecretMasker masker = SecretMasker.of(secret);
            for (long number : new long[] {7731, 123456, 1234567, 7731000, 42, random.nextInt(1_000_000)}) {
                for (AuditEvent event : events(secret, number)) {
                    String line = written(event, masker);
                    assertThat(line).doesNotContain("\n");
                    // The same JSON as the masked tree, numbers compared by value (the tree turns
                    // 7731.50 into the double 7731.5; written directly it keeps its scale).
                    JsonNode expected = treeMasked(event, masker);
                    assertThat(JSON.readTree(line).equals(SAME_VALUE, expected))
                            .as("%s with secret %s:%n%s%nvs the tree's%n%s", event.getClass().getSimpleName(), secret,
                                    line, expected)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void aSecretInAValueIsMaskedAndTheEventStillReadsBack() throws Exception {
        SecretMasker masker = SecretMasker.of(SECRET);
        for (AuditEvent event : events(SECRET, 7)) {
            String line = written(event, masker);
            assertThat(line).contains(SecretMasker.MASK);
            // Still the same kind of event, read back as one.
            assertThat(JSON.treeToValue(JSON.readTree(line), AuditEvent.class)).isInstanceOf(event.getClass());
        }
        String started = written(events(SECRET, 7).get(0), masker);
        // The run id is never masked (readers group by it); the principal is.
        assertThat(JSON.readTree(started).get("runId").asText()).isEqualTo("run-" + SECRET);
        assertThat(JSON.readTree(started).get("principal").asText()).isEqualTo("alex " + SecretMasker.MASK);
    }

    @Test
    void aNumberWhoseDigitsHoldASecretIsWrittenAsTheMaskedString() throws Exception {
        SecretMasker masker = SecretMasker.of("123456");
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("account", 99123456L).put("other", 42)
                .put("amount", new BigDecimal("99123456.50"));
        String line = written(new AuditEvent.ExecutionStarted("run-1", AT, "c1", "pay", Impact.IRREVERSIBLE, arguments),
                masker);
        JsonNode written = JSON.readTree(line).get("arguments");
        assertThat(written.get("account").asText()).isEqualTo("99" + SecretMasker.MASK);
        assertThat(written.get("amount").asText()).isEqualTo("99" + SecretMasker.MASK + ".50");
        assertThat(written.get("other").isInt()).isTrue();
        assertThat(line).doesNotContain("123456");
    }

    @Test
    void rawJsonInAnEventIsRefusedRatherThanWrittenUnmasked() {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        arguments.putRawValue("body", new RawValue("\"the code is " + SECRET + "\""));
        AuditEvent event = new AuditEvent.ExecutionStarted("run-1", AT, "c1", "send_email", Impact.IRREVERSIBLE,
                arguments);
        assertThatThrownBy(() -> written(event, SecretMasker.of(SECRET)))
                .hasMessageContaining("raw JSON");
    }

    @Test
    void binaryIsWrittenAsItsMaskedBase64Text() throws Exception {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("file", bytes);
        String line = written(new AuditEvent.ExecutionStarted("run-1", AT, "c1", "upload", Impact.WRITE, arguments),
                SecretMasker.of(SECRET));
        assertThat(line).doesNotContain(Base64.getEncoder().encodeToString(bytes)).contains(SecretMasker.MASK);
        String plain = written(new AuditEvent.ExecutionStarted("run-1", AT, "c1", "upload", Impact.WRITE, arguments),
                Redactor.none());
        assertThat(JSON.readTree(plain).get("arguments").get("file").binaryValue()).isEqualTo(bytes);
    }
}
