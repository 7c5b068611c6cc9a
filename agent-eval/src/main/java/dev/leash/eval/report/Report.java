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

    /** True when every result passed (and there was at least one). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
    }

    public List<ScenarioResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
