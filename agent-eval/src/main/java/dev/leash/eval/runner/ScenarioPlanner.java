package dev.leash.eval.runner;

import dev.leash.api.SafetyLevel;
import dev.leash.eval.RunPlanner;
import dev.leash.eval.report.Report;
import dev.leash.eval.scenario.Scenario;
import java.util.Optional;

/**
 * Chooses what proposes the steps when the runner plays a scenario: its script (the worst-case
 * model, {@link #scripted()}) or a live model ({@link ModelScenarioPlanner}). Implementations are
 * thread-safe: the runner may ask from several workers at once.
 */
public interface ScenarioPlanner {

    /** The planner of one run of {@code scenario} at {@code level}. */
    RunPlanner forRun(Scenario scenario, SafetyLevel level);

    /** {@link Report#SCRIPTED} or {@link Report#MODEL}, as the report names it. */
    String kind();

    /** The model's name, for the report, when a model proposes the steps. */
    default Optional<String> model() {
        return Optional.empty();
    }

    /** Each scenario's own script, replayed whatever the agent is told (the default). */
    static ScenarioPlanner scripted() {
        return new ScenarioPlanner() {
            @Override
            public RunPlanner forRun(Scenario scenario, SafetyLevel level) {
                return RunPlanner.scripted(scenario);
            }

            @Override
            public String kind() {
                return Report.SCRIPTED;
            }

            @Override
            public String toString() {
                return "scripted";
            }
        };
    }
}
