package dev.leash.api.plan;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.ToolSpec;
import java.util.List;
import java.util.Optional;

/**
 * Everything a planner may use to propose the next step. Immutable snapshot.
 *
 * @param runId the run
 * @param goal the task, as the principal gave it
 * @param principal who the agent acts for
 * @param level the deployment's safety level
 * @param tools the tools the tier offers (at Level 1, read tools only)
 * @param turns the turns so far, oldest first
 */
public record PlannerState(String runId, String goal, String principal, SafetyLevel level,
                           List<ToolSpec> tools, List<Turn> turns) {

    public PlannerState {
        requireNonNull(runId, "runId is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(level, "level is null");
        tools = List.copyOf(requireNonNull(tools, "tools is null"));
        turns = List.copyOf(requireNonNull(turns, "turns is null"));
    }

    /** The most recent turn, if any. */
    public Optional<Turn> lastTurn() {
        return turns.isEmpty() ? Optional.empty() : Optional.of(turns.get(turns.size() - 1));
    }

    /** Number of the turn about to be planned (1-based). */
    public int nextTurnNumber() {
        return turns.size() + 1;
    }
}
