package dev.leash.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How Leash retries a model request that failed for a transient reason: HTTP 429 (honouring
 * {@code Retry-After}), HTTP 408 and 5xx, timeouts and refused connections. Other failures
 * (400, 401, 403, 404, a body that cannot be read) are not retried. langchain4j's own retries
 * are switched off so that this policy is the only one. Immutable and thread-safe.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code baseDelay * 2^(n-1)}, or the server's
 * {@code Retry-After} when it sent one; either is capped at {@code maxDelay}. When the waits of
 * a request would add up to more than {@code maxTotalWait}, Leash gives up at once.
 *
 * @param maxAttempts requests per model call, the first included (default 4)
 * @param baseDelay first backoff delay (default 500 ms)
 * @param maxDelay cap on any single wait, {@code Retry-After} included (default 30 s)
 * @param maxTotalWait cap on the waits of one model call added up (default 60 s)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotalWait) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        requireNonNull(baseDelay, "baseDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        requireNonNull(maxTotalWait, "maxTotalWait is null");
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxTotalWait.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** 4 attempts, 500 ms base delay, 30 s cap per wait, 60 s cap in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** One attempt only. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxTotalWait);
    }

    public RetryPolicy withBaseDelay(Duration delay) {
        return new RetryPolicy(maxAttempts, delay, maxDelay, maxTotalWait);
    }

    public RetryPolicy withMaxDelay(Duration delay) {
        return new RetryPolicy(maxAttempts, baseDelay, delay, maxTotalWait);
    }

    public RetryPolicy withMaxTotalWait(Duration wait) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, wait);
    }

    /**
     * The wait before retry number {@code retry} (1-based): the server's {@code Retry-After} if
     * given, else exponential backoff; capped at {@link #maxDelay()}.
     */
    public Duration delayBefore(int retry, Duration retryAfter) {
        Duration wanted;
        if (retryAfter != null) {
            wanted = retryAfter;
        } else {
            int shift = Math.min(Math.max(retry - 1, 0), 30);
            wanted = baseDelay.multipliedBy(1L << shift);
        }
        return wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted;
    }

    /** Waits between attempts. Tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        /** {@link Thread#sleep(long)}. */
        static Sleeper system() {
            return duration -> Thread.sleep(duration.toMillis());
        }
    }
}
