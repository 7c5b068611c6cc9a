package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code safety.approvals}: which gate reviews approval-gated calls. Immutable.
 *
 * @param gate the gate (default {@link Gate#DENY})
 * @param url the reviewer endpoint, required for {@link Gate#WEBHOOK}
 * @param timeout how long to wait for a human (default 30 s); no answer in time = denied
 */
public record ApprovalsConfig(Gate gate, Optional<URI> url, Duration timeout) {

    /** The approval gates a deployment can name. */
    public enum Gate {
        /** Every approval-gated call is denied (nobody is watching). */
        DENY,
        /** A person at the terminal answers y/n. */
        CONSOLE,
        /** A reviewer service answers an HTTP POST. */
        WEBHOOK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The default timeout: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ApprovalsConfig {
        requireNonNull(gate, "gate is null");
        requireNonNull(url, "url is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (gate == Gate.WEBHOOK && url.isEmpty()) {
            throw new IllegalArgumentException("the webhook gate needs a url");
        }
    }

    public static ApprovalsConfig defaults() {
        return new ApprovalsConfig(Gate.DENY, Optional.empty(), DEFAULT_TIMEOUT);
    }
}
