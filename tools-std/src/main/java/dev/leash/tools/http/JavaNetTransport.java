package dev.leash.tools.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** {@link HttpTransport} over {@code java.net.http}, optionally re-routed to a fixed base. Thread-safe. */
final class JavaNetTransport implements HttpTransport {

    static final String ORIGINAL_URL_HEADER = "X-Leash-Original-Url";

    private final URI base;
    private volatile HttpClient client;

    JavaNetTransport(URI base) {
        this.base = base;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        URI target = request.uri();
        HttpRequest.Builder builder;
        if (base != null) {
            String path = request.uri().getRawPath() == null || request.uri().getRawPath().isEmpty()
                    ? "/" : request.uri().getRawPath();
            String query = request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery();
            try {
                target = new URI(base.getScheme() + "://" + base.getRawAuthority() + path + query);
            } catch (URISyntaxException e) {
                throw new IOException("cannot route " + request.uri() + " to " + base, e);
            }
        }
        builder = HttpRequest.newBuilder(target).timeout(request.timeout());
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (base != null) {
            builder.header(ORIGINAL_URL_HEADER, request.uri().toString());
        }
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        }
        HttpResponse<InputStream> response = client().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            long max = request.maxResponseBytes();
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            boolean truncated = bytes.length > max;
            if (truncated) {
                bytes = java.util.Arrays.copyOf(bytes, (int) max);
            }
            return new Response(response.statusCode(), response.headers().map(), bytes, truncated);
        }
    }
}
