package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carries one request that has passed every check (scheme, host allowlist, public addresses) and
 * brings back the response without following redirects: the HTTP tools follow them themselves,
 * checking each hop. The default ({@link #system()}) connects to the checked addresses only; a harness can route checked
 * requests elsewhere (e.g. {@link #routedTo} a loopback stub). Implementations must be
 * thread-safe, must not follow redirects, and should stop reading the body after {@link
 * Request#maxResponseBytes()}.
 */
@FunctionalInterface
public interface HttpTransport {

    /**
     * A checked request.
     *
     * @param method {@code GET} or {@code POST}
     * @param uri the URL as checked
     * @param addresses the addresses the host resolved to, all checked (the literal for IP hosts)
     * @param headers request headers to send
     * @param body the body ({@code null} for none)
     * @param timeout how long the whole exchange may take
     * @param maxResponseBytes read at most this many bytes of the body
     */
    record Request(String method, URI uri, List<InetAddress> addresses, Map<String, String> headers, String body,
                   Duration timeout, long maxResponseBytes) {
        public Request {
            requireNonNull(method, "method is null");
            requireNonNull(uri, "uri is null");
            addresses = List.copyOf(requireNonNull(addresses, "addresses is null"));
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
            requireNonNull(timeout, "timeout is null");
        }
    }

    /**
     * A response.
     *
     * @param status HTTP status code
     * @param headers response headers, names in any case
     * @param body the body bytes, at most {@code maxResponseBytes}
     * @param truncated whether the body was longer and was cut off
     */
    record Response(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
        public Response {
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            requireNonNull(headers, "headers is null").forEach((k, v) -> {
                if (k != null) {
                    copy.put(k, List.copyOf(v));
                }
            });
            headers = java.util.Collections.unmodifiableMap(copy);
            body = requireNonNull(body, "body is null").clone();
        }

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * Sends the request and returns the response (redirects are returned, not followed).
     */
    Response send(Request request) throws IOException, InterruptedException;

    /**
     * The default: connects only to the addresses the tools checked ({@link Request#addresses()}),
     * never resolving the host name again, so a name whose answer changes between the check and
     * the connection (DNS rebinding) reaches only what was checked; no redirects followed, no
     * retries, no cookies kept between calls. One transport, and one connection pool, for the
     * whole process (it is thread-safe and keeps nothing of a call but idle connections), so that
     * building many agents opens no pool per agent; created on first use.
     */
    static HttpTransport system() {
        return PinnedTransport.SHARED;
    }

    /**
     * {@code java.net.http}, no redirects followed. It resolves the host name again when it
     * connects, so the address it reaches may not be the one checked: prefer {@link #system()}.
     */
    static HttpTransport javaNet() {
        return new JavaNetTransport(null);
    }

    /**
     * Sends every checked request to {@code base} (scheme, host and port; e.g. a loopback
     * WireMock), keeping the path and query, and adding the header {@code X-Leash-Original-Url}
     * with the URL as checked. For test harnesses: the guards judge the URL as written, the
     * request reaches the stub.
     */
    static HttpTransport routedTo(URI base) {
        return new JavaNetTransport(requireNonNull(base, "base is null"));
    }
}
