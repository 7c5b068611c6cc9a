package dev.leash.api.run;

import static java.util.Objects.requireNonNull;

import dev.leash.api.plan.Turn;
import java.util.List;

/**
 * How a run ended and what it did.
 *
 * @param runId the run
 * @param outcome how it ended
 * @param answer the final answer (redacted), or an explanation of why the run ended
 * @param turns every turn, oldest first
 * @param counts counts of calls, denials, approvals, tokens
 */
public record RunResult(String runId, Outcome outcome, String answer, List<Turn> turns, RunCounts counts) {

    public RunResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(answer, "answer is null");
        turns = List.copyOf(requireNonNull(turns, "turns is null"));
        requireNonNull(counts, "counts is null");
    }

    /** Number of turns the run took. */
    public int steps() {
        return turns.size();
    }
}
