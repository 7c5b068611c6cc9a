package dev.leash.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One completed turn of a run: the step the planner proposed and what came of each call.
 *
 * @param number 1-based turn number
 * @param step the proposed step
 * @param observations one per call of a {@link Step.CallTools}, in order; empty otherwise
 */
public record Turn(int number, Step step, List<Observation> observations) {
    public Turn {
        requireNonNull(step, "step is null");
        observations = List.copyOf(requireNonNull(observations, "observations is null"));
    }
}
