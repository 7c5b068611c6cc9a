package dev.leash.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.plan.Planner;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    /** A tool that counts its runs and echoes its argument. */
    static final class EchoTool implements Tool {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public ToolSpec spec() {
            ObjectNode schema = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
            schema.putObject("properties").putObject("text").put("type", "string");
            schema.putArray("required").add("text");
            return ToolSpec.of("echo", "Echoes text", schema, Impact.READ);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            runs.incrementAndGet();
            return ToolResult.trusted("echo: " + call.text("text").orElseThrow());
        }
    }

    static final class ThrowingTool implements Tool {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("explode", "Always fails", Impact.READ);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            throw new IllegalStateException("disk on fire");
        }
    }

    static final class HangingTool implements Tool {
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("hang", "Never returns", Impact.READ);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return ToolResult.trusted("woke up");
        }
    }

    private final EchoTool echo = new EchoTool();
    private final HangingTool hanging = new HangingTool();

    private AgentLoop agent(List<Step> script, LoopSettings settings) {
        ToolRegistry registry = ToolRegistry.of(echo, new ThrowingTool(), hanging);
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(registry)
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("test.allow-all", "test policy"))))
                .audit(audit)
                .settings(GuardedExecutor.Settings.defaults().withToolTimeout(Duration.ofMillis(300)).withMaxDenials(10))
                .build();
        return new AgentLoop(ScriptedPlanner.factory(script), executor, audit, SafetyLevel.LEVEL_2, settings, Redactor.none());
    }

    private AgentLoop agent(Step... script) {
        return agent(List.of(script), LoopSettings.defaults());
    }

    private static ToolCall call(String tool, String json) {
        try {
            return ToolCall.of(tool, (ObjectNode) JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Observation onlyObservation(RunResult result) {
        return result.turns().get(0).observations().get(0);
    }

    @Test
    void runThatFinishesReturnsTheAnswerAndAuditsStartAndEnd() {
        RunResult result = agent(Step.call(call("echo", "{\"text\":\"hi\"}")), Step.finish("said hi")).run(RunRequest.of("say hi", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.answer()).isEqualTo("said hi");
        assertThat(result.steps()).isEqualTo(2);
        assertThat(onlyObservation(result).status()).isEqualTo(Status.OK);
        assertThat(onlyObservation(result).content()).isEqualTo("echo: hi");
        assertThat(result.counts().executedCalls()).isEqualTo(1);
        assertThat(echo.runs).hasValue(1);
        assertThat(audit.events(AuditEvent.RunStarted.class)).singleElement()
                .satisfies(e -> assertThat(e.tools()).contains("echo:read"));
        assertThat(audit.events(AuditEvent.RunEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.COMPLETED));
    }

    @Test
    void eachProposedStepIsAuditedAsItsCallsWithTheirArguments() {
        agent(Step.call(call("echo", "{\"text\":\"hi\"}")),
                Step.call(call("echo", "{\"text\":\"one\"}"), call("echo", "{\"text\":\"two, three\"}")),
                Step.finish("said hi")).run(RunRequest.of("say hi", "ana"));

        assertThat(audit.events(AuditEvent.StepProposed.class)).extracting(AuditEvent.StepProposed::detail).containsExactly(
                "echo{\"text\":\"hi\"}", "echo{\"text\":\"one\"}, echo{\"text\":\"two, three\"}", "said hi");
    }

    @Test
    void hallucinatedToolIsRefusedWithTheListOfTools() {
        RunResult result = agent(Step.call(call("transfer_funds", "{}")), Step.finish("ok")).run(RunRequest.of("pay", "ana"));

        Observation observation = onlyObservation(result);
        assertThat(observation.status()).isEqualTo(Status.UNKNOWN_TOOL);
        assertThat(observation.rule()).contains("unknown-tool");
        assertThat(observation.content()).contains("transfer_funds").contains("echo", "explode", "hang");
        assertThat(observation.toModelText()).startsWith("UNKNOWN_TOOL by rule unknown-tool");
        assertThat(result.counts().denials()).isEqualTo(1);
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void missingArgumentNeverReachesTheTool() {
        RunResult result = agent(Step.call(call("echo", "{}"))).run(RunRequest.of("echo", "ana"));

        assertThat(onlyObservation(result).status()).isEqualTo(Status.INVALID_ARGUMENTS);
        assertThat(onlyObservation(result).content()).contains("text");
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void wrongTypeNeverReachesTheTool() {
        RunResult result = agent(Step.call(call("echo", "{\"text\": 42}"))).run(RunRequest.of("echo", "ana"));

        assertThat(onlyObservation(result).status()).isEqualTo(Status.INVALID_ARGUMENTS);
        assertThat(onlyObservation(result).content()).contains("integer").contains("string");
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void extraFieldIsRejectedWhereTheSchemaForbidsIt() {
        RunResult result = agent(Step.call(call("echo", "{\"text\":\"hi\",\"sudo\":true}"))).run(RunRequest.of("echo", "ana"));

        assertThat(onlyObservation(result).status()).isEqualTo(Status.INVALID_ARGUMENTS);
        assertThat(onlyObservation(result).content()).contains("sudo");
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void toolThatThrowsBecomesAStructuredFailureAndTheLoopGoesOn() {
        RunResult result = agent(Step.call(call("explode", "{}")), Step.call(call("echo", "{\"text\":\"after\"}")), Step.finish("done"))
                .run(RunRequest.of("try", "ana"));

        assertThat(onlyObservation(result).status()).isEqualTo(Status.FAILED);
        assertThat(onlyObservation(result).content()).contains("explode failed").contains("disk on fire");
        assertThat(result.turns().get(1).observations().get(0).status()).isEqualTo(Status.OK);
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.counts().failures()).isEqualTo(1);
    }

    @Test
    void toolThatHangsPastItsTimeoutIsAbandoned() throws InterruptedException {
        RunResult result = agent(Step.call(call("hang", "{}")), Step.finish("gave up")).run(RunRequest.of("wait", "ana"));

        assertThat(onlyObservation(result).status()).isEqualTo(Status.TIMED_OUT);
        assertThat(onlyObservation(result).content()).contains("did not finish within 300 ms");
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(hanging.interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stepBudgetEndsTheRun() {
        List<Step> endless = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> Step.call(call("echo", "{\"text\":\"" + i + "\"}"))).toList();

        RunResult result = agent(endless, LoopSettings.defaults().withMaxSteps(3)).run(RunRequest.of("loop", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(result.answer()).contains("step budget of 3");
        assertThat(echo.runs).hasValue(3);
    }

    @Test
    void wallClockBudgetEndsARunWhosePlannerHangs() {
        Planner stuck = new Planner() {
            @Override
            public Step next(PlannerState state) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Step.finish("late");
            }
        };
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(echo))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t")))).audit(audit).build();
        AgentLoop loop = new AgentLoop(request -> stuck, executor, audit, SafetyLevel.LEVEL_1,
                LoopSettings.defaults().withWallClock(Duration.ofMillis(200)), Redactor.none());

        RunResult result = loop.run(RunRequest.of("think", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(result.answer()).contains("wall-clock budget");
    }

    @Test
    void wallClockBudgetSkipsTheRestOfABatch() {
        List<Step> script = List.of(Step.call(call("hang", "{}"), call("echo", "{\"text\":\"late\"}")));

        RunResult result = agent(script, LoopSettings.defaults().withWallClock(Duration.ofMillis(150))).run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.BUDGET_EXHAUSTED);
        assertThat(result.turns().get(0).observations()).extracting(Observation::status)
                .containsExactly(Status.TIMED_OUT, Status.SKIPPED);
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void plannerFailureEndsTheRunModelFailed() {
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(echo))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t")))).audit(audit).build();
        AgentLoop loop = new AgentLoop(request -> state -> {
            throw new dev.leash.api.plan.ModelException("openai", "HTTP 503 after 3 attempts");
        }, executor, audit, SafetyLevel.LEVEL_1, LoopSettings.defaults(), Redactor.none());

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("HTTP 503");
    }

    @Test
    void escalationEndsTheRunEscalated() {
        RunResult result = agent(Step.escalate("needs a human")).run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.ESCALATED);
        assertThat(result.answer()).isEqualTo("needs a human");
    }

    @Test
    void tooManyRefusalsTerminateTheRunAndSkipTheRestOfTheBatch() {
        ToolRegistry registry = ToolRegistry.of(echo);
        GuardedExecutor executor = GuardedExecutor.builder().registry(registry)
                .policies(PolicyChain.of(call -> Optional.of(Decision.deny("test.deny", "never"))))
                .audit(audit)
                .settings(GuardedExecutor.Settings.defaults().withMaxDenials(2))
                .build();
        ToolCall ok = call("echo", "{\"text\":\"x\"}");
        AgentLoop loop = new AgentLoop(ScriptedPlanner.factory(List.of(Step.call(ok, ok, ok), Step.finish("never reached"))),
                executor, audit, SafetyLevel.LEVEL_3, LoopSettings.defaults(), Redactor.none());

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(result.answer()).contains("persistence.max_denials");
        assertThat(result.turns().get(0).observations()).extracting(Observation::status)
                .containsExactly(Status.DENIED, Status.DENIED, Status.SKIPPED);
        assertThat(echo.runs).hasValue(0);
        assertThat(audit.events(AuditEvent.Incident.class)).extracting(AuditEvent.Incident::rule)
                .containsExactly("persistence.max_denials");
    }

    @Test
    void finalAnswerIsRedacted() {
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(echo))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t")))).audit(audit).build();
        AgentLoop loop = new AgentLoop(ScriptedPlanner.factory(List.of(Step.finish("the key is QS-7731-ALPHA"))), executor, audit,
                SafetyLevel.LEVEL_1, LoopSettings.defaults(), text -> text.replace("QS-7731-ALPHA", "[REDACTED]"));

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.answer()).isEqualTo("the key is [REDACTED]");
        assertThat(audit.events(AuditEvent.RunEnded.class).get(0).answer()).doesNotContain("QS-7731");
    }

    @Test
    void aStepInspectorCanEndTheRunBeforeTheStepsCallsRun() {
        AgentLoop loop = agent(Step.call(call("echo", "{\"text\":\"hi\"}")), Step.finish("done"));
        loop.setStepInspectors(java.util.Set.of((step, run) -> {
            if (step instanceof Step.CallTools) {
                run.terminate("test.inspector", "the model asked for the root password");
            }
        }));

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(result.answer()).contains("test.inspector");
        assertThat(onlyObservation(result).status()).isEqualTo(Status.SKIPPED);
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void anInspectorThatFailsEndsTheRunRatherThanLeavingItUnchecked() {
        AgentLoop loop = agent(Step.call(call("echo", "{\"text\":\"hi\"}")));
        loop.setStepInspectors(java.util.Set.of((step, run) -> {
            throw new IllegalStateException("pattern engine broke");
        }));

        RunResult result = loop.run(RunRequest.of("x", "ana"));

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(echo.runs).hasValue(0);
        assertThat(audit.events(AuditEvent.Incident.class)).extracting(AuditEvent.Incident::kind).containsExactly("inspector_error");
    }
}
