package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every result of a red-team run, and the scorecard per level. Immutable.
 *
 * @param results one per scenario and level, in the order played
 */
public record Report(List<ScenarioResult> results) {

    public Report {
        results = List.copyOf(requireNonNull(results, "results is null"));
    }

    /** The scorecard per level played, by level. */
    public Map<SafetyLevel, LevelSummary> summary() {
        Map<SafetyLevel, LevelSummary> summary = new TreeMap<>();
        for (ScenarioResult result : results) {
            summary.merge(result.level(), LevelSummary.EMPTY.plus(result), (a, b) -> a.plus(result));
        }
        return Collections.unmodifiableMap(summary);
    }

    /**
     * The scorecard per reviewer, then per level: what the same library does with a reviewer who
     * denies, one who approves only routine requests, one who approves everything.
     */
    public Map<String, Map<SafetyLevel, LevelSummary>> summaryByReviewer() {
        Map<String, Map<SafetyLevel, LevelSummary>> byReviewer = new java.util.LinkedHashMap<>();
        for (ScenarioResult result : results) {
            byReviewer.computeIfAbsent(result.reviewer(), r -> new TreeMap<>())
                    .merge(result.level(), LevelSummary.EMPTY.plus(result), (a, b) -> a.plus(result));
        }
        byReviewer.replaceAll((r, levels) -> Collections.unmodifiableMap(levels));
        return Collections.unmodifiableMap(byReviewer);
    }

    /** The results played with {@code reviewer}. */
    public Report of(String reviewer) {
        return new Report(results.stream().filter(r -> r.reviewer().equals(reviewer)).toList());
    }

    /** True when every result passed (and there was at least one). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
    }

    public List<ScenarioResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
