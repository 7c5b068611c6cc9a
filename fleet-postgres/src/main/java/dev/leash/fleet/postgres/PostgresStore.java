package dev.leash.fleet.postgres;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.leash.api.ConfigurationException;
import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.StopCheck;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.StoreConfig;
import dev.leash.tiers.store.SharedStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The state of a fleet on one PostgreSQL database: the budgets and rates of {@code safety.tools}
 * ({@link PostgresLimiter}) and the kill switch ({@link KillSwitch}).
 *
 * <p>Opening it creates or migrates the schema with Flyway (migrations {@code db/leash/V*.sql},
 * history table {@code leash_schema_history}; replicas that start together take Flyway's lock in
 * turn) and opens a small connection pool (HikariCP, at most {@value #POOL_SIZE} connections).
 * {@link #close()} closes the pool. Thread-safe.
 */
public final class PostgresStore implements SharedStore {

    /** Connections per replica. */
    public static final int POOL_SIZE = 8;
    /** The advisory lock key under which replicas migrate the schema one at a time. */
    private static final long MIGRATION_LOCK = 0x4C65617368L;

    private final HikariDataSource data;
    private final PostgresLimiter limiter;
    private final KillSwitch killSwitch;
    private final StopCheck stops;

    private PostgresStore(HikariDataSource data, SafetyConfig safety, String agent, Duration refresh) {
        this.data = data;
        this.limiter = new PostgresLimiter(data, safety.tools());
        this.killSwitch = new KillSwitch(data);
        this.stops = killSwitch.check(agent, refresh);
    }

    /**
     * Opens the store of {@code store}, reading the user and password from the environment
     * variables it names.
     *
     * @throws ConfigurationException when a named variable is not set, or the database cannot be
     *     reached or migrated
     */
    public static PostgresStore open(StoreConfig store, SafetyConfig safety, Map<String, String> env) {
        requireNonNull(store, "store is null");
        String url = store.url().orElseThrow(() -> ConfigurationException.missing("store.url", "leash.yaml",
                "a postgres store needs a JDBC URL"));
        return open(url, variable(store.userEnv(), "store.user_env", env), variable(store.passwordEnv(),
                "store.password_env", env), safety, store.agent(), store.refresh());
    }

    /** Opens the store at {@code url} with these credentials; creates or migrates the schema. */
    public static PostgresStore open(String url, String user, String password, SafetyConfig safety, String agent,
                                     Duration refresh) {
        requireNonNull(safety, "safety is null");
        HikariDataSource data = dataSource(url, user, password);
        try {
            migrate(data);
            return new PostgresStore(data, safety, agent, refresh);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** A pool on {@code url} without the limits of a tier: for the operator's commands ({@code leash kill}). */
    public static HikariDataSource dataSource(String url, String user, String password) {
        requireNonNull(url, "url is null");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw ConfigurationException.invalidValue("store.url", "leash.yaml", url, "a jdbc:postgresql: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("leash-fleet");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw ConfigurationException.unreadable(url, "the store could not be reached: " + e.getMessage());
        }
    }

    /**
     * Creates or migrates the schema on {@code data}. Replicas that start together would race to
     * create Flyway's history table, so the migration runs under a session advisory lock.
     */
    public static void migrate(DataSource data) {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                flyway(data);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        } catch (SQLException e) {
            throw ConfigurationException.unreadable("store.url", "the schema could not be migrated: " + e.getMessage());
        }
    }

    private static void flyway(DataSource data) {
        Flyway.configure()
                .dataSource(data)
                .locations("classpath:db/leash")
                .table("leash_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public CallLimiter limiter() {
        return limiter;
    }

    /** The limiter with its reading of what is left ({@link PostgresLimiter#remaining}). */
    public PostgresLimiter postgresLimiter() {
        return limiter;
    }

    @Override
    public StopCheck stops() {
        return stops;
    }

    /** The kill switch on this store, for stopping and lifting. */
    public KillSwitch killSwitch() {
        return killSwitch;
    }

    /** The pool, for tests and operator tools. */
    public DataSource dataSource() {
        return data;
    }

    @Override
    public void close() {
        data.close();
    }

    private static String variable(Optional<String> name, String key, Map<String, String> env) {
        if (name.isEmpty()) {
            return null;
        }
        String value = env.get(name.get());
        if (value == null) {
            throw ConfigurationException.missing(key, "leash.yaml", "the environment variable " + name.get()
                    + " named by " + key + " is not set");
        }
        return value;
    }
}
