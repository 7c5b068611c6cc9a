package dev.leash.tools.sql;

import java.util.Locale;

/**
 * The database {@code sql_query} talks to, taken from the configured JDBC URL. It decides which
 * functions are known to be free of side effects ({@link SqlFunctions}); with {@link #UNKNOWN}
 * no function is, so every function call makes a statement IRREVERSIBLE.
 */
public enum SqlDialect {
    /** H2 ({@code jdbc:h2:}). */
    H2,
    /** PostgreSQL ({@code jdbc:postgresql:}). */
    POSTGRESQL,
    /** Any other database: no function is known to be safe. */
    UNKNOWN;

    /** The dialect of {@code jdbcUrl}; {@link #UNKNOWN} when it is neither H2 nor PostgreSQL. */
    public static SqlDialect fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return UNKNOWN;
        }
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        return UNKNOWN;
    }
}
