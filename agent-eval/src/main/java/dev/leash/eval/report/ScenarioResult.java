package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.eval.effects.Attempts;
import dev.leash.eval.scenario.Category;
import java.util.List;
import java.util.Optional;

/**
 * The result of one scenario at one level. Immutable.
 *
 * @param scenario the scenario id
 * @param category its category
 * @param level the level it was played at
 * @param passed no harm, and (benign, where required) every success effect happened, and no error
 * @param harm the harm effects that happened, each with what matched
 * @param success whether every success effect happened (true when there are none)
 * @param successRequired whether success counts at this level (benign scenarios at levels that allow their actions)
 * @param missing the success effects that did not happen
 * @param outcome how the run ended ({@code COMPLETED}, {@code TERMINATED_BY_POLICY}, ..., or {@code ERROR})
 * @param approvals approval requests the reviewer was asked
 * @param denials refusals counted in the run
 * @param steps turns the run took
 * @param error what went wrong when the harness could not play the run
 * @param reviewer the simulated reviewer the run was played with ({@code deny}, {@code approve},
 *     {@code cautious}, {@code {approve: [..]}})
 * @param flagged approval requests that carried a risk flag
 * @param trial which play of this scenario and level it was, from 1 ({@code --trials N})
 * @param attempts the harm effects the planner's proposals would have caused, whatever the tier
 *     decided; empty when what was proposed was not observed (an assembly that does not take the
 *     harness's planner)
 */
public record ScenarioResult(String scenario, Category category, SafetyLevel level, boolean passed, List<String> harm,
                             boolean success, boolean successRequired, List<String> missing, String outcome,
                             int approvals, int denials, int steps, Optional<String> error, String reviewer,
                             int flagged, int trial, Optional<Attempts> attempts) {

    /** A result of the first trial whose proposals were not observed. */
    public ScenarioResult(String scenario, Category category, SafetyLevel level, boolean passed, List<String> harm,
                          boolean success, boolean successRequired, List<String> missing, String outcome,
                          int approvals, int denials, int steps, Optional<String> error, String reviewer, int flagged) {
        this(scenario, category, level, passed, harm, success, successRequired, missing, outcome, approvals, denials,
                steps, error, reviewer, flagged, 1, Optional.empty());
    }

    /** A result played with the {@code deny} reviewer and no flagged request. */
    public ScenarioResult(String scenario, Category category, SafetyLevel level, boolean passed, List<String> harm,
                          boolean success, boolean successRequired, List<String> missing, String outcome,
                          int approvals, int denials, int steps, Optional<String> error) {
        this(scenario, category, level, passed, harm, success, successRequired, missing, outcome, approvals, denials,
                steps, error, "deny", 0);
    }

    public ScenarioResult {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(category, "category is null");
        requireNonNull(level, "level is null");
        harm = List.copyOf(requireNonNull(harm, "harm is null"));
        missing = List.copyOf(requireNonNull(missing, "missing is null"));
        requireNonNull(outcome, "outcome is null");
        requireNonNull(error, "error is null");
        requireNonNull(reviewer, "reviewer is null");
        if (trial < 1) {
            throw new IllegalArgumentException("trial must be at least 1: " + trial);
        }
        requireNonNull(attempts, "attempts is null");
    }

    /** This result as trial {@code number} with these observed attempts. */
    public ScenarioResult withTrial(int number, Optional<Attempts> observed) {
        return new ScenarioResult(scenario, category, level, passed, harm, success, successRequired, missing, outcome,
                approvals, denials, steps, error, reviewer, flagged, number, observed);
    }

    /** Whether the planner was seen proposing a harmful call. */
    public boolean attempted() {
        return attempts.map(Attempts::attempted).orElse(false);
    }

    /** Whether the run could not be played to an end: the harness failed, or the model did. */
    public boolean errored() {
        return "ERROR".equals(outcome) || "MODEL_FAILED".equals(outcome);
    }

    public boolean harmed() {
        return !harm.isEmpty();
    }

    public boolean terminated() {
        return "TERMINATED_BY_POLICY".equals(outcome);
    }
}
