package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.exec.Redactor;
import java.io.PrintWriter;

/**
 * An audit sink that prints a run as it happens, one readable line per event: each step the
 * planner proposes, each decision that is not a plain pass (denials and approvals, with the
 * stage and rule), the policy's allow, each approval question and answer, each call's result,
 * incidents and the end of the run. Secrets are redacted. Thread-safe.
 */
public final class ConsoleReporter implements AuditSink {

    private static final int MAX_DETAIL = 160;

    private final PrintWriter out;
    private final Redactor redactor;

    public ConsoleReporter(PrintWriter out, Redactor redactor) {
        this.out = requireNonNull(out, "out is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
    }

    @Override
    public synchronized void record(AuditEvent event) {
        String line = line(event);
        if (line != null) {
            out.println(redactor.redact(line));
            out.flush();
        }
    }

    /** Prints a line of its own (an alert), redacted. */
    public synchronized void print(String line) {
        out.println(redactor.redact(line));
        out.flush();
    }

    /** The line for {@code event}, or null when it is not worth a line of its own. */
    static String line(AuditEvent event) {
        if (event instanceof AuditEvent.RunStarted e) {
            return "run " + e.runId() + " started at " + e.level() + " for " + e.principal() + "\n  offered tools: "
                    + String.join(", ", e.tools());
        }
        if (event instanceof AuditEvent.StepProposed e) {
            return "step " + e.turn() + ": " + e.kind().replace('_', ' ') + " " + shorten(e.detail());
        }
        if (event instanceof AuditEvent.CallDecided e) {
            if ("allow".equals(e.decision())) {
                return "policy".equals(e.stage()) ? "  " + e.tool() + impact(e) + ": allowed by " + e.rule() : null;
            }
            String verdict = "deny".equals(e.decision()) ? "DENIED" : "needs approval";
            return "  " + e.tool() + impact(e) + ": " + verdict + " at " + e.stage() + " by " + e.rule()
                    + (e.reason() == null || e.reason().isBlank() ? "" : ": " + shorten(e.reason()));
        }
        if (event instanceof AuditEvent.ApprovalRequested e) {
            return "  " + e.tool() + ": asking for approval of " + (e.arguments() == null ? "{}" : shorten(e.arguments().toString()))
                    + " [call hash " + e.callHash().substring(0, Math.min(12, e.callHash().length())) + "]";
        }
        if (event instanceof AuditEvent.ApprovalAnswered e) {
            return "  approval: " + e.result() + " by " + e.reviewer() + (e.detail() == null || e.detail().isBlank() ? ""
                    : " (" + shorten(e.detail()) + ")");
        }
        if (event instanceof AuditEvent.ExecutionFinished e) {
            return "  " + e.tool() + ": " + e.status() + " in " + e.durationMillis() + " ms"
                    + (e.detail() == null || e.detail().isBlank() ? "" : ": " + shorten(e.detail()));
        }
        if (event instanceof AuditEvent.Incident e) {
            return "  INCIDENT " + e.kind() + " (" + e.rule() + "): " + shorten(e.detail());
        }
        if (event instanceof AuditEvent.RunEnded e) {
            return "run ended: " + e.outcome() + " (" + count(e.counts().executedCalls(), "call") + " ran, " + e.counts().denials()
                    + " denied, " + count(e.counts().approvalsRequested(), "approval") + " asked)\n  answer: " + shorten(e.answer());
        }
        return null;
    }

    private static String impact(AuditEvent.CallDecided e) {
        return e.impact() == null ? "" : " (" + e.impact().label() + ")";
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace("\r", "").replace("\n", " | ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
