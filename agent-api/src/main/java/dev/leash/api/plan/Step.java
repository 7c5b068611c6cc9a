package dev.leash.api.plan;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.ToolCall;
import java.util.List;

/**
 * What a planner proposes next: call tools, finish with an answer, or hand over to a human.
 */
public sealed interface Step permits Step.CallTools, Step.Finish, Step.Escalate {

    /**
     * Call these tools, in this order. Each is checked and executed (or refused) on its own.
     *
     * @param calls at least one call
     * @param thought the planner's stated reason, if any (recorded, never trusted)
     */
    record CallTools(List<ToolCall> calls, String thought) implements Step {
        public CallTools {
            calls = List.copyOf(requireNonNull(calls, "calls is null"));
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("CallTools needs at least one call");
            }
            thought = thought == null ? "" : thought;
        }
    }

    /** The task is done; {@code answer} is what the agent reports. */
    record Finish(String answer) implements Step {
        public Finish {
            requireNonNull(answer, "answer is null");
        }
    }

    /** The agent gives the task to a human, for {@code reason}. */
    record Escalate(String reason) implements Step {
        public Escalate {
            requireNonNull(reason, "reason is null");
        }
    }

    static Step call(ToolCall... calls) {
        return new CallTools(List.of(calls), "");
    }

    static Step calls(List<ToolCall> calls) {
        return new CallTools(calls, "");
    }

    static Step finish(String answer) {
        return new Finish(answer);
    }

    static Step escalate(String reason) {
        return new Escalate(reason);
    }
}
