/**
 * The inbox example agent: the standard mail tools and a custom READ {@code lookup_contact}
 * directory, on an embedded GreenMail server or on configured IMAP and SMTP servers.
 */
package dev.leash.examples.inbox;
