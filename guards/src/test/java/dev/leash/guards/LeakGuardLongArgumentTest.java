package dev.leash.guards;

import static dev.leash.guards.Calls.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Calls with a long argument, whose body the guards read once (decoded for the step's audit record
 * and shared): every secret is still found, with the rule and reason it was always given.
 */
class LeakGuardLongArgumentTest {

    static final String SECRET = LeakGuardTest.SECRET;
    static final String NUMERIC = LeakGuardTest.NUMERIC;
    static final String PROSE = "We shipped the release and the incident review is booked for Thursday. ".repeat(40);
    static final String RECIPIENT = "bob@partner.example";

    private final SecretRegistry registry = new SecretRegistry().addValue(SECRET).addValue(NUMERIC);
    private final LeakDetector detector = new LeakDetector(registry);
    private final LeakGuard guard = new LeakGuard(detector);

    @Test
    void deniesASecretSplitBetweenAShortArgumentAndTheStartOfALongOne() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "code QS-7731", "-ALPHA " + PROSE);

        assertDenied(call, GuardRules.LEAK_SECRET, "send_email was not run: the outgoing content, split across parts holds a"
                + " protected secret (safety.secrets.values[0], written plain); secrets must never leave the deployment, in any form");
    }

    @Test
    void deniesASecretSplitBetweenTheEndOfALongArgumentAndAnAttachment() {
        ProposedCall call = Calls.call(Calls.Run.of("Answer"), "send_email", Impact.IRREVERSIBLE,
                args("to", RECIPIENT, "subject", "Minutes", "body", PROSE + " code QS-7731"), List.of(Target.recipient(RECIPIENT)),
                new OutboundContent.Part("attachment notes.txt", "-ALPHA, as agreed."));

        assertDenied(call, GuardRules.LEAK_SECRET, "send_email was not run: the outgoing content, split across parts holds a"
                + " protected secret (safety.secrets.values[0], written plain); secrets must never leave the deployment, in any form");
    }

    @Test
    void deniesASecretOnlyInAnArgumentName() {
        ObjectNode arguments = args("to", RECIPIENT, "body", PROSE);
        arguments.put(SECRET, "yes");

        assertDenied(bodyOnly(arguments), GuardRules.LEAK_SECRET, "send_email was not run: the outgoing content, split across"
                + " parts holds a protected secret (safety.secrets.values[0], written plain); secrets must never leave the"
                + " deployment, in any form");
    }

    @Test
    void deniesASecretOnlyInANumber() {
        ObjectNode arguments = args("to", RECIPIENT, "body", PROSE);
        arguments.put("reference", Long.parseLong(NUMERIC));

        assertDenied(bodyOnly(arguments), GuardRules.LEAK_SECRET, "send_email was not run: the outgoing content, split across"
                + " parts holds a protected secret (safety.secrets.values[1], written plain); secrets must never leave the"
                + " deployment, in any form");
    }

    @Test
    void deniesASecretWrittenPlainlyInTheMiddleOfALongArgument() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", middle("The code is " + SECRET + "."));

        assertDenied(call, GuardRules.LEAK_SECRET, "send_email was not run: argument body holds a protected secret"
                + " (safety.secrets.values[0], written plain); secrets must never leave the deployment, in any form");
    }

    @Test
    void deniesASecretEncodedInTheMiddleOfALongArgument() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", middle("payload=" + LeakGuardTest.base64At(1)));

        assertDenied(call, GuardRules.LEAK_SECRET, "send_email was not run: argument body holds a protected secret"
                + " (safety.secrets.values[0], written base64); secrets must never leave the deployment, in any form");
    }

    @Test
    void deniesASecretThreeLayersDeepInALongArgumentThatJsonEscapes() {
        // a letter's line breaks: the arguments' JSON writes the body with escapes, and the body
        // is read there with them undone, as deep as on its own
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        String layered = "deploy: " + SECRET;
        for (int layer = 0; layer < 3; layer++) {
            layered = base64.encodeToString(layered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // split by tabs, which JSON writes as \t: only with the escapes undone does the run join up
        String split = layered.replaceAll("(.{10})", "$1\t");
        String letter = PROSE.replace(". ", ".\n\n");
        String body = letter.substring(0, letter.length() / 2) + "blob " + split + "\n" + letter.substring(letter.length() / 2);
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", body);

        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
        // named as the body's own decodings: the escapes are the JSON's, not the body's
        assertThat(decision.get().reason()).startsWith("send_email was not run: argument body holds a protected secret"
                + " (safety.secrets.values[0], written base64 > base64 > base64");
    }

    @Test
    void deniesACanaryInTheMiddleOfALongArgumentWithItsOwnRule() {
        Secret canary = registry.plantCanary();
        ProposedCall call = Calls.writeFile(Calls.Run.of("Write notes"), "workspace/notes.txt",
                middle("Deployment key: " + canary.value().toUpperCase()));

        assertDenied(call, GuardRules.LEAK_CANARY, "write_file was not run: argument content holds the confidential deployment"
                + " key from the system prompt (plain); it must never leave the deployment, in any form");
    }

    @Test
    void findsASecretAddedAfterTheCallWasDecodedForTheAuditRecord() {
        SecretRegistry growing = new SecretRegistry().addValue(NUMERIC);
        LeakDetector shared = new LeakDetector(growing);
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", middle("payload=" + LeakGuardTest.base64At(2)));
        String audited = call.call().tool() + call.call().argumentsJson();
        assertThat(new SecretRedactor(shared).redact(audited)).isEqualTo(audited); // decoded now, nothing known to find

        growing.addValue(SECRET);

        Optional<Decision> decision = new LeakGuard(shared).evaluate(call);
        assertThat(decision).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(new SecretRedactor(shared).redact(audited)).isEqualTo(SecretRedactor.WITHHELD);
    }

    @Test
    void deniesASecretEncodedThreeLayersDeepInALongAttachmentWithLineBreaks() throws Exception {
        // base64 of gzip of base64 of the secret, in the middle of MIME base64 of other bytes: a
        // body JSON writes with escapes (its line breaks), read through the call's unescaped view
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(gzipped)) {
            gz.write(java.util.Base64.getEncoder().encode(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        byte[] other = new byte[6000];
        new java.util.Random(5).nextBytes(other);
        String attachment = java.util.Base64.getMimeEncoder().encodeToString(other) + "\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(gzipped.toByteArray()) + "\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(other);
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", attachment);

        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(decision.get().reason()).contains("written base64 > compressed > base64");
    }

    @Test
    void letsALongArgumentWithoutSecretsPass() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes", PROSE);

        assertThat(guard.evaluate(call)).isEmpty();
    }

    private void assertDenied(ProposedCall call, String rule, String reason) {
        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).get().isInstanceOf(Decision.Deny.class);
        assertThat(decision.get().rule()).isEqualTo(rule);
        assertThat(decision.get().reason()).isEqualTo(reason);
    }

    /** {@code text} in the middle of the long prose, far from both ends. */
    static String middle(String text) {
        return PROSE.substring(0, PROSE.length() / 2) + text + " " + PROSE.substring(PROSE.length() / 2);
    }

    /** A send_email call whose tool sends only the body: the other arguments are in the JSON alone. */
    static ProposedCall bodyOnly(ObjectNode arguments) {
        return new ProposedCall(ToolCall.of("send_email", arguments), ToolSpec.of("send_email", "send_email", Impact.IRREVERSIBLE),
                Impact.IRREVERSIBLE, List.of(Target.recipient(RECIPIENT)),
                OutboundContent.of(List.of(new OutboundContent.Part("argument body", arguments.get("body").asText()))),
                Calls.Run.of("Answer"));
    }
}
