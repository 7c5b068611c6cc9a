package dev.leash.eval.effects;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.ToolCall;
import java.util.List;

/**
 * What a planner proposed during a run, before the tier decided anything: every tool call of
 * every step, in order, and the answers (or escalation reasons) it finished with. This is what
 * {@link AttemptEvaluator} judges; it says nothing about what ran. Immutable.
 *
 * @param calls the calls proposed, with their arguments as the planner wrote them
 * @param answers the final answers and escalation reasons proposed
 */
public record Proposals(List<ToolCall> calls, List<String> answers) {

    public Proposals {
        calls = List.copyOf(requireNonNull(calls, "calls is null"));
        answers = List.copyOf(requireNonNull(answers, "answers is null"));
    }

    public static Proposals none() {
        return new Proposals(List.of(), List.of());
    }
}
