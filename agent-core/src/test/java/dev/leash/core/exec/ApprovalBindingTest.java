package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.policy.Decision;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An approval lets exactly one call run: the run, principal, call and arguments the reviewer saw, in time. */
class ApprovalBindingTest {

    private final InMemoryAuditSink audit = new InMemoryAuditSink();
    private final List<String> ran = new ArrayList<>();

    private final Tool refund = new Tool() {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("issue_refund", "refund", Impact.IRREVERSIBLE);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            ran.add(call.id());
            return ToolResult.trusted("refunded");
        }
    };

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    private GuardedExecutor executor(ApprovalGate gate, Clock clock) {
        return GuardedExecutor.builder().registry(ToolRegistry.of(refund))
                .policies(PolicyChain.of(call -> Optional.of(Decision.requireApproval("impact-gate", "refunds need a human"))))
                .audit(audit).approvals(gate).clock(clock).build();
    }

    private static DefaultRunContext run(String id, String principal) {
        return new DefaultRunContext(id, principal, "s", "refund order A-17", SafetyLevel.LEVEL_3, Instant.now().plusSeconds(60));
    }

    @Test
    void anApprovalGivenForAnotherRunDoesNotLetThisCallRunAndIsAudited() {
        AtomicReference<ApprovalRequest> seenByReviewer = new AtomicReference<>();
        // The reviewer approved alex's request; the gate hands that answer to mallory's identical call.
        ApprovalGate gate = request -> {
            if (seenByReviewer.get() == null) {
                seenByReviewer.set(request);
            }
            return ApprovalResult.approved("dana", seenByReviewer.get());
        };
        GuardedExecutor executor = executor(gate, Clock.systemUTC());

        Observation alex = executor.execute(ToolCall.of("call-1", "issue_refund", null), run("run-alex", "alex"));
        Observation mallory = executor.execute(ToolCall.of("call-1", "issue_refund", null), run("run-mallory", "mallory"));

        assertThat(alex.status()).isEqualTo(Status.OK);
        assertThat(mallory.status()).isEqualTo(Status.DENIED);
        assertThat(mallory.content()).contains("another run (run-alex)");
        assertThat(ran).containsExactly("call-1");
        assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).filteredOn(a -> a.runId().equals("run-mallory"))
                .singleElement().satisfies(a -> assertThat(a.detail()).contains("another run"));
    }

    @Test
    void aReplayedApprovalForAnotherCallOfTheSameRunIsDenied() {
        AtomicReference<ApprovalResult> first = new AtomicReference<>();
        ApprovalGate replaying = request -> {
            first.compareAndSet(null, ApprovalResult.approved("dana", request));
            return first.get();
        };
        GuardedExecutor executor = executor(replaying, Clock.systemUTC());
        DefaultRunContext run = run("run-1", "alex");

        assertThat(executor.execute(ToolCall.of("call-1", "issue_refund", null), run).status()).isEqualTo(Status.OK);
        Observation replay = executor.execute(ToolCall.of("call-2", "issue_refund", null), run);

        assertThat(replay.status()).isEqualTo(Status.DENIED);
        assertThat(replay.content()).contains("another call (call-1)");
        assertThat(ran).containsExactly("call-1");
    }

    @Test
    void anAnswerThatArrivesAfterTheRequestExpiredIsDenied() {
        MovableClock clock = new MovableClock();
        ApprovalGate slowReviewer = request -> {
            clock.now.set(request.expiresAt().plus(Duration.ofMinutes(1)));
            return ApprovalResult.approved("dana", request);
        };

        Observation late = executor(slowReviewer, clock).execute(ToolCall.of("call-1", "issue_refund", null), run("run-1", "alex"));

        assertThat(late.status()).isEqualTo(Status.DENIED);
        assertThat(late.content()).contains("expired");
        assertThat(ran).isEmpty();
        assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("expired"));
    }
}
