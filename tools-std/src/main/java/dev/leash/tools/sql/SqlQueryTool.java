package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Credentials;
import dev.leash.tools.internal.Schemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code sql_query {sql}}: runs SQL over JDBC. Declared IRREVERSIBLE; each call's impact comes
 * from {@link SqlAnalysis} for the dialect of the configured URL ({@link SqlDialect}): a SELECT is
 * READ only when every function it calls is known to be free of side effects, row locks are
 * WRITE, a DELETE or TRUNCATE anywhere is IRREVERSIBLE, SQL that could be read two ways is
 * unparsed and IRREVERSIBLE, several statements take the highest; {@link #impactReason} names the
 * function or clause. {@link #lowestImpact()} is READ so the tool is offered at Level 1. Targets
 * are the tables named.
 *
 * <p>Execution does not trust the classification alone. It connects with the {@code jdbc}
 * credential bound for the call's impact (bind a database user that can only SELECT for READ);
 * each statement reaches the driver on its own as a prepared statement, so the server refuses
 * anything stacked behind it; a READ call runs in a read-only transaction ({@code
 * setReadOnly(true)}, and {@code SET TRANSACTION READ ONLY} on PostgreSQL) that is always rolled
 * back; other calls run in one transaction, committed when every statement succeeded. On
 * PostgreSQL the catalog is asked first for user code the text may reach without a call (an
 * attribute that is a function, a user's function under a built-in's name, an operator, a cast,
 * a view, policy, trigger or rule of a table it names;
 * {@link HiddenCalls}), and such SQL is refused ({@code sql.hidden-call}); on H2, for a view whose
 * text calls an alias and a table with a trigger. Result sets
 * are cut off after {@link SqlToolsConfig#maxRows()} rows and {@link
 * SqlToolsConfig#maxResultChars()} characters. Thread-safe: one connection per call.
 */
public final class SqlQueryTool implements Tool {

    private static final ToolSpec SPEC = ToolSpec.of("sql_query",
            "Run SQL against the database. A SELECT that calls only ordinary functions reads; INSERT, UPDATE,"
                    + " MERGE and row locks (FOR UPDATE/SHARE) write; DELETE, DROP, TRUNCATE, ALTER, GRANT, functions"
                    + " with side effects (files, network, sequences, locks, admin) and anything else are irreversible."
                    + " Plain standard SQL only: no E'' or $$ strings, no backslashes.",
            Schemas.object().required("sql", "one or more SQL statements separated by ';'").build(), Impact.IRREVERSIBLE)
            .withTargets(java.util.Map.of("sql", "table"));

    private final SqlToolsConfig config;
    private final SqlDialect dialect;

    public SqlQueryTool(SqlToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.dialect = SqlDialect.fromJdbcUrl(config.jdbcUrl());
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** The dialect the SQL is judged and run for, from the configured URL. */
    public SqlDialect dialect() {
        return dialect;
    }

    /** The analysis of {@code call}'s SQL for the configured dialect. */
    public SqlAnalysis analyse(ToolCall call) {
        return SqlAnalysis.of(call.text("sql").orElse(""), dialect);
    }

    @Override
    public Impact impactOf(ToolCall call) {
        return analyse(call).impact();
    }

    /** The function, clause or statement that made the call WRITE or IRREVERSIBLE (rules {@code sql.*}). */
    @Override
    public Optional<ImpactReason> impactReason(ToolCall call) {
        return analyse(call).impactReason();
    }

    @Override
    public Impact lowestImpact() {
        return Impact.READ;
    }

    /** One target per table named; {@code (unparsed)} when the SQL does not parse. */
    @Override
    public List<Target> targets(ToolCall call) {
        SqlAnalysis analysis = analyse(call);
        if (!analysis.parsed()) {
            return List.of(Target.table("(unparsed)"));
        }
        return analysis.tables().stream().map(Target::table).toList();
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        SqlAnalysis analysis = analyse(call);
        if (!analysis.parsed()) {
            throw ToolRefusedException.of(SPEC.name(), "sql.unparsed", "the SQL was not run: " + analysis.problem());
        }
        if (analysis.impact().isAbove(context.impact())) {
            throw ToolRefusedException.of(SPEC.name(), "sql.impact-mismatch",
                    "the SQL is " + analysis.impact() + " but the call was cleared as " + context.impact());
        }
        Credential credential = Credentials.require(context, "jdbc", SPEC.name());
        boolean read = context.impact() == Impact.READ;
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), credential.user(), credential.secret())) {
            connection.setAutoCommit(false);
            connection.setReadOnly(read);
            boolean done = false;
            try {
                if (read && dialect == SqlDialect.POSTGRESQL) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("SET TRANSACTION READ ONLY");
                    }
                }
                if (dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.H2) {
                    refuseHiddenCalls(connection, analysis);
                }
                for (String sql : analysis.sources()) {
                    runOne(connection, sql, context, out);
                    if (out.length() > config.maxResultChars()) {
                        break;
                    }
                }
                done = true;
            } finally {
                if (read || !done) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
            }
        }
        String text = out.length() > config.maxResultChars()
                ? out.substring(0, config.maxResultChars()) + "\n[output cut off after " + config.maxResultChars() + " characters]"
                : out.toString();
        String[] sources = analysis.tables().stream().map(t -> "sql:" + t).toArray(String[]::new);
        if (sources.length == 0) {
            sources = new String[] {"sql"};
        }
        return config.trusts(analysis.tables()) ? ToolResult.trusted(text, sources) : ToolResult.untrusted(text, sources);
    }

    /**
     * Refuses SQL that may call user code of the database without naming a call (an attribute that
     * is a function, an operator, a cast or a type a user created, a view, policy, trigger or rule of
     * a table it names; {@link HiddenCalls}): neither its impact nor its tables can be judged from
     * its text. Also when the catalog cannot be read.
     */
    private void refuseHiddenCalls(Connection connection, SqlAnalysis analysis) throws ToolRefusedException {
        Optional<HiddenCalls.Found> why;
        try {
            boolean writes = analysis.impact() != Impact.READ;
            why = dialect == SqlDialect.H2 ? HiddenCalls.findOnH2(connection, analysis.sources(), analysis.tables(), writes)
                    : HiddenCalls.find(connection, analysis.sources(), analysis.tables(), writes);
        } catch (SQLException e) {
            throw ToolRefusedException.of(SPEC.name(), "sql.hidden-call", "the SQL was not run: the database's catalog could not"
                    + " be read to check for functions the SQL may call without naming them (" + e.getMessage() + ")");
        }
        if (why.isPresent()) {
            throw ToolRefusedException.of(SPEC.name(), "sql.hidden-call", "the SQL was not run: " + why.get().why()
                    + ", so the SQL may do more, and use other tables, than its text shows (it was judged "
                    + analysis.impact() + "); " + why.get().advice());
        }
    }

    /** One statement, prepared (so the server refuses a second one stacked behind it). */
    private void runOne(Connection connection, String sql, ToolContext context, StringBuilder out) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds(context));
            statement.setMaxRows(config.maxRows() + 1);
            boolean isResultSet = statement.execute();
            int results = 0;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rows = statement.getResultSet()) {
                        appendRows(out, rows);
                    }
                } else {
                    int count = statement.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    out.append(count).append(count == 1 ? " row" : " rows").append(" affected\n");
                }
                results++;
                if (out.length() > config.maxResultChars() || results > 1000) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
        }
    }

    private void appendRows(StringBuilder out, ResultSet rows) throws java.sql.SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        for (int i = 1; i <= columns; i++) {
            out.append(i > 1 ? " | " : "").append(meta.getColumnLabel(i));
        }
        out.append('\n');
        int count = 0;
        while (rows.next()) {
            if (count == config.maxRows() || out.length() > config.maxResultChars()) {
                out.append("[more rows not shown: limit ").append(config.maxRows()).append(" rows]\n");
                break;
            }
            for (int i = 1; i <= columns; i++) {
                out.append(i > 1 ? " | " : "").append(rows.getString(i));
            }
            out.append('\n');
            count++;
        }
        out.append('(').append(count).append(count == 1 ? " row" : " rows").append(")\n");
    }

    private int timeoutSeconds(ToolContext context) {
        Duration limit = config.queryTimeout();
        if (context.deadline() != null) {
            Duration left = Duration.between(Instant.now(), context.deadline());
            if (left.compareTo(limit) < 0) {
                limit = left;
            }
        }
        return (int) Math.max(1, limit.toSeconds());
    }
}
