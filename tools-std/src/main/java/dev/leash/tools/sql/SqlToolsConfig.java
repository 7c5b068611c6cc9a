package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.time.Duration;

/**
 * Configuration of {@code sql_query}. Immutable; validated on construction. The user and password
 * are not here: they come from the credential provider ({@code jdbc}) by the call's impact.
 *
 * @param jdbcUrl the database, e.g. {@code jdbc:postgresql://db/app}
 * @param maxRows rows returned per result set before it is cut off (default 100)
 * @param maxResultChars characters of output before it is cut off (default 65536)
 * @param queryTimeout JDBC query timeout (default 30 s); the call's deadline shortens it
 * @param untrustedRows whether rows are outside the trust boundary (default false; set it when
 *     users outside the deployment write to the database)
 */
public record SqlToolsConfig(String jdbcUrl, int maxRows, int maxResultChars, Duration queryTimeout, boolean untrustedRows) {

    public SqlToolsConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw ConfigurationException.invalidValue("sql.url", null, jdbcUrl, "a JDBC URL starting with 'jdbc:'");
        }
        String lower = jdbcUrl.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (lower.startsWith("jdbc:postgresql:") && lower.contains("preferquerymode=simple")) {
            // The simple protocol runs statements stacked in one string; sql_query relies on the server refusing them.
            throw ConfigurationException.invalidValue("sql.url", null, jdbcUrl,
                    "a PostgreSQL URL without preferQueryMode=simple (sql_query needs the extended protocol)");
        }
        if (lower.startsWith("jdbc:h2:") && (lower.contains(";init=") || lower.contains("mode=mysql") || lower.contains("mode=mariadb"))) {
            throw ConfigurationException.invalidValue("sql.url", null, jdbcUrl,
                    "an H2 URL without INIT= and without MySQL or MariaDB mode (they change how SQL is read)");
        }
        if (maxRows < 1) {
            throw ConfigurationException.invalidValue("sql.max_rows", null, maxRows, "a positive number");
        }
        if (maxResultChars < 1) {
            throw ConfigurationException.invalidValue("sql.max_result_chars", null, maxResultChars, "a positive number");
        }
        requireNonNull(queryTimeout, "queryTimeout is null");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw ConfigurationException.invalidValue("sql.query_timeout", null, queryTimeout, "a positive duration");
        }
    }

    /** 100 rows, 65536 characters, 30 s, trusted rows. */
    public static SqlToolsConfig of(String jdbcUrl) {
        return new SqlToolsConfig(jdbcUrl, 100, 65536, Duration.ofSeconds(30), false);
    }

    public SqlToolsConfig withMaxRows(int max) {
        return new SqlToolsConfig(jdbcUrl, max, maxResultChars, queryTimeout, untrustedRows);
    }

    public SqlToolsConfig withMaxResultChars(int max) {
        return new SqlToolsConfig(jdbcUrl, maxRows, max, queryTimeout, untrustedRows);
    }

    public SqlToolsConfig withQueryTimeout(Duration timeout) {
        return new SqlToolsConfig(jdbcUrl, maxRows, maxResultChars, timeout, untrustedRows);
    }

    public SqlToolsConfig withUntrustedRows(boolean untrusted) {
        return new SqlToolsConfig(jdbcUrl, maxRows, maxResultChars, queryTimeout, untrusted);
    }
}
