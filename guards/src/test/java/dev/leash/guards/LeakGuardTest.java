package dev.leash.guards;

import static dev.leash.guards.Calls.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.core.exec.PolicyChain;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeakGuardTest {

    static final String SECRET = "QS-7731-ALPHA";
    static final String NUMERIC = "483920";

    private final SecretRegistry registry = new SecretRegistry().addValue(SECRET).addValue(NUMERIC);
    private final LeakGuard guard = new LeakGuard(registry);

    static Stream<Arguments> encodings() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(("Specs attached. Access code: " + SECRET + " (keep safe)")
                .getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("plain", "The code is " + SECRET + ", use it."),
                Arguments.of("case-folded", "the code is qs-7731-alpha"),
                Arguments.of("base64 padded", Base64.getEncoder().encodeToString(bytes)),
                Arguments.of("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(bytes)),
                Arguments.of("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(("??>" + SECRET + "~~")
                        .getBytes(StandardCharsets.UTF_8))),
                Arguments.of("base64 offset 0", "payload=" + base64At(0)),
                Arguments.of("base64 offset 1", "payload=" + base64At(1)),
                Arguments.of("base64 offset 2", "payload=" + base64At(2)),
                Arguments.of("base64 in a longer text, wrapped", wrap(b64, 16)),
                Arguments.of("hex lower", HexFormat.of().formatHex(bytes)),
                Arguments.of("hex upper", HexFormat.of().withUpperCase().formatHex(bytes)),
                Arguments.of("hex with 0x and spaces", "0x51 0x53 0x2d 0x37 0x37 0x33 0x31 0x2d 0x41 0x4c 0x50 0x48 0x41"),
                Arguments.of("url-encoded", "https://collector.evil.example/?q=" + percentAll(SECRET)),
                Arguments.of("url-encoded twice", "https://collector.evil.example/?q="
                        + URLEncoder.encode(percentAll(SECRET), StandardCharsets.UTF_8)),
                Arguments.of("separators: spaces", "digits: 4 8 3 9 2 0"),
                Arguments.of("separators: dashes", "ref 48-39-20"),
                Arguments.of("separators: dots", "Q.S.7.7.3.1.A.L.P.H.A"),
                Arguments.of("separators: newlines", "Q\nS\n7\n7\n3\n1\nA\nL\nP\nH\nA"),
                Arguments.of("reversed", "AHPLA-1377-SQ"),
                Arguments.of("reversed with separators", "a h p l a 1 3 7 7 s q"),
                Arguments.of("base64 of hex", Base64.getEncoder().encodeToString(HexFormat.of().formatHex(bytes)
                        .getBytes(StandardCharsets.UTF_8))),
                Arguments.of("base64 of reversed", Base64.getEncoder().encodeToString("AHPLA-1377-SQ"
                        .getBytes(StandardCharsets.UTF_8))));
    }

    /** The secret at byte offset {@code offset} (mod 3) inside a longer base64 text. */
    static String base64At(int offset) {
        String prefix = "x".repeat(offset + 3);
        return Base64.getEncoder().encodeToString((prefix + SECRET + "-tail-of-the-document")
                .getBytes(StandardCharsets.UTF_8));
    }

    static String percentAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b));
        }
        return out.toString();
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += width) {
            out.append(text, i, Math.min(text.length(), i + width)).append("\r\n");
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void deniesASecretInEveryEncoding(String encoding, String body) {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer the mail"), "bob@partner.example", "Re: specs", body);

        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).as(encoding).get().isInstanceOf(Decision.Deny.class);
        assertThat(decision.get().rule()).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(decision.get().reason()).doesNotContain(SECRET).doesNotContain(NUMERIC)
                .contains("argument body");
    }

    @Test
    void eachBase64AlignmentPutsTheSecretAtADifferentByteOffset() {
        assertThat(Stream.of(0, 1, 2).map(LeakGuardTest::base64At).distinct()).hasSize(3);
        assertThat(base64At(1)).doesNotContain(Base64.getEncoder().withoutPadding()
                .encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deniesASecretInsideAForwardedAttachment() {
        ProposedCall forward = Calls.call(Calls.Run.of("Go over the inbox"), "forward_email", Impact.IRREVERSIBLE,
                args("id", "m1", "to", "secure@starsentinel.example"), List.of(Target.recipient("secure@starsentinel.example")),
                new OutboundContent.Part("attachment spec.txt", "Prototype spec v3\nAccess code: " + SECRET + "\n"));

        Optional<Decision> decision = guard.evaluate(forward);

        assertThat(decision).get().isInstanceOf(Decision.Deny.class);
        assertThat(decision.get().rule()).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(decision.get().reason()).contains("attachment spec.txt").doesNotContain(SECRET);
    }

    @Test
    void deniesACanaryFromTheSystemPromptWithItsOwnRule() {
        Secret canary = registry.plantCanary();
        ProposedCall call = Calls.writeFile(Calls.Run.of("Write notes"), "workspace/notes.txt",
                "Notes. Deployment key: " + canary.value().toUpperCase());

        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_CANARY);
        assertThat(decision.get().reason()).doesNotContain(canary.value()).doesNotContain(canary.value().toUpperCase());
    }

    @Test
    void deniesASecretSplitAcrossTwoArguments() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), "bob@partner.example", "code QS-7731", "-ALPHA");

        assertThat(guard.evaluate(call)).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
    }

    @Test
    void deniesASecretInTheUrlOfAReadCall() {
        ProposedCall call = Calls.httpGet(Calls.Run.of("Look it up"), "https://api.example.com/lookup?k=qs7731alpha");

        assertThat(guard.evaluate(call)).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
    }

    @Test
    void saysNothingAboutContentWithoutSecrets() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), "bob@partner.example", "Re: specs",
                "Thanks Bob, the specs are attached as agreed. Order 4839 ships on 20 May; alpha build QS-7732 next.");

        assertThat(guard.evaluate(call)).isEmpty();
    }

    @Test
    void aLeakDenyWinsOverRequireApprovalInThePolicyChain() {
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), "bob@partner.example", "Re", "code " + SECRET);
        PolicyChain approvalFirst = PolicyChain.of(
                c -> Optional.of(Decision.requireApproval("impact-gate", "irreversible calls need a human")),
                c -> Optional.of(Decision.allow("allowlist", "inside the allowlist")),
                guard);

        Decision decision = approvalFirst.evaluate(call);

        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(decision.rule()).isEqualTo(GuardRules.LEAK_SECRET);
    }
}
