package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The top-level {@code backends} block: where an agent's tools connect. Logins are never here;
 * they come from the environment and are bound by impact with {@code Credentials.bind}. A
 * backend left out means "use the embedded default" to the example agents, and "not configured"
 * to anything else. Immutable and thread-safe.
 *
 * <pre>{@code
 * backends:
 *   mail:
 *     imap: { host: imap.example.com, port: 993, security: tls }
 *     smtp: { host: smtp.example.com, port: 587, security: starttls }
 *     address: alex@example.com
 *   files: { root: /srv/ops }
 *   database: { url: "jdbc:postgresql://db.example.com/shop" }
 * }</pre>
 *
 * @param mail the mail servers, if configured
 * @param filesRoot the directory the file tools are confined to, if configured
 * @param databaseUrl the JDBC URL of the database, if configured
 */
public record BackendsConfig(Optional<Mail> mail, Optional<Path> filesRoot, Optional<String> databaseUrl) {

    /** The values {@code security} accepts. */
    public static final List<String> SECURITY = List.of("plain", "starttls", "tls");

    public BackendsConfig {
        requireNonNull(mail, "mail is null");
        requireNonNull(filesRoot, "filesRoot is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        databaseUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:")) {
                throw ConfigurationException.invalidValue("backends.database.url", null, url, "a JDBC URL starting with 'jdbc:'");
            }
        });
    }

    /** Nothing configured. */
    public static BackendsConfig none() {
        return new BackendsConfig(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A mail server.
     *
     * @param host host name
     * @param port port, 1 to 65535
     * @param security {@code plain}, {@code starttls} or {@code tls} (lower case)
     */
    public record Server(String host, int port, String security) {
        public Server {
            if (host == null || host.isBlank()) {
                throw ConfigurationException.invalidValue("host", null, host, "a host name");
            }
            if (port < 1 || port > 65535) {
                throw ConfigurationException.invalidValue("port", null, port, "a port between 1 and 65535");
            }
            requireNonNull(security, "security is null");
            security = security.toLowerCase(Locale.ROOT);
            if (!SECURITY.contains(security)) {
                throw ConfigurationException.invalidValue("security", null, security, "one of " + String.join(", ", SECURITY));
            }
        }
    }

    /**
     * The mail backend.
     *
     * @param imap the IMAP server (inbox, drafts)
     * @param smtp the SMTP server (sending)
     * @param address the mailbox's address, the sender of what is sent; empty: the principal
     */
    public record Mail(Server imap, Server smtp, Optional<String> address) {
        public Mail {
            requireNonNull(imap, "imap is null");
            requireNonNull(smtp, "smtp is null");
            requireNonNull(address, "address is null");
        }
    }
}
