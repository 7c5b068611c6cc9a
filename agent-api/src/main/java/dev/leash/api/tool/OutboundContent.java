package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything a call would send or store beyond the process: its arguments and whatever the tool
 * adds itself (the attachments of a forwarded mail, the body of an uploaded file). Leak and
 * taint guards inspect all of it before the call runs.
 *
 * @param parts the pieces of content, each labelled with where it would go
 */
public record OutboundContent(List<Part> parts) {

    /**
     * One piece of outgoing content.
     *
     * @param label what it is, e.g. {@code argument body} or {@code attachment spec.txt}
     * @param text the content as text
     */
    public record Part(String label, String text) {
        public Part {
            requireNonNull(label, "label is null");
            requireNonNull(text, "text is null");
        }
    }

    public OutboundContent {
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
    }

    public static OutboundContent of(List<Part> parts) {
        return new OutboundContent(parts);
    }

    public static OutboundContent none() {
        return new OutboundContent(List.of());
    }

    /** Adds parts, returning a new value. */
    public OutboundContent plus(List<Part> more) {
        return new OutboundContent(java.util.stream.Stream.concat(parts.stream(), more.stream()).toList());
    }
}
