package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an MCP tool's argument, named as a target in configuration ({@code targets: { to: email
 * }}), into the {@link Target} that the tier's allowlists check. Besides the built-in kinds
 * ({@link #KINDS}), a kind of the deployment's own ({@code targets: { iban: payee }}) gives targets
 * of that open kind, checked against {@code safety.allow.targets.<kind>} and denied when that list
 * is not configured. Stateless and thread-safe.
 */
public final class McpTargets {

    /** The built-in target kinds configuration may name; any other valid kind name is a custom kind. */
    public static final List<String> KINDS = List.of("email", "host", "url", "path", "table");

    private McpTargets() {
    }

    /**
     * The target of kind {@code kind} that {@code value} names.
     *
     * <ul>
     *   <li>{@code email}: the bare address ({@code Dana <dana@x.example>} is {@code dana@x.example});
     *   <li>{@code host}: the host, lower case;
     *   <li>{@code url}: the URL's host (a value that is no URL with a host keeps the whole text, which
     *       no host allowlist holds);
     *   <li>{@code path}: relative to {@code root} when it is inside it; otherwise the path as given
     *       (absolute or with {@code ..}, which no path allowlist holds);
     *   <li>{@code table}: the table name;
     *   <li>any other kind ({@code payee}, {@code channel}): a target of that custom kind, the value
     *       trimmed.
     * </ul>
     *
     * @throws IllegalArgumentException for a kind that is neither in {@link #KINDS} nor a valid
     *     custom kind name ({@code [a-z][a-z0-9_]*}), naming it
     */
    public static Target target(String kind, String value, Optional<Path> root) {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        switch (kind) {
            case "email":
                return Target.recipient(address(value));
            case "host":
                return Target.host(value.trim().toLowerCase(Locale.ROOT));
            case "url":
                return Target.host(hostOf(value));
            case "path":
                return Target.path(relative(value, root));
            case "table":
                return Target.table(value.trim());
            default:
                return new Target(Target.Kind.of(kind), value.trim());
        }
    }

    /**
     * Whether {@code kind} may be named in configuration: a built-in kind or a custom kind name.
     *
     * @throws IllegalArgumentException naming the kind and what is accepted, when it is neither
     */
    public static void checkKind(String kind) {
        requireNonNull(kind, "kind is null");
        if (KINDS.contains(kind)) {
            return;
        }
        Target.Kind.of(kind);
    }

    private static String address(String value) {
        String v = value.trim();
        int lt = v.lastIndexOf('<');
        int gt = v.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            v = v.substring(lt + 1, gt).trim();
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static String hostOf(String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getHost() != null) {
                return uri.getHost().toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException e) {
            return value.trim();
        }
        return value.trim();
    }

    private static String relative(String value, Optional<Path> root) {
        String v = value.trim();
        if (root.isEmpty()) {
            return v;
        }
        Path base = root.get().toAbsolutePath().normalize();
        Path path = Path.of(v);
        Path absolute = (path.isAbsolute() ? path : base.resolve(path)).normalize();
        if (!absolute.startsWith(base)) {
            return v;
        }
        String rel = base.relativize(absolute).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }
}
