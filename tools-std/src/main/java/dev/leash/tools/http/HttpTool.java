package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.tools.ToolRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared parts of {@code http_get} and {@code http_post}: checking each hop and following redirects. */
abstract class HttpTool implements Tool {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    final HttpToolsConfig config;
    private final UrlGuard guard;
    private final HttpTransport transport;

    HttpTool(HttpToolsConfig config, HostResolver resolver, HttpTransport transport) {
        this.config = requireNonNull(config, "config is null");
        this.guard = new UrlGuard(config, requireNonNull(resolver, "resolver is null"));
        this.transport = requireNonNull(transport, "transport is null");
    }

    /** The host of the URL, as parsed (IP literals canonical); lexical checks run here too. */
    @Override
    public List<Target> targets(ToolCall call) {
        return List.of(Target.host(guard.parse(spec().name(), call.text("url").orElse(null)).host()));
    }

    ToolResult exchange(String method, ToolCall call, String body, ToolContext context) throws Exception {
        String tool = spec().name();
        Instant deadline = Instant.now().plus(config.timeout());
        if (context.deadline() != null && context.deadline().isBefore(deadline)) {
            deadline = context.deadline();
        }
        UrlGuard.Hop hop = guard.parse(tool, call.text("url").orElse(null));
        String firstHost = hop.host();
        List<String> visited = new ArrayList<>();
        String currentMethod = method;
        String currentBody = body;
        boolean trustedAll = true;
        for (int redirects = 0; ; redirects++) {
            trustedAll &= config.trusts(hop.host());
            List<InetAddress> addresses = guard.addresses(tool, hop);
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw ToolRefusedException.of(tool, "http.timeout", "no time left before the call's deadline");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("User-Agent", "leash-http-tool");
            if (currentBody != null) {
                headers.put("Content-Type", looksLikeJson(currentBody) ? "application/json" : "text/plain; charset=utf-8");
            }
            HttpTransport.Response response = transport.send(new HttpTransport.Request(currentMethod, hop.uri(), addresses,
                    headers, currentBody, left, config.maxResponseBytes()));
            visited.add(hop.uri().toString());
            String location = response.header("Location");
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return result(response, hop.uri(), visited, trustedAll);
            }
            if (redirects >= config.maxRedirects()) {
                throw ToolRefusedException.of(tool, "http.too-many-redirects",
                        "more than " + config.maxRedirects() + " redirects, starting at " + visited.get(0));
            }
            URI next;
            try {
                next = hop.uri().resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw ToolRefusedException.of(tool, "http.bad-redirect", "the redirect to '" + location + "' is not a valid URL");
            }
            UrlGuard.Hop nextHop;
            try {
                nextHop = guard.parse(tool, next.toString());
            } catch (ToolRefusedException e) {
                throw ToolRefusedException.of(tool, e.rule(), "redirect from " + hop.uri() + " refused: " + e.getMessage());
            }
            // Only the first hop is a target the tier's allowlists see: a redirect elsewhere is
            // followed only to a host the tool's own list names, never one it admits as "*".
            if (!nextHop.host().equals(firstHost) && !guard.namesHost(nextHop.host())) {
                throw ToolRefusedException.of(tool, "http.redirect-other-host", "redirect from " + hop.uri() + " to another host ("
                        + nextHop.host() + ") refused: redirects must stay on " + firstHost
                        + (config.hosts().isEmpty() ? " without a tool host allowlist" : " unless the tool host allowlist names the host"));
            }
            if (response.status() == 303 || (response.status() == 301 || response.status() == 302) && !"GET".equals(currentMethod)) {
                currentMethod = "GET";
                currentBody = null;
            }
            hop = nextHop;
        }
    }

    private static ToolResult result(HttpTransport.Response response, URI finalUri, List<String> visited, boolean trusted) {
        StringBuilder text = new StringBuilder();
        text.append("HTTP ").append(response.status()).append(' ').append(finalUri).append('\n');
        String type = response.header("Content-Type");
        if (type != null) {
            text.append("Content-Type: ").append(type).append('\n');
        }
        text.append('\n').append(new String(response.body(), StandardCharsets.UTF_8));
        if (response.truncated()) {
            text.append("\n[response cut off after ").append(response.body().length).append(" bytes]");
        }
        String[] sources = visited.stream().map(u -> "http:" + u).toArray(String[]::new);
        return trusted ? ToolResult.trusted(text.toString(), sources) : ToolResult.untrusted(text.toString(), sources);
    }

    private static boolean looksLikeJson(String body) {
        String t = body.trim();
        return t.startsWith("{") && t.endsWith("}") || t.startsWith("[") && t.endsWith("]");
    }
}
