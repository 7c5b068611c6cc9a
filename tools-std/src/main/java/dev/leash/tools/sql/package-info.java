/**
 * {@code sql_query} over JDBC, for PostgreSQL, H2 and (with every function call counted as
 * IRREVERSIBLE) other databases. Its impact per call comes from what the SQL can do ({@link
 * dev.leash.tools.sql.SqlAnalysis}: a strict lexer, JSqlParser, per-dialect allowlists of
 * side-effect-free functions), and its reason names the function or clause responsible; the
 * tables it names are its targets. Execution adds its own safeguards: one prepared statement at a
 * time, READ calls in a read-only transaction that is rolled back, and credentials by impact
 * ({@code jdbc}), so READ calls can log in as a user that may only read. Wire with {@link
 * dev.leash.tools.sql.SqlToolsModule}.
 */
package dev.leash.tools.sql;
