package dev.leash.tools.mail;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Configuration of the e-mail tools. Immutable; validated on construction. Logins are not here:
 * they come from the credential provider ({@code imap}, {@code smtp}) by the call's impact.
 *
 * @param imap the IMAP server (inbox, drafts, originals to forward)
 * @param smtp the SMTP server (send, forward)
 * @param inboxFolder the folder read as the inbox (default {@code INBOX})
 * @param draftsFolder the folder drafts are appended to, created if missing (default {@code Drafts})
 * @param from the sender address; empty (default) uses the SMTP login's user name
 * @param domains the tools' own recipient domain allowlist, checked on each parsed address:
 *     exact domains ({@code example.com}) or {@code *.example.com} for subdomains. Empty (default)
 *     means no extra check in the tool; the tier's closed {@code email_domains} still applies.
 * @param maxMessages most messages {@code read_inbox} lists, the newest (default 50)
 * @param maxBodyChars characters of a body or attachment shown to the model (default 100000)
 * @param timeout connect and read timeout for each server (default 10 s)
 */
public record MailToolsConfig(Server imap, Server smtp, String inboxFolder, String draftsFolder, Optional<String> from,
                              List<String> domains, int maxMessages, int maxBodyChars, Duration timeout) {

    /** How a connection is protected. */
    public enum Security {
        /** No encryption (a local test server only). */
        PLAIN,
        /** Plain connection upgraded with STARTTLS, which is required. */
        STARTTLS,
        /** TLS from the start (imaps, smtps). */
        TLS
    }

    /**
     * A mail server.
     *
     * @param host host name
     * @param port port
     * @param security how the connection is protected
     */
    public record Server(String host, int port, Security security) {
        public Server {
            if (host == null || host.isBlank()) {
                throw ConfigurationException.invalidValue("mail.host", null, host, "a host name");
            }
            if (port < 1 || port > 65535) {
                throw ConfigurationException.invalidValue("mail.port", null, port, "a port between 1 and 65535");
            }
            requireNonNull(security, "security is null");
        }

        public static Server of(String host, int port, Security security) {
            return new Server(host, port, security);
        }
    }

    public MailToolsConfig {
        requireNonNull(imap, "imap is null");
        requireNonNull(smtp, "smtp is null");
        if (inboxFolder == null || inboxFolder.isBlank()) {
            throw ConfigurationException.invalidValue("mail.inbox_folder", null, inboxFolder, "a folder name");
        }
        if (draftsFolder == null || draftsFolder.isBlank()) {
            throw ConfigurationException.invalidValue("mail.drafts_folder", null, draftsFolder, "a folder name");
        }
        requireNonNull(from, "from is null");
        List<String> normalised = new ArrayList<>();
        for (String domain : requireNonNull(domains, "domains is null")) {
            if (domain == null || !domain.matches("(\\*\\.)?[A-Za-z0-9.\\-]+")) {
                throw ConfigurationException.invalidValue("mail.domains", null, domain, "a domain such as example.com or *.example.com");
            }
            normalised.add(domain.toLowerCase(Locale.ROOT));
        }
        domains = List.copyOf(normalised);
        if (maxMessages < 1) {
            throw ConfigurationException.invalidValue("mail.max_messages", null, maxMessages, "a positive number");
        }
        if (maxBodyChars < 1) {
            throw ConfigurationException.invalidValue("mail.max_body_chars", null, maxBodyChars, "a positive number");
        }
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw ConfigurationException.invalidValue("mail.timeout", null, timeout, "a positive duration");
        }
    }

    /** The given servers with the defaults: INBOX, Drafts, sender from the login, no domain list. */
    public static MailToolsConfig of(Server imap, Server smtp) {
        return new MailToolsConfig(imap, smtp, "INBOX", "Drafts", Optional.empty(), List.of(), 50, 100_000,
                Duration.ofSeconds(10));
    }

    public MailToolsConfig withFrom(String address) {
        return new MailToolsConfig(imap, smtp, inboxFolder, draftsFolder, Optional.of(address), domains, maxMessages,
                maxBodyChars, timeout);
    }

    public MailToolsConfig withDomains(List<String> allowed) {
        return new MailToolsConfig(imap, smtp, inboxFolder, draftsFolder, from, allowed, maxMessages, maxBodyChars, timeout);
    }

    public MailToolsConfig withFolders(String inbox, String drafts) {
        return new MailToolsConfig(imap, smtp, inbox, drafts, from, domains, maxMessages, maxBodyChars, timeout);
    }

    public MailToolsConfig withMaxMessages(int max) {
        return new MailToolsConfig(imap, smtp, inboxFolder, draftsFolder, from, domains, max, maxBodyChars, timeout);
    }

    public MailToolsConfig withMaxBodyChars(int max) {
        return new MailToolsConfig(imap, smtp, inboxFolder, draftsFolder, from, domains, maxMessages, max, timeout);
    }

    public MailToolsConfig withTimeout(Duration limit) {
        return new MailToolsConfig(imap, smtp, inboxFolder, draftsFolder, from, domains, maxMessages, maxBodyChars, limit);
    }
}
