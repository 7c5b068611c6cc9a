package dev.leash.core.model.internal;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.leash.api.plan.ModelException;
import dev.leash.core.model.RetryPolicy;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a model request under a {@link RetryPolicy}: transient faults (HTTP 408, 429, 5xx,
 * timeouts, refused connections) are retried with backoff or after the server's {@code
 * Retry-After}; anything else, or running out of attempts or of total wait, ends in a
 * {@link ModelException} whose message says what failed. Secrets are removed from messages.
 * Thread-safe.
 */
public final class Retrier {

    private static final int MAX_BODY = 300;

    private final String provider;
    private final RetryPolicy policy;
    private final RetryPolicy.Sleeper sleeper;
    private final List<String> secrets;

    public Retrier(String provider, RetryPolicy policy, RetryPolicy.Sleeper sleeper, List<String> secrets) {
        this.provider = requireNonNull(provider, "provider is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** The result of {@code request}, retried as the policy says. */
    public <T> T call(Supplier<T> request) {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            Failure failure;
            try {
                return request.get();
            } catch (RuntimeException e) {
                failure = classify(e);
                if (!failure.transientFault()) {
                    throw new ModelException(provider, hide(provider + " model request failed: " + failure.description()), e);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new ModelException(provider, hide(provider + " model request failed after " + attempt
                            + (attempt == 1 ? " attempt: " : " attempts: ") + failure.description()), e);
                }
                Duration delay = policy.delayBefore(attempt, failure.retryAfter().orElse(null));
                if (waited.plus(delay).compareTo(policy.maxTotalWait()) > 0) {
                    throw new ModelException(provider, hide(provider + " model request failed after " + attempt
                            + " attempt(s), giving up: another wait of " + delay.toMillis() + " ms would exceed the"
                            + " retry budget of " + policy.maxTotalWait().toMillis() + " ms: " + failure.description()), e);
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ModelException(provider, "interrupted while waiting to retry the model request", e);
                }
                waited = waited.plus(delay);
            }
        }
    }

    /** What went wrong, and whether trying again may help. */
    record Failure(boolean transientFault, Optional<Duration> retryAfter, String description) {
    }

    static Failure classify(Throwable error) {
        Throwable t = error;
        Optional<Duration> retryAfter = Optional.empty();
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof HttpException http) {
                if (http instanceof ModelHttpException leash) {
                    retryAfter = leash.retryAfter();
                }
                int status = http.statusCode();
                boolean transientFault = status == 408 || status == 429 || status >= 500;
                return new Failure(transientFault, retryAfter, "HTTP " + status + body(http.getMessage()));
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new Failure(true, retryAfter, "timed out while connecting (" + t.getMessage() + ")");
            }
            // langchain4j wraps both a 408 and Leash's own request timeout in its TimeoutException:
            // when it has a cause, the cause (status or JDK timeout) says more, so look there
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException && t.getCause() == null) {
                return new Failure(true, retryAfter, "timed out (" + t.getMessage() + ")");
            }
            if (t instanceof ConnectException) {
                return new Failure(true, retryAfter, "could not connect (" + t + ")");
            }
        }
        if (error instanceof RateLimitException || error instanceof InternalServerException
                || error instanceof dev.langchain4j.exception.TimeoutException) {
            return new Failure(true, Optional.empty(), String.valueOf(root(error)));
        }
        return new Failure(false, Optional.empty(), String.valueOf(root(error)));
    }

    private static Throwable root(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String body(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String compact = body.strip().replaceAll("\\s+", " ");
        return ": " + (compact.length() > MAX_BODY ? compact.substring(0, MAX_BODY) + "..." : compact);
    }

    private String hide(String message) {
        String text = message;
        for (String secret : secrets) {
            text = text.replace(secret, "***");
        }
        return text;
    }
}
