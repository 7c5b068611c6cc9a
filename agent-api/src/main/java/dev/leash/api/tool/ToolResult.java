package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * What a tool returned: text for the model, and where it came from.
 *
 * @param content the result as the model will see it (before redaction)
 * @param provenance trust and sources of the content
 */
public record ToolResult(String content, Provenance provenance) {

    public ToolResult {
        requireNonNull(content, "content is null");
        requireNonNull(provenance, "provenance is null");
    }

    /** A result produced inside the deployment (e.g. "file written"). */
    public static ToolResult trusted(String content, String... sources) {
        return new ToolResult(content, Provenance.trusted(sources));
    }

    /** A result carrying outside content (mail, web, uploads) that may hold injected instructions. */
    public static ToolResult untrusted(String content, String... sources) {
        return new ToolResult(content, Provenance.untrusted(sources));
    }
}
