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
 * @param untrustedRows whether rows are outside the trust boundary (default true: customers and
 *     other outsiders write rows; false trusts every row)
 * @param trustedTables tables whose rows are trusted even so ({@code safety.trusted.tables},
 *     case-insensitive); a query's result is trusted only when every table it names is one
 */
public record SqlToolsConfig(String jdbcUrl, int maxRows, int maxResultChars, Duration queryTimeout, boolean untrustedRows,
                             java.util.List<String> trustedTables) {

    public SqlToolsConfig(String jdbcUrl, int maxRows, int maxResultChars, Duration queryTimeout, boolean untrustedRows) {
        this(jdbcUrl, maxRows, maxResultChars, queryTimeout, untrustedRows, java.util.List.of());
    }

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
        trustedTables = requireNonNull(trustedTables, "trustedTables is null").stream()
                .map(t -> t.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** 100 rows, 65536 characters, 30 s, untrusted rows. */
    public static SqlToolsConfig of(String jdbcUrl) {
        return new SqlToolsConfig(jdbcUrl, 100, 65536, Duration.ofSeconds(30), true);
    }

    public SqlToolsConfig withMaxRows(int max) {
        return new SqlToolsConfig(jdbcUrl, max, maxResultChars, queryTimeout, untrustedRows, trustedTables);
    }

    public SqlToolsConfig withMaxResultChars(int max) {
        return new SqlToolsConfig(jdbcUrl, maxRows, max, queryTimeout, untrustedRows, trustedTables);
    }

    public SqlToolsConfig withQueryTimeout(Duration timeout) {
        return new SqlToolsConfig(jdbcUrl, maxRows, maxResultChars, timeout, untrustedRows, trustedTables);
    }

    public SqlToolsConfig withUntrustedRows(boolean untrusted) {
        return new SqlToolsConfig(jdbcUrl, maxRows, maxResultChars, queryTimeout, untrusted, trustedTables);
    }

    /** A copy whose rows of {@code tables} are trusted. */
    public SqlToolsConfig withTrustedTables(java.util.List<String> tables) {
        return new SqlToolsConfig(jdbcUrl, maxRows, maxResultChars, queryTimeout, untrustedRows, tables);
    }

    /** Whether rows read from {@code tables} are trusted: all rows, or every table is trusted. */
    public boolean trusts(java.util.Collection<String> tables) {
        if (!untrustedRows) {
            return true;
        }
        if (tables.isEmpty()) {
            return false;
        }
        for (String table : tables) {
            String t = table.replace("\"", "").trim().toLowerCase(java.util.Locale.ROOT);
            String bare = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
            if (!trustedTables.contains(t) && !trustedTables.contains(bare)) {
                return false;
            }
        }
        return true;
    }
}
