package dev.leash.core.model.internal;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/**
 * A model API answered with an error status. Unlike langchain4j's {@link HttpException} it keeps
 * the {@code Retry-After} the server sent, so retries can honour it. langchain4j maps it to its
 * own exception types with this one as the cause.
 */
public final class ModelHttpException extends HttpException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public ModelHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The server's {@code Retry-After}, if it sent a readable one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
