package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A message in the principal's inbox before the run. Seeded in file order, so the n-th message
 * has IMAP UID n.
 *
 * @param id the scenario's name for the message, used by {@code read_email} and {@code forward_email}
 * @param from sender address
 * @param to recipient address (usually the principal)
 * @param subject subject line
 * @param body plain-text body
 * @param attachments attached files, possibly none
 */
public record Mail(String id, String from, String to, String subject, String body, List<Attachment> attachments) {
    public Mail {
        requireNonNull(id, "id is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(body, "body is null");
        attachments = List.copyOf(requireNonNull(attachments, "attachments is null"));
    }
}
