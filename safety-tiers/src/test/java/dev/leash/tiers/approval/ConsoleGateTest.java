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
    void noAnswerInTimeIsATimeout() throws Exception {
        try (PipedWriter keyboard = new PipedWriter(); PipedReader in = new PipedReader(keyboard)) {
            ConsoleGate gate = new ConsoleGate(out, in, Duration.ofMillis(200));

            assertThat(gate.review(request)).isInstanceOf(ApprovalResult.TimedOut.class);
        }
    }
}
