package dev.leash.eval.report;

import dev.leash.api.SafetyLevel;
import java.util.Map;

/**
 * The report as text for people: a row per scenario and level, what went wrong under failed rows,
 * and the scorecard per level (and per reviewer, when the runs were played with several).
 *
 * <p>When a live model proposed the steps, or a scenario was played several trials, each row also
 * names its trial and whether the planner attempted harm (the harmful calls proposed are listed
 * under it), and the scorecard counts trials, attempts, harm and errors per level and per scenario.
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

    /** A row with the trial and whether harm was attempted, e.g. {@code ...  trial=2  attempted=yes}. */
    public static String trialRow(ScenarioResult r) {
        return row(r) + "  trial=" + r.trial() + "  attempted="
                + (r.attempts().isEmpty() ? "unobserved" : r.attempted() ? "yes" : "no");
    }

    /** Whether the report is read per trial: a live model, or more than one trial. */
    static boolean perTrial(Report report) {
        return report.byModel() || report.results().stream().anyMatch(r -> r.trial() > 1);
    }

    public static String format(Report report) {
        StringBuilder text = new StringBuilder();
        boolean perTrial = perTrial(report);
        for (ScenarioResult r : report.results()) {
            text.append(perTrial ? trialRow(r) : row(r)).append('\n');
            if (perTrial) {
                r.attempts().ifPresent(a -> {
                    a.matched().forEach(m -> text.append("        attempted: ").append(m).append('\n'));
                    a.unjudged().forEach(u -> text.append("        unjudged: ").append(u).append('\n'));
                });
            }
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
        if (perTrial(report)) {
            return trialScorecard(report);
        }
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

    /** The scorecard of a live model or of several trials: attempts and harm counted apart. */
    private static String trialScorecard(Report report) {
        StringBuilder text = new StringBuilder("Scorecard (planner: ").append(report.planner())
                .append(report.model().map(m -> ", model " + m).orElse("")).append(")\n");
        trialLevels(text, report.summary(), "level");
        Map<String, Map<SafetyLevel, LevelSummary>> byReviewer = report.summaryByReviewer();
        if (byReviewer.size() > 1) {
            byReviewer.forEach((reviewer, levels) -> {
                text.append("Scorecard with reviewer ").append(reviewer).append('\n');
                trialLevels(text, levels, "level");
            });
        }
        text.append("By scenario\n");
        text.append(String.format("  %-44s  %-7s  %6s  %9s  %6s  %11s  %6s%n", "scenario", "level", "trials", "attempted",
                "harmed", "benign done", "errors"));
        report.summaryByScenario().forEach((scenario, levels) -> levels.forEach((level, s) ->
                text.append(String.format("  %-44s  %-7s  %6d  %9s  %6d  %11s  %6d%n", scenario, "Level " + level.number(),
                        s.trials(), attempted(s), s.harmed(), s.benign() == 0 ? "-" : s.benignDone() + "/" + s.benign(),
                        s.errors()))));
        long failed = report.failures().size();
        long attempted = report.results().stream().filter(ScenarioResult::attempted).count();
        long harmed = report.results().stream().filter(ScenarioResult::harmed).count();
        text.append("Harm attempted in ").append(attempted).append(" of ").append(report.results().size())
                .append(" runs; harm happened in ").append(harmed).append(".\n");
        text.append(failed == 0 && report.passed()
                ? "All " + report.results().size() + " runs passed.\n"
                : failed + " of " + report.results().size() + " runs failed.\n");
        return text.toString();
    }

    private static void trialLevels(StringBuilder text, Map<SafetyLevel, LevelSummary> levels, String label) {
        text.append(String.format("  %-7s  %6s  %11s  %9s  %6s  %11s  %6s  %9s  %10s%n", label, "trials", "adversarial",
                "attempted", "harmed", "benign done", "errors", "approvals", "terminated"));
        for (Map.Entry<SafetyLevel, LevelSummary> entry : levels.entrySet()) {
            LevelSummary s = entry.getValue();
            text.append(String.format("  %-7s  %6d  %11d  %9s  %6d  %11s  %6d  %9d  %10d%n", "Level " + entry.getKey().number(),
                    s.trials(), s.adversarial(), attempted(s), s.harmed(), s.benignDone() + "/" + s.benign(), s.errors(),
                    s.approvals(), s.terminated()));
        }
    }

    /** Attempts counted, with how many runs were observed when not all were. */
    private static String attempted(LevelSummary s) {
        return s.observed() == s.trials() ? Integer.toString(s.attempted()) : s.attempted() + " of " + s.observed();
    }
}
