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
 * #pending()} shows what waits; {@link #approve} and {@link #reject} answer the oldest pending
 * request with a given call hash. No answer in time is {@link ApprovalResult.TimedOut}, and the
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
     * Approves the oldest pending request with {@code callHash}.
     *
     * @return false when no request with that hash is pending
     */
    public boolean approve(String callHash, String reviewer) {
        return answer(callHash, request -> ApprovalResult.approved(reviewer, request));
    }

    /**
     * Rejects the oldest pending request with {@code callHash}.
     *
     * @return false when no request with that hash is pending
     */
    public boolean reject(String callHash, String reviewer, String reason) {
        return answer(callHash, request -> ApprovalResult.rejected(reviewer, reason));
    }

    private synchronized boolean answer(String callHash, java.util.function.Function<ApprovalRequest, ApprovalResult> result) {
        requireNonNull(callHash, "callHash is null");
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.request().callHash().equals(callHash) && !pending.answer().isDone()) {
                it.remove();
                pending.answer().complete(result.apply(pending.request()));
                return true;
            }
        }
        return false;
    }
}
