package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.guards.internal.CallViews;
import dev.leash.guards.internal.ViewMemo;
import dev.leash.guards.internal.Views;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The views of a text scanned for the audit record of a step are not read again by the leak guard
 * that then checks the call, and what the guard is given is exactly what reading them gives, for
 * the secrets as they are when the guard asks.
 */
class LeakScanMemoTest {

    private static final String RECIPIENT = "bob@partner.example";

    @Test
    void theGuardDoesNotReadAgainWhatTheAuditRecordRead() {
        SecretRegistry registry = new SecretRegistry().addValue(LeakGuardTest.SECRET);
        LeakGuard guard = new LeakGuard(registry);
        SecretRedactor redactor = new SecretRedactor(registry); // a detector of its own, as the agent loop has
        ProposedCall call = Calls.writeFile(Calls.Run.of("Write notes"), "workspace/notes.txt",
                LeakGuardLongArgumentTest.PROSE + " nothing to hide");
        String audited = call.call().tool() + call.call().argumentsJson();
        List<Views.View> views = CallViews.of(call);

        assertThat(redactor.redact(audited)).isEqualTo(audited);
        long before = LeakDetector.viewsRead();
        assertThat(guard.evaluate(call)).isEmpty();
        long readByTheGuard = LeakDetector.viewsRead() - before;

        int ofTheAuditedText = ViewMemo.of(audited).size();
        assertThat(readByTheGuard).as("views read by the guard, of %d in all, %d of them the audited text's",
                views.size(), ofTheAuditedText).isEqualTo(views.size() - ofTheAuditedText);
    }

    @Test
    void aSecretRegisteredBetweenTheAuditAndTheGuardIsFoundAndTheViewsAreReadAgain() {
        SecretRegistry registry = new SecretRegistry().addValue(LeakGuardTest.NUMERIC);
        ProposedCall call = Calls.sendEmail(Calls.Run.of("Answer"), RECIPIENT, "Minutes",
                LeakGuardLongArgumentTest.middle("payload=" + LeakGuardTest.base64At(2)));
        String audited = call.call().tool() + call.call().argumentsJson();
        assertThat(new SecretRedactor(registry).redact(audited)).isEqualTo(audited);

        registry.addValue(LeakGuardTest.SECRET);
        long before = LeakDetector.viewsRead();
        Optional<Decision> decision = new LeakGuard(registry).evaluate(call);

        assertThat(decision).get().extracting(Decision::rule).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(LeakDetector.viewsRead() - before).as("views read again").isGreaterThanOrEqualTo(ViewMemo.of(audited).size());
    }

    @Test
    void aCanaryPlantedBetweenTheAuditAndTheGuardIsDeniedWithItsOwnRule() {
        SecretRegistry registry = new SecretRegistry().addValue(LeakGuardTest.SECRET);
        String token = SecretRegistry.newCanaryToken();
        ProposedCall call = Calls.writeFile(Calls.Run.of("Write notes"), "workspace/notes.txt",
                LeakGuardLongArgumentTest.middle("Deployment key: " + Base64.getEncoder().encodeToString(
                        token.getBytes(StandardCharsets.UTF_8))));
        String audited = call.call().tool() + call.call().argumentsJson();
        SecretRedactor redactor = new SecretRedactor(registry);
        assertThat(redactor.redact(audited)).isEqualTo(audited);

        registry.addCanary(token);
        Optional<Decision> decision = new LeakGuard(registry).evaluate(call);

        assertThat(decision).get().isInstanceOf(Decision.Deny.class);
        assertThat(decision.get().rule()).isEqualTo(GuardRules.LEAK_CANARY);
        assertThat(decision.get().reason()).isEqualTo("write_file was not run: argument content holds the confidential"
                + " deployment key from the system prompt (base64); it must never leave the deployment, in any form");
        assertThat(redactor.redact(audited)).contains("Deployment key: " + SecretRedactor.CANARY_MARK).doesNotContain(
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aListOfViewsScannedAfterItsTextsGivesWhatAReadingGives() {
        Random random = new Random(61);
        SecretRegistry registry = new SecretRegistry();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String value = LeakScanDifferentialTest.secret(random);
            values.add(value.strip());
            if (i % 7 == 3) {
                registry.add(Secret.Kind.CANARY, "canary " + i, value);
            } else {
                registry.addValue(value);
            }
        }
        LeakDetector audit = new LeakDetector(registry);
        LeakDetector guard = new LeakDetector(registry);
        LeakScanReference reference = LeakScanReference.of(registry);
        for (int t = 0; t < 120; t++) {
            int length = random.nextInt(4) == 0 ? 600 + random.nextInt(3000) : random.nextInt(500);
            String inner = LeakScanDifferentialTest.text(random, values, 40 + random.nextInt(200));
            String text = LeakScanDifferentialTest.text(random, values, length) + " "
                    + Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
            String other = "x " + LeakScanDifferentialTest.text(random, values, random.nextInt(600));
            audit.scan(text); // remembered, view by view
            List<Views.View> ofText = ViewMemo.of(text);
            List<Views.View> ofOther = Views.of(other);
            // as the guard gets them: the texts as written first, then what they decode to
            List<Views.View> views = new ArrayList<>();
            views.add(ofOther.get(0));
            views.add(ofText.get(0));
            views.addAll(ofOther.subList(1, ofOther.size()));
            views.addAll(ofText.subList(1, ofText.size()));
            LeakScanDifferentialTest.assertSame(guard.scan(views), reference.scan(views), reference, text);
            LeakScanDifferentialTest.assertSame(audit.scan(text), reference.scan(ofText), reference, text);
        }
    }
}
