package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where the content of a tool result came from, and whether it is inside the deployment's trust
 * boundary. Content from an inbox, a web page, an uploaded file or rows marked untrusted is
 * {@link Trust#UNTRUSTED}: it may carry injected instructions, and guards track it.
 *
 * @param trust trusted or not
 * @param sources retrieval sources (a mail id and sender, a URL, a path, a table), for the audit log
 */
public record Provenance(Trust trust, List<String> sources) {

    /** Whether content is inside the trust boundary. */
    public enum Trust { TRUSTED, UNTRUSTED }

    public Provenance {
        requireNonNull(trust, "trust is null");
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
    }

    public static Provenance trusted(String... sources) {
        return new Provenance(Trust.TRUSTED, List.of(sources));
    }

    public static Provenance untrusted(String... sources) {
        return new Provenance(Trust.UNTRUSTED, List.of(sources));
    }

    public boolean isUntrusted() {
        return trust == Trust.UNTRUSTED;
    }
}
