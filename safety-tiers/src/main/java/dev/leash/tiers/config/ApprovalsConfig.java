package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code safety.approvals}: which gate reviews approval-gated calls. Immutable.
 *
 * @param gate the gate (default {@link Gate#DENY})
 * @param url the reviewer endpoint, required for {@link Gate#WEBHOOK}; with {@link Gate#STORE}
 *     the webhook that is told of each pending request (with a link to the console)
 * @param timeout how long to wait for a human (default 30 s); no answer in time = denied
 * @param expires how long a request stays answerable (default 24 h); expired = denied
 * @param store the JDBC URL of the approval store for {@link Gate#STORE} (default: the embedded
 *     H2 file under the work directory); {@code jdbc:postgresql://...} when replicas share a queue
 * @param storeUser the store's user, if it needs one
 * @param storePasswordEnv the environment variable holding the store user's password
 * @param consoleUrl where reviewers reach the web console (links in announcements)
 * @param reviewers the people who may answer, each with their scope
 */
public record ApprovalsConfig(Gate gate, Optional<URI> url, Duration timeout, Duration expires, Optional<String> store,
                              Optional<String> storeUser, Optional<String> storePasswordEnv, Optional<URI> consoleUrl,
                              List<ReviewerConfig> reviewers) {

    /** The approval gates a deployment can name. */
    public enum Gate {
        /** Every approval-gated call is denied (nobody is watching). */
        DENY,
        /** A person at the terminal answers y/n. */
        CONSOLE,
        /** A reviewer service answers an HTTP POST. */
        WEBHOOK,
        /** The request is stored and the run suspends ({@code AWAITING_APPROVAL}) until a reviewer answers. */
        STORE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code safety.approvals.reviewers[]}: one reviewer. Exactly one of {@code passwordHash} and
     * {@code tokenEnv}.
     *
     * @param name the reviewer's name
     * @param passwordHash a {@code pbkdf2-sha256$...} hash ({@code leash approvals hash-password})
     * @param tokenEnv the environment variable that holds the reviewer's sign-in token
     * @param principals the principals whose runs they may decide ({@code "*"}: all)
     * @param agents the agents whose runs they may decide ({@code "*"}: all)
     */
    public record ReviewerConfig(String name, Optional<String> passwordHash, Optional<String> tokenEnv,
                                 List<String> principals, List<String> agents) {
        public ReviewerConfig {
            requireNonNull(name, "name is null");
            requireNonNull(passwordHash, "passwordHash is null");
            requireNonNull(tokenEnv, "tokenEnv is null");
            if (passwordHash.isPresent() == tokenEnv.isPresent()) {
                throw new IllegalArgumentException("reviewer " + name + " needs exactly one of password_hash and token_env");
            }
            principals = List.copyOf(requireNonNull(principals, "principals is null"));
            agents = List.copyOf(requireNonNull(agents, "agents is null"));
        }
    }

    /** The default timeout: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The default expiry of a request: 24 hours. */
    public static final Duration DEFAULT_EXPIRES = Duration.ofHours(24);

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
        requireNonNull(expires, "expires is null");
        if (expires.isZero() || expires.isNegative()) {
            throw new IllegalArgumentException("expires must be positive: " + expires);
        }
        requireNonNull(store, "store is null");
        requireNonNull(storeUser, "storeUser is null");
        requireNonNull(storePasswordEnv, "storePasswordEnv is null");
        requireNonNull(consoleUrl, "consoleUrl is null");
        reviewers = List.copyOf(requireNonNull(reviewers, "reviewers is null"));
    }

    /** A gate with the defaults for everything else. */
    public ApprovalsConfig(Gate gate, Optional<URI> url, Duration timeout) {
        this(gate, url, timeout, DEFAULT_EXPIRES, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
    }

    public static ApprovalsConfig defaults() {
        return new ApprovalsConfig(Gate.DENY, Optional.empty(), DEFAULT_TIMEOUT);
    }
}
