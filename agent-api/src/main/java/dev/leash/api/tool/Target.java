package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Something a call acts on or sends to, that allowlists check: a recipient, a host, a path, a
 * table, or a target of a kind the tool names itself (a payee, a chat channel, an account). Tools
 * report their targets so that policies need not parse tool arguments; the allowlist of a kind
 * applies to every tool's targets of that kind.
 *
 * @param kind what sort of target
 * @param value the parsed value (a bare address {@code x@evil.example}, a host, a relative path, a
 *     table, a payee's account number)
 */
public record Target(Kind kind, String value) {

    /**
     * A kind of target, each with an allowlist in {@code safety.allow}. The built-in kinds are
     * {@link #EMAIL_RECIPIENT} ({@code email}), {@link #HTTP_HOST} ({@code host}), {@link #PATH}
     * ({@code path}) and {@link #SQL_TABLE} ({@code table}); any other name ({@code payee}, {@code
     * channel}, ...) is a custom kind, checked against {@code safety.allow.targets.<name>}, closed
     * when that list is not configured.
     *
     * <p>Kinds are canonical: {@link #of(String)} returns the same instance for the same name, so
     * kinds may be compared with {@code ==}. Immutable and thread-safe.
     */
    public static final class Kind {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
        private static final Map<String, Kind> KINDS = new ConcurrentHashMap<>();

        /** An e-mail recipient; checked against {@code email_domains} by its parsed domain. */
        public static final Kind EMAIL_RECIPIENT = register("email");
        /** A host a request goes to; checked against {@code http_hosts}. */
        public static final Kind HTTP_HOST = register("host");
        /** A path relative to the file root; checked against {@code paths}. */
        public static final Kind PATH = register("path");
        /** A database table; checked against {@code tables}. */
        public static final Kind SQL_TABLE = register("table");

        private static final List<Kind> BUILT_IN = List.of(EMAIL_RECIPIENT, HTTP_HOST, PATH, SQL_TABLE);

        private final String name;

        private Kind(String name) {
            this.name = name;
        }

        private static Kind register(String name) {
            Kind kind = new Kind(name);
            KINDS.put(name, kind);
            return kind;
        }

        /**
         * The kind named {@code name}: {@code email}, {@code host}, {@code path}, {@code table}, or
         * a custom kind ({@code [a-z][a-z0-9_]*}). {@code url} is not a kind of
         * its own: an argument declared {@code url} yields {@link #HTTP_HOST} targets (see {@link
         * Targets}).
         *
         * @throws IllegalArgumentException for a name outside that pattern, naming it
         */
        public static Kind of(String name) {
            requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid target kind '" + name
                        + "': use a lower-case name such as payee or channel ([a-z][a-z0-9_]*)");
            }
            return KINDS.computeIfAbsent(name, Kind::new);
        }

        /** The built-in kinds, in the order {@code email}, {@code host}, {@code path}, {@code table}. */
        public static List<Kind> values() {
            return BUILT_IN;
        }

        /** The kind's name, as written in {@code targets:} declarations and {@code allow.targets}. */
        public String name() {
            return name;
        }

        /** True for {@code email}, {@code host}, {@code path} and {@code table}. */
        public boolean isBuiltIn() {
            return BUILT_IN.contains(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public Target {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
    }

    /** A target of kind {@code kind} (built-in or custom), e.g. {@code Target.of("payee", "DE89...")}. */
    public static Target of(String kind, String value) {
        return new Target(Kind.of(kind), value);
    }

    public static Target recipient(String address) {
        return new Target(Kind.EMAIL_RECIPIENT, address);
    }

    public static Target host(String host) {
        return new Target(Kind.HTTP_HOST, host);
    }

    public static Target path(String path) {
        return new Target(Kind.PATH, path);
    }

    public static Target table(String table) {
        return new Target(Kind.SQL_TABLE, table);
    }
}
