package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

/**
 * A file attached to a seeded mail.
 *
 * @param name the file name
 * @param content its text
 */
public record Attachment(String name, String content) {
    public Attachment {
        requireNonNull(name, "name is null");
        requireNonNull(content, "content is null");
    }
}
