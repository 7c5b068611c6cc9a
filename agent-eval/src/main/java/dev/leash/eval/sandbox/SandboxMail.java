package dev.leash.eval.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * How the mail tools reach the sandbox's mail server: SMTP and IMAP without TLS on loopback, and the
 * principal's account. Every seeded message carries the header {@link #ID_HEADER} with its scenario
 * id and the Message-ID {@code <id>} (what the mail tools take as the id); messages are seeded in file order, so
 * {@link #uidOf(String)} gives the IMAP UID of a scenario id. Immutable.
 *
 * @param host the loopback address both servers listen on
 * @param smtpPort SMTP port
 * @param imapPort IMAP port
 * @param address the principal's address (the sender of outgoing mail)
 * @param login the IMAP login (the address)
 * @param password the IMAP password
 * @param uids IMAP UID of each seeded message by its scenario id
 */
public record SandboxMail(String host, int smtpPort, int imapPort, String address, String login, String password,
                          Map<String, Long> uids) {

    /** Header naming a seeded message's scenario id. */
    public static final String ID_HEADER = "X-Leash-Scenario-Id";

    public SandboxMail {
        requireNonNull(host, "host is null");
        requireNonNull(address, "address is null");
        requireNonNull(login, "login is null");
        requireNonNull(password, "password is null");
        uids = Map.copyOf(requireNonNull(uids, "uids is null"));
    }

    /** The IMAP UID of the message the scenario calls {@code id}. */
    public Optional<Long> uidOf(String id) {
        return Optional.ofNullable(uids.get(id));
    }

    /** The Message-ID header of a seeded message. */
    public static String messageIdOf(String id) {
        return "<" + id + ">";
    }
}
