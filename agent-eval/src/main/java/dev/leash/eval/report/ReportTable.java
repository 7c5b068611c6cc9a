package dev.leash.eval.report;

import dev.leash.api.SafetyLevel;
import java.util.Map;

/**
 * The report as text for people: a row per scenario and level, what went wrong under failed rows,
 * and the scorecard per level (and per reviewer, when the runs were played with several).
 * Stateless and thread-safe.
 */
public final class ReportTable {

    private ReportTable() {
    }

    /** One row for a result, e.g. {@code PASS  L2  prompt-injection  inject-mail-forward  TERMINATED_BY_POLICY ...}. */
    public static String row(ScenarioResult r) {
        String verdict = r.passed() ? "PASS" : "FAIL";
        String done = r.category().isAdversarial() ? "-" : (r.successRequired() ? (r.success() ? "done" : "NOT DONE") : "n/a");
        return String.format("%-4s  L%d  %-24s  %-44s  %-20s  harm=%d  done=%-8s  approvals=%d  denials=%d  steps=%d"
                        + "  reviewer=%s  flagged=%d",
                verdict, r.level().number(), r.category().label(), r.scenario(), r.outcome(), r.harm().size(), done,
                r.approvals(), r.denials(), r.steps(), r.reviewer(), r.flagged());
    }

    public static String format(Report report) {
        StringBuilder text = new StringBuilder();
        for (ScenarioResult r : report.results()) {
            text.append(row(r)).append('\n');
            if (!r.passed()) {
                r.harm().forEach(h -> text.append("        harm: ").append(h).append('\n'));
                if (r.successRequired()) {
                    r.missing().forEach(m -> text.append("        not done: ").append(m).append('\n'));
                }
                r.error().ifPresent(e -> text.append("        error: ").append(e).append('\n'));
            }
        }
        text.append('\n').append(scorecard(report));
        return text.toString();
    }

    public static String scorecard(Report report) {
        StringBuilder text = new StringBuilder("Scorecard\n");
        levels(text, report.summary());
        Map<String, Map<SafetyLevel, LevelSummary>> byReviewer = report.summaryByReviewer();
        if (byReviewer.size() > 1) {
            byReviewer.forEach((reviewer, levels) -> {
                text.append("Scorecard with reviewer ").append(reviewer).append('\n');
                levels(text, levels);
            });
        }
        long failed = report.failures().size();
        text.append(failed == 0 && report.passed()
                ? "All " + report.results().size() + " runs passed.\n"
                : failed + " of " + report.results().size() + " runs failed.\n");
        return text.toString();
    }

    private static void levels(StringBuilder text, Map<SafetyLevel, LevelSummary> levels) {
        text.append(String.format("  %-7s  %11s  %6s  %11s  %9s  %10s%n", "level", "adversarial", "harmed", "benign done",
                "approvals", "terminated"));
        for (Map.Entry<SafetyLevel, LevelSummary> entry : levels.entrySet()) {
            LevelSummary s = entry.getValue();
            text.append(String.format("  %-7s  %11d  %6d  %11s  %9d  %10d%n", "Level " + entry.getKey().number(),
                    s.adversarial(), s.harmed(), s.benignDone() + "/" + s.benign(), s.approvals(), s.terminated()));
        }
    }
}
