package dev.leash.tiers.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueGateTest {

    private final ApprovalRequest request = Requests.refund("120.50");

    @Test
    void pendingRequestIsVisibleAndApprovedByItsHash() throws Exception {
        QueueGate gate = new QueueGate(Duration.ofSeconds(10));
        CompletableFuture<ApprovalResult> result = CompletableFuture.supplyAsync(() -> gate.review(request));

        ApprovalRequest waiting = gate.awaitPending(Duration.ofSeconds(5)).orElseThrow();
        assertThat(gate.pending()).containsExactly(request);
        assertThat(gate.approve("run-1", "call-1", "not-a-pending-hash", "dana")).isFalse();
        assertThat(gate.approve(waiting.runId(), waiting.callId(), waiting.callHash(), "dana")).isTrue();

        ApprovalResult answer = result.get(5, TimeUnit.SECONDS);
        assertThat(answer.approves(request)).isTrue();
        assertThat(answer.reviewer()).isEqualTo("dana");
        assertThat(gate.pending()).isEmpty();
    }

    @Test
    void rejectionIsADenial() throws Exception {
        QueueGate gate = new QueueGate(Duration.ofSeconds(10));
        CompletableFuture<ApprovalResult> result = CompletableFuture.supplyAsync(() -> gate.review(request));

        gate.awaitPending(Duration.ofSeconds(5)).orElseThrow();
        gate.reject(request.runId(), request.callId(), request.callHash(), "dana", "not today");

        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ApprovalResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("not today"));
    }

    @Test
    void noAnswerInTimeIsATimeoutAndLeavesTheQueue() {
        QueueGate gate = new QueueGate(Duration.ofMillis(100));

        ApprovalResult result = gate.review(request);

        assertThat(result).isInstanceOf(ApprovalResult.TimedOut.class);
        assertThat(gate.pending()).isEmpty();
        assertThat(gate.approve(request.runId(), request.callId(), request.callHash(), "late reviewer")).isFalse();
    }

    @Test
    void theReviewerApprovesTheRunAndCallTheyLookedAtNotAnotherWithTheSameArguments() throws Exception {
        QueueGate gate = new QueueGate(Duration.ofSeconds(10));
        ApprovalRequest alex = Requests.refund("run-alex", "alex@example.com", "call-1", "120.50");
        ApprovalRequest mallory = Requests.refund("run-mallory", "mallory@example.com", "call-1", "120.50");
        assertThat(mallory.callHash()).isEqualTo(alex.callHash());
        CompletableFuture<ApprovalResult> malloryResult = CompletableFuture.supplyAsync(() -> gate.review(mallory));
        gate.awaitPending(Duration.ofSeconds(5)).orElseThrow();
        CompletableFuture<ApprovalResult> alexResult = CompletableFuture.supplyAsync(() -> gate.review(alex));
        while (gate.pending().size() < 2) {
            Thread.onSpinWait();
        }

        assertThat(gate.approve("run-alex", "call-1", alex.callHash(), "dana")).isTrue();

        ApprovalResult forAlex = alexResult.get(5, TimeUnit.SECONDS);
        assertThat(forAlex.approves(alex)).isTrue();
        assertThat(forAlex.approves(mallory)).isFalse();
        assertThat(forAlex.bindingProblem(mallory)).get().asString().contains("another run");
        assertThat(gate.pending()).containsExactly(mallory);
        assertThat(gate.approve("run-alex", "call-1", alex.callHash(), "dana")).as("used once").isFalse();
        assertThat(gate.reject("run-mallory", "call-1", mallory.callHash(), "dana", "not mine")).isTrue();
        assertThat(malloryResult.get(5, TimeUnit.SECONDS).approves(mallory)).isFalse();
    }
}
