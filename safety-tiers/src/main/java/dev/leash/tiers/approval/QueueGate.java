package dev.leash.tiers.approval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-memory queue of approval requests that other code answers: tests, a web console, a chat
 * bot. {@link #review} puts the request on the queue and waits up to the timeout; {@link
 * #pending()} shows what waits; {@link #approve} and {@link #reject} answer one pending request,
 * named by its run, its call and its argument hash, once. No answer in time is {@link ApprovalResult.TimedOut}, and the
 * request leaves the queue.
 *
 * <p>Thread-safe.
 */
public final class QueueGate implements ApprovalGate {

    private final Duration timeout;
    private final List<Pending> queue = new ArrayList<>();

    private record Pending(ApprovalRequest request, CompletableFuture<ApprovalResult> answer) {
    }

    public QueueGate(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    @Override
    public ApprovalResult review(ApprovalRequest request) {
        Pending pending = new Pending(request, new CompletableFuture<>());
        synchronized (this) {
            queue.add(pending);
            notifyAll();
        }
        try {
            return pending.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new ApprovalResult.TimedOut("queue", Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApprovalResult.Failed("queue", "interrupted while waiting for an answer", Instant.now());
        } catch (ExecutionException e) {
            return new ApprovalResult.Failed("queue", String.valueOf(e.getCause()), Instant.now());
        } finally {
            synchronized (this) {
                queue.remove(pending);
            }
        }
    }

    /** The requests waiting for an answer, oldest first. */
    public synchronized List<ApprovalRequest> pending() {
        return queue.stream().map(Pending::request).toList();
    }

    /** Waits up to {@code wait} for a request to be pending and returns the oldest. */
    public synchronized Optional<ApprovalRequest> awaitPending(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.of(queue.get(0).request());
    }

    /**
     * Approves the pending request of run {@code runId} for call {@code callId} with arguments
     * {@code callHash}: the reviewer names exactly the request they looked at. An answer is used
     * once: the request leaves the queue, and a second answer for it finds nothing.
     *
     * @return false when no such request is pending (another run, another call, other
     *     arguments, already answered, or expired)
     */
    public boolean approve(String runId, String callId, String callHash, String reviewer) {
        requireNonNull(reviewer, "reviewer is null");
        return answer(runId, callId, callHash, request -> ApprovalResult.approved(reviewer, request));
    }

    /**
     * Rejects the pending request of run {@code runId} for call {@code callId} with arguments
     * {@code callHash}.
     *
     * @return false when no such request is pending
     */
    public boolean reject(String runId, String callId, String callHash, String reviewer, String reason) {
        requireNonNull(reviewer, "reviewer is null");
        requireNonNull(reason, "reason is null");
        return answer(runId, callId, callHash, request -> ApprovalResult.rejected(reviewer, reason));
    }

    private synchronized boolean answer(String runId, String callId, String callHash,
                                        java.util.function.Function<ApprovalRequest, ApprovalResult> result) {
        requireNonNull(runId, "runId is null");
        requireNonNull(callId, "callId is null");
        requireNonNull(callHash, "callHash is null");
        Instant now = Instant.now();
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            ApprovalRequest request = pending.request();
            if (request.runId().equals(runId) && request.callId().equals(callId) && request.callHash().equals(callHash)
                    && !pending.answer().isDone()) {
                it.remove();
                if (request.expiredAt(now)) {
                    pending.answer().complete(new ApprovalResult.TimedOut("queue", now));
                    return false;
                }
                pending.answer().complete(result.apply(request));
                return true;
            }
        }
        return false;
    }
}
