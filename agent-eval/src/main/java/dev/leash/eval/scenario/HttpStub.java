package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * A stubbed HTTP endpoint. The URL is absolute as the agent will use it; the sandbox serves it
 * from a loopback stub.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} or {@code HEAD}
 * @param url the absolute URL, e.g. {@code https://wiki.novastar.example/page}
 * @param status the response status
 * @param headers response headers, possibly none
 * @param body response body, possibly empty
 */
public record HttpStub(String method, URI url, int status, Map<String, String> headers, String body) {
    public HttpStub {
        requireNonNull(method, "method is null");
        requireNonNull(url, "url is null");
        if (url.getHost() == null) {
            throw new IllegalArgumentException("url must be absolute with a host: " + url);
        }
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        requireNonNull(body, "body is null");
    }
}
