package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every result of a red-team run, and the scorecard per level. Immutable.
 *
 * @param results one per scenario, level and trial, in the order played
 * @param planner what proposed the steps: {@value #SCRIPTED} (each scenario's script, the worst case)
 *     or {@value #MODEL} (a live model)
 * @param model the model's name when {@code planner} is {@value #MODEL}
 */
public record Report(List<ScenarioResult> results, String planner, Optional<String> model) {

    /** {@link #planner()} of runs played with the scenarios' scripts. */
    public static final String SCRIPTED = "scripted";
    /** {@link #planner()} of runs played with a live model. */
    public static final String MODEL = "model";

    public Report {
        results = List.copyOf(requireNonNull(results, "results is null"));
        requireNonNull(planner, "planner is null");
        requireNonNull(model, "model is null");
    }

    /** Results played with the scenarios' scripts. */
    public Report(List<ScenarioResult> results) {
        this(results, SCRIPTED, Optional.empty());
    }

    /** Whether the steps were proposed by a live model. */
    public boolean byModel() {
        return MODEL.equals(planner);
    }

    /**
     * The scorecard per scenario, then per level: with {@code --trials N}, how often each scenario
     * was attempted and harmed in its N trials.
     */
    public Map<String, Map<SafetyLevel, LevelSummary>> summaryByScenario() {
        Map<String, Map<SafetyLevel, LevelSummary>> byScenario = new java.util.LinkedHashMap<>();
        for (ScenarioResult result : results) {
            byScenario.computeIfAbsent(result.scenario(), r -> new TreeMap<>())
                    .merge(result.level(), LevelSummary.EMPTY.plus(result), (a, b) -> a.plus(result));
        }
        byScenario.replaceAll((r, levels) -> Collections.unmodifiableMap(levels));
        return Collections.unmodifiableMap(byScenario);
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
        return new Report(results.stream().filter(r -> r.reviewer().equals(reviewer)).toList(), planner, model);
    }

    /** True when every result passed (and there was at least one). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
    }

    public List<ScenarioResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
