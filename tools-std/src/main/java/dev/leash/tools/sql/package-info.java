/**
 * {@code sql_query} over JDBC. Its impact per call comes from parsing the SQL with JSqlParser
 * ({@link dev.leash.tools.sql.SqlAnalysis}); the tables it names are its targets. Credentials
 * come from the credential provider by impact ({@code jdbc}), so reads can use a read-only user.
 * Wire with {@link dev.leash.tools.sql.SqlToolsModule}.
 */
package dev.leash.tools.sql;
