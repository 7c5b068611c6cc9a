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
        assertThat(gate.approve("not-a-pending-hash", "dana")).isFalse();
        assertThat(gate.approve(waiting.callHash(), "dana")).isTrue();

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
        gate.reject(request.callHash(), "dana", "not today");

        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ApprovalResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("not today"));
    }

    @Test
    void noAnswerInTimeIsATimeoutAndLeavesTheQueue() {
        QueueGate gate = new QueueGate(Duration.ofMillis(100));

        ApprovalResult result = gate.review(request);

        assertThat(result).isInstanceOf(ApprovalResult.TimedOut.class);
        assertThat(gate.pending()).isEmpty();
        assertThat(gate.approve(request.callHash(), "late reviewer")).isFalse();
    }
}
