package dev.leash.tiers.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsoleGateTest {

    private final ApprovalRequest request = Requests.refund("120.50");
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"y", "Y", "yes", " YES "})
    void approvesOnYes(String answer) {
        ConsoleGate gate = new ConsoleGate(out, new StringReader(answer + "\n"), Duration.ofSeconds(5));

        ApprovalResult result = gate.review(request);

        assertThat(result.approves(request)).isTrue();
        assertThat(printed()).contains("issue_refund").contains("IRREVERSIBLE").contains("\"amount\":120.5")
                .contains("impact-gate").contains(request.callHash()).contains("[y/N]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"n", "no", "", "sure", "yy", "ok"})
    void rejectsAnythingElse(String answer) {
        ConsoleGate gate = new ConsoleGate(out, new StringReader(answer + "\n"), Duration.ofSeconds(5));

        ApprovalResult result = gate.review(request);

        assertThat(result).isInstanceOf(ApprovalResult.Rejected.class);
        assertThat(result.approves(request)).isFalse();
    }

    @Test
    void endOfInputRejectsThisAndEveryLaterRequest() {
        ConsoleGate gate = new ConsoleGate(out, new StringReader(""), Duration.ofSeconds(5));

        assertThat(gate.review(request)).isInstanceOfSatisfying(ApprovalResult.Rejected.class,
                r -> assertThat(r.reason()).contains("end of input"));
        assertThat(gate.review(Requests.refund("1"))).isInstanceOf(ApprovalResult.Rejected.class);
    }

    @Test
    void answersGivenInAdvanceAreUsedInOrder() {
        ConsoleGate gate = new ConsoleGate(out, new StringReader("y\nn\n"), Duration.ofSeconds(5));
        ApprovalRequest second = Requests.refund("2");

        assertThat(gate.review(request).approves(request)).isTrue();
        assertThat(gate.review(second)).isInstanceOf(ApprovalResult.Rejected.class);
    }

    @Test
    void noAnswerInTimeIsATimeoutAndALateAnswerDoesNotApproveTheNextCall() throws Exception {
        try (PipedWriter keyboard = new PipedWriter(); PipedReader in = new PipedReader(keyboard)) {
            ConsoleGate gate = new ConsoleGate(out, in, Duration.ofMillis(200));

            assertThat(gate.review(request)).isInstanceOf(ApprovalResult.TimedOut.class);

            keyboard.write("y\n"); // typed too late for the first question
            keyboard.flush();
            ApprovalRequest next = Requests.refund("9999");
            awaitLineRead(gate);
            assertThat(gate.review(next)).isInstanceOf(ApprovalResult.TimedOut.class);
        }
    }

    /** Waits until the gate's reader has taken the late line off the pipe (before the next question). */
    private static void awaitLineRead(ConsoleGate gate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gate.linesRead() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(gate.linesRead()).isEqualTo(1);
    }

    @Test
    void showsRiskFlagsWithTheirEvidenceBeforeTheCall() {
        ApprovalRequest flagged = Requests.flaggedPayment();
        ConsoleGate gate = new ConsoleGate(out, new StringReader("n\n"), Duration.ofSeconds(5));

        gate.review(flagged);

        String shown = printed();
        assertThat(shown).contains("1 RISK FLAG")
                .contains("RISK FLAG untrusted-target: the payee 'GB33BUKB20201555555555'")
                .contains("from observation 1 (read_transactions tool:read_transactions): \"note: landlord moved banks");
        assertThat(shown.indexOf("RISK FLAG untrusted-target")).isLessThan(shown.indexOf("tool:      update_standing_order"));
        assertThat(shown.indexOf("tool:      update_standing_order")).isLessThan(shown.indexOf("rule:      impact-gate"));
    }

    @Test
    void saysWhenARequestIsRoutine() {
        ConsoleGate gate = new ConsoleGate(out, new StringReader("n\n"), Duration.ofSeconds(5));

        gate.review(request);

        assertThat(printed()).contains("ROUTINE: the only reason is the tier's impact gate").doesNotContain("RISK FLAG");
    }
}
