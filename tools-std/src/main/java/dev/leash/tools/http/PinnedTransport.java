package dev.leash.tools.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport} that connects only to the addresses the request carries, the ones the
 * HTTP tools checked: the host name is never resolved again, so a name that answers a public
 * address to the check and a private one to the connection (DNS rebinding) reaches nothing but
 * what was checked. TLS still verifies the certificate against the host name of the URL. Built on
 * Apache HttpClient 5 (its connection manager takes the resolver): no redirects followed, no
 * automatic retries (a POST is sent once), no cookies kept between calls, no proxy from the
 * environment. The client and its connection pool are created on first use and shared.
 * Thread-safe.
 */
final class PinnedTransport implements HttpTransport {

    /** The process's transport ({@link HttpTransport#system()}). */
    static final PinnedTransport SHARED = new PinnedTransport();

    /** Connections open at once to one host, and in all. */
    static final int MAX_PER_HOST = 64;
    static final int MAX_TOTAL = 256;

    /** How long establishing a connection may take, whatever the request's own timeout. */
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);

    /** The checked addresses of the request the calling thread is sending (the client connects on it). */
    private static final ThreadLocal<List<InetAddress>> CHECKED = new ThreadLocal<>();

    /** Answers only with the checked addresses of the request being sent; refuses any other name lookup. */
    private static final DnsResolver CHECKED_ONLY = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            List<InetAddress> addresses = CHECKED.get();
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(host + " (no checked address to connect to)");
            }
            return addresses.toArray(new InetAddress[0]);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    private volatile CloseableHttpClient client;

    private CloseableHttpClient client() {
        CloseableHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClients.custom()
                            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                    .setDnsResolver(CHECKED_ONLY)
                                    // shared by every agent of the process: room for many calls at once
                                    .setMaxConnPerRoute(MAX_PER_HOST)
                                    .setMaxConnTotal(MAX_TOTAL)
                                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT).build())
                                    .build())
                            .disableRedirectHandling()
                            .disableAutomaticRetries()
                            .disableCookieManagement()
                            .disableAuthCaching()
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(request.method()).setUri(request.uri());
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue();
            } else {
                builder.addHeader(header.getKey(), header.getValue());
            }
        }
        if (request.body() != null) {
            ContentType type = contentType == null ? ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)
                    : ContentType.parse(contentType);
            builder.setEntity(new StringEntity(request.body(), type.getCharset() == null ? type.withCharset(StandardCharsets.UTF_8) : type));
        }
        long millis = Math.max(1, request.timeout().toMillis());
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(millis, TimeUnit.MILLISECONDS))
                .setConnectionRequestTimeout(Timeout.of(millis, TimeUnit.MILLISECONDS))
                .build());
        ClassicHttpRequest built = builder.build();
        long max = request.maxResponseBytes();
        CHECKED.set(request.addresses());
        try {
            // opened, not handled: a handler would read a long body to its end to reuse the connection;
            // closing a response read only in part drops its connection instead
            try (ClassicHttpResponse response = client().executeOpen(null, built, context)) {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (Header h : response.getHeaders()) {
                    headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
                }
                byte[] bytes = new byte[0];
                boolean truncated = false;
                HttpEntity entity = response.getEntity();
                if (entity != null) {
                    InputStream in = entity.getContent();
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                    truncated = bytes.length > max;
                    if (truncated) {
                        bytes = java.util.Arrays.copyOf(bytes, (int) max);
                    }
                }
                return new Response(response.getCode(), headers, bytes, truncated);
            }
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while sending " + request.uri());
            }
            throw e;
        } finally {
            CHECKED.remove();
        }
    }
}
