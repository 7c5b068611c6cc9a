package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code sql_query {sql}}: runs SQL as given over JDBC. Declared IRREVERSIBLE; each call's impact
 * comes from {@link SqlAnalysis} (SELECT READ, INSERT/UPDATE/MERGE WRITE, the rest IRREVERSIBLE,
 * several statements the highest), and {@link #lowestImpact()} is READ so the tool is offered at
 * Level 1. Targets are the tables named. Connects with the {@code jdbc} credential bound for the
 * call's impact (read-only connection for READ calls); result sets are cut off after {@link
 * SqlToolsConfig#maxRows()} rows and {@link SqlToolsConfig#maxResultChars()} characters.
 * Thread-safe: one connection per call.
 */
public final class SqlQueryTool implements Tool {

    private static final ToolSpec SPEC = ToolSpec.of("sql_query",
            "Run SQL against the database. SELECT reads; INSERT, UPDATE and MERGE write; DELETE, DROP,"
                    + " TRUNCATE, ALTER, GRANT and anything else are irreversible.",
            Schemas.object().required("sql", "one or more SQL statements separated by ';'").build(), Impact.IRREVERSIBLE)
            .withTargets(java.util.Map.of("sql", "table"));

    private final SqlToolsConfig config;

    public SqlQueryTool(SqlToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public Impact impactOf(ToolCall call) {
        return SqlAnalysis.of(call.text("sql").orElse("")).impact();
    }

    @Override
    public Impact lowestImpact() {
        return Impact.READ;
    }

    /** One target per table named; {@code (unparsed)} when the SQL does not parse. */
    @Override
    public List<Target> targets(ToolCall call) {
        SqlAnalysis analysis = SqlAnalysis.of(call.text("sql").orElse(""));
        if (!analysis.parsed()) {
            return List.of(Target.table("(unparsed)"));
        }
        return analysis.tables().stream().map(Target::table).toList();
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String sql = call.text("sql").orElse("");
        SqlAnalysis analysis = SqlAnalysis.of(sql);
        if (analysis.impact().isAbove(context.impact())) {
            throw ToolRefusedException.of(SPEC.name(), "sql.impact-mismatch",
                    "the SQL is " + analysis.impact() + " but the call was cleared as " + context.impact());
        }
        Credential credential = Credentials.require(context, "jdbc", SPEC.name());
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), credential.user(), credential.secret())) {
            if (context.impact() == Impact.READ) {
                connection.setReadOnly(true);
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(timeoutSeconds(context));
                statement.setMaxRows(config.maxRows() + 1);
                boolean isResultSet = statement.execute(sql);
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
        String text = out.length() > config.maxResultChars()
                ? out.substring(0, config.maxResultChars()) + "\n[output cut off after " + config.maxResultChars() + " characters]"
                : out.toString();
        String[] sources = analysis.tables().stream().map(t -> "sql:" + t).toArray(String[]::new);
        if (sources.length == 0) {
            sources = new String[] {"sql"};
        }
        return config.trusts(analysis.tables()) ? ToolResult.trusted(text, sources) : ToolResult.untrusted(text, sources);
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
