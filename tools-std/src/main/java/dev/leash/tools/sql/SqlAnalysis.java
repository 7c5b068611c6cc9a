package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Impact;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What a piece of SQL does, read by a real SQL parser (JSqlParser), never by patterns: the
 * impact of each statement, the highest of them, and the tables named.
 *
 * <ul>
 *   <li>SELECT (also with CTEs that only select) is READ; SELECT ... INTO is WRITE.
 *   <li>INSERT, UPDATE, MERGE, UPSERT are WRITE.
 *   <li>Everything else is IRREVERSIBLE: DELETE, DROP, TRUNCATE, ALTER, GRANT, and also CREATE,
 *       CALL, SET, a CTE that modifies data, and any text that does not parse.
 * </ul>
 *
 * @param impact the highest impact of the statements (IRREVERSIBLE when unparsed)
 * @param statements one entry per statement: its kind and impact, e.g. {@code DROP: IRREVERSIBLE}
 * @param tables the tables named, as written without quotes ({@code PUBLIC.ORDERS} stays qualified)
 * @param parsed false when the parser rejected the text
 * @param problem the parser's complaint when unparsed, otherwise empty
 */
public record SqlAnalysis(Impact impact, List<String> statements, List<String> tables, boolean parsed, String problem) {

    public SqlAnalysis {
        requireNonNull(impact, "impact is null");
        statements = List.copyOf(statements);
        tables = List.copyOf(tables);
        problem = problem == null ? "" : problem;
    }

    /** Parses and classifies {@code sql}. Never throws for bad SQL: it is IRREVERSIBLE and unparsed. */
    public static SqlAnalysis of(String sql) {
        if (sql == null || sql.isBlank()) {
            return new SqlAnalysis(Impact.IRREVERSIBLE, List.of(), List.of(), false, "the SQL is empty");
        }
        Statements parsed;
        try {
            parsed = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new SqlAnalysis(Impact.IRREVERSIBLE, List.of(), List.of(), false, message);
        }
        if (parsed == null || parsed.isEmpty()) {
            return new SqlAnalysis(Impact.IRREVERSIBLE, List.of(), List.of(), false, "no statement found");
        }
        Impact highest = Impact.READ;
        List<String> kinds = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        for (Statement statement : parsed) {
            Impact impact = impactOf(statement);
            highest = Impact.max(highest, impact);
            kinds.add(kindOf(statement) + ": " + impact);
            try {
                for (String table : new TablesNamesFinder<Void>().getTables(statement)) {
                    tables.add(unquote(table));
                }
            } catch (RuntimeException e) {
                // Some statements (e.g. GRANT) are not supported by the finder; the impact already covers them.
                tables.add("(unknown)");
            }
        }
        return new SqlAnalysis(highest, kinds, new ArrayList<>(tables), true, "");
    }

    private static Impact impactOf(Statement statement) {
        if (statement instanceof Select select) {
            List<WithItem<?>> with = select.getWithItemsList();
            if (with != null) {
                for (WithItem<?> item : with) {
                    if (!(item.getParenthesedStatement() instanceof Select)) {
                        return Impact.IRREVERSIBLE; // a CTE that modifies data
                    }
                }
            }
            if (select instanceof PlainSelect plain && (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()
                    || plain.getIntoTempTable() != null)) {
                return Impact.WRITE;
            }
            return Impact.READ;
        }
        if (statement instanceof Insert || statement instanceof Update || statement instanceof Merge
                || statement instanceof Upsert) {
            return Impact.WRITE;
        }
        return Impact.IRREVERSIBLE;
    }

    private static String kindOf(Statement statement) {
        String name = statement.getClass().getSimpleName();
        if (statement instanceof Select) {
            return "SELECT";
        }
        return name.toUpperCase(Locale.ROOT).replace("STATEMENT", "");
    }

    private static String unquote(String table) {
        return table.replace("\"", "").replace("`", "").replace("[", "").replace("]", "");
    }
}
