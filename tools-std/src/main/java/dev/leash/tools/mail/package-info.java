/**
 * E-mail tools over IMAP and SMTP with Jakarta Mail (Angus): {@code read_inbox}, {@code
 * read_email} (READ), {@code draft_email} (WRITE, IMAP APPEND to Drafts), {@code send_email} and
 * {@code forward_email} (IRREVERSIBLE, SMTP). Recipients are parsed as RFC 5322 addresses and
 * reported one target per address; {@code forward_email} reads the original at inspection time so
 * that the guards see its body and attachments. Wire with {@link
 * dev.leash.tools.mail.MailToolsModule}.
 */
package dev.leash.tools.mail;
