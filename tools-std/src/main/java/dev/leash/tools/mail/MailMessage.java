package dev.leash.tools.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A message as read from IMAP: enough to show it and to forward it. Immutable.
 *
 * @param id the message's id (Message-ID without angle brackets, or {@code uid-N})
 * @param from the sender as written
 * @param sender the sender's bare address, e.g. {@code cto@example.com}
 * @param to the recipients as written
 * @param subject the subject
 * @param date the sent date, or empty
 * @param body the text body (text/plain, else text/html as is)
 * @param attachments the attachments, flattened from nested parts
 */
record MailMessage(String id, String from, String sender, String to, String subject, String date, String body, List<Attachment> attachments) {

    MailMessage {
        attachments = List.copyOf(attachments);
    }

    /**
     * An attachment.
     *
     * @param name file name
     * @param contentType MIME type without parameters
     * @param bytes content
     */
    record Attachment(String name, String contentType, byte[] bytes) {
        Attachment {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The content as text (UTF-8, bad bytes replaced), for guards and for the model. */
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        boolean isText() {
            String t = contentType.toLowerCase(java.util.Locale.ROOT);
            return t.startsWith("text/") || t.endsWith("json") || t.endsWith("xml") || t.endsWith("csv")
                    || t.equals("application/x-yaml");
        }
    }
}
