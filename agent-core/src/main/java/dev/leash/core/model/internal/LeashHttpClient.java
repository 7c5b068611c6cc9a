package dev.leash.core.model.internal;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The langchain4j HTTP client Leash gives every model: the JDK client, except that an error
 * response becomes a {@link ModelHttpException} carrying the server's {@code Retry-After}, and a
 * request that takes longer than the read timeout becomes a langchain4j {@link TimeoutException}.
 * It never logs requests or headers (the API key travels in them). Streaming is delegated to
 * langchain4j's JDK client. Thread-safe.
 */
public final class LeashHttpClient implements HttpClient {

    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "upgrade", "expect");

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;
    private final Clock clock;
    private final JdkHttpClient streaming;

    LeashHttpClient(Duration connectTimeout, Duration readTimeout, Clock clock) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.client = builder.build();
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.streaming = JdkHttpClient.builder().connectTimeout(connectTimeout).readTimeout(readTimeout).build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        switch (request.method()) {
            case GET:
                builder.GET();
                break;
            case DELETE:
                builder.DELETE();
                break;
            default:
                if (!request.formDataFiles().isEmpty() || !request.formDataFields().isEmpty()) {
                    throw new UnsupportedOperationException("form data is not used by chat models");
                }
                builder.POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.body() == null ? "" : request.body()));
        }
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException("no answer within " + readTimeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            Duration retryAfter = response.headers().firstValue("Retry-After")
                    .map(value -> parseRetryAfter(value, clock.instant()))
                    .orElse(null);
            throw new ModelHttpException(status, response.body(), retryAfter);
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(status)
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    /** A {@code Retry-After} value (seconds, or an HTTP-date) as a wait; null when unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        String text = value.trim();
        try {
            double seconds = Double.parseDouble(text);
            return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            // an HTTP-date
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
