package dev.leash.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.suspend.SuspendedRun;
import dev.leash.core.suspend.SuspensionStore;
import dev.leash.core.tool.ToolRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The loop's suspend path and its resume entry point, with the snapshot kept as JSON text. */
class SuspendResumeTest {

    /** A store that keeps each run only as JSON text, as a database would, and answers set by the test. */
    static final class TextStore implements SuspensionStore {
        final Map<String, String> runs = new ConcurrentHashMap<>();
        final Map<String, String> status = new ConcurrentHashMap<>();
        final Map<String, ApprovalResult> answers = new ConcurrentHashMap<>();
        final Map<String, Boolean> taken = new ConcurrentHashMap<>();

        @Override
        public void save(SuspendedRun run) {
            runs.put(run.runId(), run.toJson());
            status.put(run.runId(), "suspended");
        }

        @Override
        public synchronized Optional<SuspendedRun> claim(String runId) {
            if (!"suspended".equals(status.get(runId))) {
                return Optional.empty();
            }
            status.put(runId, "resuming");
            return Optional.of(SuspendedRun.fromJson(runs.get(runId)));
        }

        @Override
        public void release(String runId) {
            status.put(runId, "suspended");
        }

        @Override
        public void finish(String runId, Outcome outcome) {
            status.computeIfPresent(runId, (k, v) -> outcome.name());
        }

        @Override
        public Optional<String> status(String runId) {
            return Optional.ofNullable(status.get(runId));
        }

        @Override
        public Optional<ApprovalResult> decided(String requestId) {
            return Optional.ofNullable(answers.get(requestId));
        }

        @Override
        public ApprovalResult take(String requestId, String runId, String callId, String callHash) {
            if (taken.putIfAbsent(requestId, true) != null) {
                return new ApprovalResult.Failed("system", "already used", Instant.now());
            }
            return answers.get(requestId);
        }
    }

    private final InMemoryAuditSink audit = new InMemoryAuditSink();
    private final AgentLoopTest.EchoTool echo = new AgentLoopTest.EchoTool();
    private final AtomicBoolean needsApproval = new AtomicBoolean(true);
    private final Map<String, ApprovalRequest> asked = new ConcurrentHashMap<>();

    /** Counts what the limits gave and got back. */
    static final class CountingLimiter implements dev.leash.core.exec.CallLimiter {
        final java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger settled = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Optional<Decision.Deny> admit(dev.leash.api.policy.ProposedCall call) {
            admitted.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public void release(dev.leash.api.policy.ProposedCall call) {
            released.incrementAndGet();
        }

        @Override
        public void settle(dev.leash.api.policy.ProposedCall call) {
            settled.incrementAndGet();
        }
    }

    private final CountingLimiter limiter = new CountingLimiter();

    private AgentLoop agent(List<Step> script, TextStore store) {
        ApprovalGate gate = request -> {
            String id = "req-" + request.callId();
            asked.put(id, request);
            return new ApprovalResult.Pending(id, Instant.now());
        };
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(echo))
                .policies(PolicyChain.of(call -> Optional.of(needsApproval.get()
                        ? Decision.requireApproval("impact-gate", "a human decides")
                        : Decision.allow("test", "now allowed"))))
                .approvals(gate).limiter(limiter).approvalExpiry(Duration.ofMinutes(30)).audit(audit).build();
        AgentLoop loop = new AgentLoop(ScriptedPlanner.factory(script), executor, audit, SafetyLevel.LEVEL_2,
                LoopSettings.defaults(), Redactor.none());
        if (store != null) {
            loop.setSuspensionStore(store);
        }
        return loop;
    }

    private static ToolCall echo(String id, String text) {
        return ToolCall.of(id, "echo", JsonNodeFactory.instance.objectNode().put("text", text));
    }

    private static List<Step> script() {
        return List.of(Step.call(echo("c1", "one"), echo("c2", "two")), Step.finish("done"));
    }

    @Test
    void aWaitingCallWithoutAStoreEndsTheRunInErrorAndDoesNotRun() {
        RunResult result = agent(script(), null).run(RunRequest.of("g", "p"));
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.answer()).contains("no store to suspend");
        assertThat(result.turns().get(0).observations()).extracting(o -> o.status()).containsOnly(Status.SKIPPED);
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void suspendsThenResumesWhenEveryRequestIsDecidedRunningApprovedCallsOnce() {
        TextStore store = new TextStore();
        AgentLoop agent = agent(script(), store);
        RunResult first = agent.run(RunRequest.of("greet twice", "p"));
        assertThat(first.outcome()).isEqualTo(Outcome.AWAITING_APPROVAL);
        assertThat(first.answer()).contains("req-c1", "req-c2");
        assertThat(first.counts().approvalsRequested()).as("both calls were put to reviewers").isEqualTo(2);
        assertThat(first.counts().approvalsGranted()).isZero();
        assertThat(echo.runs).hasValue(0);
        assertThat(asked.get("req-c1").expiresAt()).isEqualTo(asked.get("req-c1").requestedAt().plus(Duration.ofMinutes(30)));
        SuspendedRun saved = SuspendedRun.fromJson(store.runs.get(first.runId()));
        assertThat(saved.plannerCheckpoint()).isEqualTo("1");
        assertThat(saved.batch().calls()).extracting(ToolCall::id).containsExactly("c1", "c2");
        assertThat(saved.requestIds()).containsExactly("req-c1", "req-c2");

        store.answers.put("req-c1", ApprovalResult.approved("alice", asked.get("req-c1")));
        RunResult early = agent.resume(first.runId());
        assertThat(early.outcome()).isEqualTo(Outcome.AWAITING_APPROVAL);
        assertThat(early.answer()).contains("req-c2").doesNotContain("req-c1");
        assertThat(early.counts().approvalsRequested()).isEqualTo(2);
        assertThat(echo.runs).hasValue(0);

        store.answers.put("req-c2", ApprovalResult.rejected("bob", "not two"));
        RunResult done = agent.resume(first.runId());
        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.answer()).isEqualTo("done");
        assertThat(done.turns().get(0).observations()).extracting(o -> o.status()).containsExactly(Status.OK, Status.DENIED);
        assertThat(done.turns().get(0).observations().get(1).content()).contains("rejected: not two");
        assertThat(echo.runs).hasValue(1);
        assertThat(done.counts().approvalsRequested()).isEqualTo(2);
        assertThat(done.counts().approvalsGranted()).isEqualTo(1);

        RunResult again = agent.resume(first.runId());
        assertThat(again.answer()).contains("already ended COMPLETED");
        assertThat(echo.runs).hasValue(1);
    }

    @Test
    void aWaitingCallHoldsItsBudgetAndAResumeInTheSameProcessUsesThatHold() {
        TextStore store = new TextStore();
        AgentLoop agent = agent(script(), store);
        RunResult first = agent.run(RunRequest.of("g", "p"));
        assertThat(limiter.admitted).hasValue(2);
        assertThat(limiter.released).hasValue(0);
        store.answers.put("req-c1", ApprovalResult.approved("alice", asked.get("req-c1")));
        store.answers.put("req-c2", ApprovalResult.rejected("bob", "no"));
        agent.resume(first.runId());
        assertThat(limiter.admitted).as("not admitted again").hasValue(2);
        assertThat(limiter.settled).as("the approved call spends its hold").hasValue(1);
        assertThat(limiter.released).as("the rejected call gives its hold back").hasValue(1);
    }

    @Test
    void aRejectedCallStaysRefusedEvenIfThePolicyNoLongerAsksAtResume() {
        TextStore store = new TextStore();
        AgentLoop agent = agent(List.of(Step.call(echo("c1", "one")), Step.finish("done")), store);
        RunResult first = agent.run(RunRequest.of("g", "p"));
        store.answers.put("req-c1", ApprovalResult.rejected("bob", "no"));
        needsApproval.set(false);
        RunResult done = agent.resume(first.runId());
        assertThat(done.turns().get(0).observations().get(0).status()).isEqualTo(Status.DENIED);
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void anApprovalForOtherArgumentsDoesNotLetTheCallRun() {
        TextStore store = new TextStore();
        AgentLoop agent = agent(List.of(Step.call(echo("c1", "one")), Step.finish("done")), store);
        RunResult first = agent.run(RunRequest.of("g", "p"));
        store.answers.put("req-c1", new ApprovalResult.Approved("alice", "0".repeat(64), Instant.now(), first.runId(), "c1", "p"));
        RunResult done = agent.resume(first.runId());
        assertThat(done.turns().get(0).observations().get(0).status()).isEqualTo(Status.DENIED);
        assertThat(done.turns().get(0).observations().get(0).content()).contains("approval was for different arguments");
        assertThat(echo.runs).hasValue(0);
    }

    @Test
    void anExpiredRequestIsDeniedAtResume() {
        TextStore store = new TextStore();
        AgentLoop agent = agent(List.of(Step.call(echo("c1", "one")), Step.finish("done")), store);
        RunResult first = agent.run(RunRequest.of("g", "p"));
        store.answers.put("req-c1", new ApprovalResult.TimedOut("system", Instant.now()));
        RunResult done = agent.resume(first.runId());
        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.turns().get(0).observations().get(0).content()).contains("no answer in time");
        assertThat(echo.runs).hasValue(0);
    }
}
