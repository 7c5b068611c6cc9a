package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a call's targets from the arguments a tool declares ({@link ToolSpec#targets()}: argument
 * name to kind name). This is what {@link Tool#targets} does by default, so an annotated method, a
 * class tool with a spec, a scenario's simulated tool or an MCP tool meets the same allowlists as
 * the standard tools.
 *
 * <p>Per kind, each value of the argument (a string, or each string of an array; other values as
 * their JSON text) becomes a target:
 * <ul>
 *   <li>{@code email}: split at {@code ,} and {@code ;} into recipients, each the address inside
 *       {@code <...>} if given, lower-cased. A value with quotes is kept whole, so it never parses
 *       as an allowlisted address (fail closed).
 *   <li>{@code url}: the URL's host, as a {@code host} target; a value that is not an absolute URL
 *       with a host is kept as written, which no host allowlist admits.
 *   <li>{@code host}: lower-cased. {@code path}, {@code table} and custom kinds: trimmed.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Targets {

    /** The kind name that declares a URL argument; its targets are {@code host} targets. */
    public static final String URL = "url";

    private Targets() {
    }

    /** Whether {@code kind} may be declared for an argument: a kind name, or {@link #URL}. */
    public static void checkDeclaredKind(String tool, String argument, String kind) {
        if (URL.equals(kind)) {
            return;
        }
        try {
            Target.Kind.of(kind);
        } catch (IllegalArgumentException e) {
            throw ToolDefinitionException.badSchema(tool, "argument '" + argument + "' declares target kind '" + kind
                    + "': use email, host, url, path, table or a lower-case name of the tool's own such as payee");
        }
    }

    /** The targets of {@code call} for the arguments {@code declared} names (argument to kind). */
    public static List<Target> fromArguments(Map<String, String> declared, ToolCall call) {
        requireNonNull(declared, "declared is null");
        requireNonNull(call, "call is null");
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, String> entry : declared.entrySet()) {
            JsonNode node = call.argument(entry.getKey()).orElse(null);
            if (node == null || node.isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(item -> values.add(item.isTextual() ? item.asText() : item.toString()));
            } else {
                values.add(node.isTextual() ? node.asText() : node.toString());
            }
            for (String value : values) {
                targets.addAll(of(entry.getValue(), value));
            }
        }
        return List.copyOf(targets);
    }

    /** The targets one argument value of kind {@code kind} names. */
    public static List<Target> of(String kind, String value) {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        if (URL.equals(kind)) {
            return List.of(Target.host(hostOf(value)));
        }
        Target.Kind k = Target.Kind.of(kind);
        if (k == Target.Kind.EMAIL_RECIPIENT) {
            return recipients(value).stream().map(Target::recipient).toList();
        }
        if (k == Target.Kind.HTTP_HOST) {
            return List.of(Target.host(value.trim().toLowerCase(Locale.ROOT)));
        }
        return List.of(new Target(k, value.trim()));
    }

    private static List<String> recipients(String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            return List.of(value);
        }
        List<String> addresses = new ArrayList<>();
        for (String part : value.split("[,;]")) {
            String a = part.trim();
            if (a.isEmpty()) {
                continue;
            }
            int open = a.lastIndexOf('<');
            int close = a.lastIndexOf('>');
            if (open >= 0 && close > open) {
                a = a.substring(open + 1, close).trim();
            }
            addresses.add(a.toLowerCase(Locale.ROOT));
        }
        return addresses.isEmpty() ? List.of(value) : addresses;
    }

    private static String hostOf(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getHost().toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException e) {
            // kept as written below: no allowlist admits it
        }
        return url;
    }
}
