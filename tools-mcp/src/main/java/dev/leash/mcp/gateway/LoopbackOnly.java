package dev.leash.mcp.gateway;

import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses HTTP requests to the gateway whose {@code Host} is not a loopback name, or whose {@code
 * Origin} (when a browser sends one) is not a loopback page: a web page the user visits cannot
 * reach the gateway through DNS rebinding. Stateless and thread-safe.
 */
final class LoopbackOnly implements ServerTransportSecurityValidator {

    private static final Pattern HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?");
    private static final Pattern ORIGIN = Pattern.compile("https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?");

    @Override
    public void validateHeaders(Map<String, List<String>> headers) throws ServerTransportSecurityException {
        String host = header(headers, "host");
        if (host == null || !HOST.matcher(host.trim().toLowerCase(Locale.ROOT)).matches()) {
            throw new ServerTransportSecurityException(403, "the Leash gateway answers only requests to 127.0.0.1 or localhost, not Host " + host);
        }
        String origin = header(headers, "origin");
        if (origin != null && !ORIGIN.matcher(origin.trim().toLowerCase(Locale.ROOT)).matches()) {
            throw new ServerTransportSecurityException(403, "the Leash gateway refuses requests from the page " + origin);
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
