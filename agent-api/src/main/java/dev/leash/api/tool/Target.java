package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * Something a call acts on or sends to, that allowlists check: a recipient, a host, a path, a
 * table. Tools report their targets so that policies need not parse tool arguments.
 *
 * @param kind what sort of target
 * @param value the parsed value (a bare address {@code x@evil.example}, a host, a relative path, a table)
 */
public record Target(Kind kind, String value) {

    /** Kinds of target, each with an allowlist in {@code safety.allow}. */
    public enum Kind {
        /** An e-mail recipient; checked against {@code email_domains} by its parsed domain. */
        EMAIL_RECIPIENT,
        /** A host a request goes to; checked against {@code http_hosts}. */
        HTTP_HOST,
        /** A path relative to the file root; checked against {@code paths}. */
        PATH,
        /** A database table; checked against the configured tables. */
        SQL_TABLE
    }

    public Target {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
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
