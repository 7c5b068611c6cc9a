package dev.leash.integration;

import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What kind of target an argument of a framework's tool names, so that the tier's allowlists
 * ({@code safety.allow}) apply to it as to Leash's standard tools.
 */
public enum TargetKind {
    /** E-mail recipients (one or several, separated by commas); checked against {@code email_domains}. */
    EMAIL("email"),
    /** A host name; checked against {@code http_hosts}. */
    HOST("host"),
    /** A URL whose host is checked against {@code http_hosts}; a URL without a host names an empty host (outside). */
    URL("url"),
    /** A path relative to the file root; checked against {@code paths}. */
    PATH("path"),
    /** A database table; checked against {@code tables}. */
    TABLE("table");

    private final String label;

    TargetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The kind named {@code label} ({@code email}, {@code host}, {@code url}, {@code path},
     * {@code table}).
     *
     * @throws ConfigurationException naming the valid kinds when {@code label} is none of them
     */
    public static TargetKind of(String label, String where) {
        for (TargetKind kind : values()) {
            if (kind.label.equals(label == null ? null : label.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw ConfigurationException.invalidValue(where, "integration", String.valueOf(label),
                "one of the target kinds " + Arrays.stream(values()).map(TargetKind::label).toList());
    }

    /** The targets one argument value names. */
    List<Target> targetsOf(String value) {
        switch (this) {
            case EMAIL: {
                List<Target> recipients = new ArrayList<>();
                for (String part : value.split("[,;]")) {
                    String address = part.trim();
                    int open = address.lastIndexOf('<');
                    int close = address.lastIndexOf('>');
                    if (open >= 0 && close > open) {
                        address = address.substring(open + 1, close).trim();
                    }
                    if (!address.isEmpty()) {
                        recipients.add(Target.recipient(address));
                    }
                }
                return recipients.isEmpty() ? List.of(Target.recipient(value)) : recipients;
            }
            case HOST:
                return List.of(Target.host(value.trim()));
            case URL: {
                String host;
                try {
                    host = URI.create(value.trim()).getHost();
                } catch (IllegalArgumentException e) {
                    host = null;
                }
                return List.of(Target.host(host == null ? "" : host));
            }
            case PATH:
                return List.of(Target.path(value.trim()));
            default:
                return List.of(Target.table(value.trim()));
        }
    }
}
