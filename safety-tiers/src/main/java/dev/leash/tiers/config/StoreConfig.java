package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the state that limits calls lives: the {@code store} block of {@code leash.yaml}.
 *
 * <pre>{@code
 * store:
 *   kind: postgres                     # in-process (default) | postgres
 *   url: jdbc:postgresql://db.example.com/leash
 *   user_env: LEASH_STORE_USER         # environment variables holding the credentials
 *   password_env: LEASH_STORE_PASSWORD
 *   agent: refunds                     # the name the kill switch knows these replicas by
 *   refresh: 1s                        # how often each replica re-reads the kill switch
 * }</pre>
 *
 * <p>{@code in-process} keeps budgets and rates in the process (one replica); {@code postgres}
 * shares them, and the kill switch, between every replica that names the same database (module
 * {@code fleet-postgres} on the class path). Credentials are never written in the file, only the
 * names of the environment variables that hold them. Immutable.
 *
 * @param kind {@code in-process} or {@code postgres}
 * @param url the JDBC URL (required unless in-process)
 * @param userEnv the environment variable holding the user name
 * @param passwordEnv the environment variable holding the password
 * @param agent the agent name of these replicas, for {@code leash kill --agent}
 * @param refresh the longest a replica works from a kill-switch view older than this
 */
public record StoreConfig(String kind, Optional<String> url, Optional<String> userEnv, Optional<String> passwordEnv,
                          String agent, Duration refresh) {

    public static final String IN_PROCESS = "in-process";
    public static final String POSTGRES = "postgres";
    /** The kinds a {@code store} may have. */
    public static final List<String> KINDS = List.of(IN_PROCESS, POSTGRES);
    /** Default agent name when {@code store.agent} is not set. */
    public static final String DEFAULT_AGENT = "default";
    /** Default kill-switch refresh: one second. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

    public StoreConfig {
        requireNonNull(kind, "kind is null");
        requireNonNull(url, "url is null");
        requireNonNull(userEnv, "userEnv is null");
        requireNonNull(passwordEnv, "passwordEnv is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(refresh, "refresh is null");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("store.kind must be one of " + KINDS + ": " + kind);
        }
        if (!kind.equals(IN_PROCESS) && url.isEmpty()) {
            throw new IllegalArgumentException("store.url is required for store.kind " + kind);
        }
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("store.refresh must be positive: " + refresh);
        }
    }

    /** The default: state in the process. */
    public static StoreConfig inProcess() {
        return new StoreConfig(IN_PROCESS, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_AGENT,
                DEFAULT_REFRESH);
    }

    /** A PostgreSQL store at {@code url}, credentials from the given environment variables. */
    public static StoreConfig postgres(String url, String userEnv, String passwordEnv, String agent, Duration refresh) {
        return new StoreConfig(POSTGRES, Optional.of(url), Optional.ofNullable(userEnv), Optional.ofNullable(passwordEnv),
                agent, refresh);
    }

    public boolean isInProcess() {
        return kind.equals(IN_PROCESS);
    }
}
