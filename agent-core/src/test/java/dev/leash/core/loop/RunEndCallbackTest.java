package dev.leash.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunContext;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-run state held outside the run (a guard's analysis) is released when the run ends. */
class RunEndCallbackTest {

    @Test
    void callbacksRegisteredDuringARunRunOnceWhenTheLoopReturns() {
        List<String> ended = new ArrayList<>();
        List<RunContext> contexts = new ArrayList<>();
        // A policy that keeps per-run state, as the guards do, and releases it when the run ends.
        PolicyChain policies = PolicyChain.of(call -> {
            if (!contexts.contains(call.run())) {
                contexts.add(call.run());
                call.run().onEnd(() -> ended.add(call.run().runId()));
                call.run().onEnd(() -> {
                    throw new IllegalStateException("a failing callback");
                });
                call.run().onEnd(() -> ended.add("second"));
            }
            return Optional.of(Decision.allow("test.allow", "test"));
        });
        Tool echo = new Tool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of("echo", "echoes", Impact.READ);
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                return ToolResult.trusted("ok");
            }
        };
        InMemoryAuditSink audit = new InMemoryAuditSink();
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(echo)).policies(policies)
                .audit(audit).build();
        AgentLoop loop = new AgentLoop(ScriptedPlanner.factory(List.of(
                Step.call(ToolCall.of("echo", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())),
                Step.call(ToolCall.of("echo", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())),
                Step.finish("done"))), executor, audit, SafetyLevel.LEVEL_1, LoopSettings.defaults(), Redactor.none());

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(ended).containsExactly(result.runId(), "second");
    }

    @Test
    void aCallbackRegisteredAfterTheEndRunsAtOnce() {
        DefaultRunContext run = DefaultRunContext.of("ana", SafetyLevel.LEVEL_1);
        List<String> ended = new ArrayList<>();
        run.end();
        run.end();

        run.onEnd(() -> ended.add("late"));

        assertThat(run.ended()).isTrue();
        assertThat(ended).containsExactly("late");
    }
}
