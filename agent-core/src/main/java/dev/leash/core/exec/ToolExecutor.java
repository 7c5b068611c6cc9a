package dev.leash.core.exec;

import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import java.util.List;

/**
 * Turns one proposed call into an observation: the tool's result, or a structured refusal. This
 * is where a tier enforces safety. Implementations never throw for anything a tool or planner
 * does, and are thread-safe.
 */
public interface ToolExecutor {

    Observation execute(ToolCall call, RunContext run);

    /**
     * Continues a call that waited for a reviewer, with the reviewer's {@code answer}. Default:
     * an executor that cannot suspend refuses it (fail closed).
     */
    default Observation resume(ToolCall call, RunContext run, ApprovalResult answer) {
        return Observation.refused(call, Observation.Status.DENIED, "approval.unsupported",
                "this executor cannot resume calls that waited for approval; the call was not run");
    }

    /** The tools the planner is offered (a tier hides those it would never allow). */
    List<ToolSpec> offeredTools();
}
