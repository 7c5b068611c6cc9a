package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * A login for a backend service, scoped to an impact (a read-only database user, a mailbox login
 * allowed to send). {@link #toString()} never shows the secret.
 *
 * @param service the service it is for, e.g. {@code smtp}, {@code jdbc}
 * @param user user name
 * @param secret password or token
 * @param impact the highest impact it is meant for
 */
public record Credential(String service, String user, String secret, Impact impact) {

    public Credential {
        requireNonNull(service, "service is null");
        requireNonNull(user, "user is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(impact, "impact is null");
    }

    @Override
    public String toString() {
        return "Credential[service=" + service + ", user=" + user + ", secret=****, impact=" + impact + "]";
    }
}
