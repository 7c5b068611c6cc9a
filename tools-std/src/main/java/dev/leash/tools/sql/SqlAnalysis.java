package dev.leash.tools.sql;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What a piece of SQL can do, judged from everything in it, not from its first keyword. The text
 * is first lexed strictly ({@link SqlText}: anything the database's lexer and the parser could
 * read differently, such as {@code E'\''} escape strings, dollar quoting or nested comments, is
 * unparsed), then each statement is parsed with JSqlParser, and the two must agree on the
 * statements. The impact of a statement is the highest of:
 *
 * <ul>
 *   <li>its kind: SELECT, VALUES and TABLE are READ; SELECT ... INTO, INSERT, UPDATE, MERGE and
 *       UPSERT are WRITE; anything else (DELETE, DROP, TRUNCATE, ALTER, GRANT, CREATE, CALL, SET,
 *       COPY, EXPLAIN ...) is IRREVERSIBLE (rule {@code sql.statement});
 *   <li>DELETE or TRUNCATE anywhere in it (a MERGE action, a CTE, a sub-statement):
 *       IRREVERSIBLE (rule {@code sql.delete}); INSERT, UPDATE, MERGE anywhere: WRITE ({@code sql.write});
 *   <li>every function it calls: READ only when the function is on the configured dialect's
 *       allowlist of side-effect-free functions ({@link SqlFunctions}); any other function, and
 *       above all the dangerous families (files, network, linking, sequences, locks, admin, large
 *       objects, SQL from text), makes it IRREVERSIBLE (rule {@code sql.function}, the reason
 *       names the function); with {@link SqlDialect#UNKNOWN} every function call does;
 *   <li>every cast: READ only to a built-in type of the dialect; a cast to any other type (a
 *       domain, whose CHECK runs; a user's type, whose cast or input function runs), also
 *       PostgreSQL's typed literal {@code purged '1'}, is IRREVERSIBLE ({@code sql.function});
 *   <li>row locks ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR SHARE}, {@code FOR
 *       KEY SHARE}), H2's {@code NEXT VALUE FOR} and {@code seq.NEXTVAL} (H2's Oracle, DB2 and
 *       LEGACY modes): WRITE and IRREVERSIBLE ({@code sql.lock}, {@code sql.function});
 *   <li>text refused by the lexer or the parser: IRREVERSIBLE ({@code sql.unparsed}).
 * </ul>
 *
 * Several statements take the highest. The rule and reason of the result are those of the
 * findings at that impact, joined.
 *
 * @param impact the highest impact of the statements (IRREVERSIBLE when unparsed)
 * @param statements one entry per statement: its kind and impact, e.g. {@code DROP: IRREVERSIBLE}
 * @param tables the tables the statements can use, as written without quotes ({@code PUBLIC.ORDERS}
 *     stays qualified), from every clause and with CTE scopes ({@link SqlTree}); {@code (unknown)}
 *     when they cannot all be named (a function that may read tables by itself)
 * @param parsed false when the lexer or the parser rejected the text
 * @param problem the lexer's or parser's complaint when unparsed, otherwise empty
 * @param sources the text of each statement as it reaches the driver, one at a time (empty when unparsed)
 * @param rule what decided the impact: {@code sql.read}, {@code sql.statement}, {@code sql.write},
 *     {@code sql.delete}, {@code sql.function}, {@code sql.lock}, {@code sql.unparsed}, or several joined by {@code +}
 * @param reason the function, clause or statement responsible, in words
 */
public record SqlAnalysis(Impact impact, List<String> statements, List<String> tables, boolean parsed, String problem,
                          List<String> sources, String rule, String reason) {

    public SqlAnalysis {
        requireNonNull(impact, "impact is null");
        statements = List.copyOf(statements);
        tables = List.copyOf(tables);
        sources = List.copyOf(sources);
        problem = problem == null ? "" : problem;
        requireNonNull(rule, "rule is null");
        requireNonNull(reason, "reason is null");
    }

    /** {@link #of(String, SqlDialect)} for a database of unknown dialect: every function call is IRREVERSIBLE. */
    public static SqlAnalysis of(String sql) {
        return of(sql, SqlDialect.UNKNOWN);
    }

    /** Lexes, parses and classifies {@code sql} for {@code dialect}. Never throws for bad SQL: it is IRREVERSIBLE and unparsed. */
    public static SqlAnalysis of(String sql, SqlDialect dialect) {
        requireNonNull(dialect, "dialect is null");
        if (sql == null || sql.isBlank()) {
            return unparsed("the SQL is empty");
        }
        SqlText text = SqlText.lex(sql);
        if (text.problem() != null) {
            return unparsed(text.problem());
        }
        if (text.ambiguity() != null) {
            return unparsed(text.ambiguity(), text.segments(), dialect);
        }
        Impact highest = Impact.READ;
        List<Finding> findings = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        for (SqlText.Segment segment : text.segments()) {
            Statement statement;
            try {
                Statements parsed = CCJSqlParserUtil.parseStatements(segment.source(),
                        parser -> parser.withSquareBracketQuotation(false).withBackslashEscapeCharacter(false));
                if (parsed == null || parsed.size() != 1) {
                    return unparsed("the parser and the lexer disagree on where statements end", text.segments(), dialect);
                }
                statement = parsed.get(0);
            } catch (JSQLParserException | RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
                    throw vm;
                }
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                return unparsed(message, text.segments(), dialect);
            }
            SqlTree.Found tree;
            try {
                tree = SqlTree.of(statement, dialect);
            } catch (RuntimeException | StackOverflowError e) {
                return unparsed("the statement's syntax tree could not be walked", text.segments(), dialect);
            }
            List<Finding> found = new ArrayList<>();
            found.add(kindFinding(statement));
            found.addAll(tokenFindings(segment.tokens(), dialect, withNames(statement)));
            found.addAll(keywordCallFindings(tree, dialect));
            found.addAll(castFindings(tree, segment.tokens(), dialect, statement instanceof Select || statement instanceof Insert
                    || statement instanceof Update || statement instanceof Merge || statement instanceof Upsert
                    || statement instanceof net.sf.jsqlparser.statement.delete.Delete));
            Impact impact = Impact.READ;
            for (Finding f : found) {
                impact = Impact.max(impact, f.impact());
            }
            highest = Impact.max(highest, impact);
            findings.addAll(found);
            kinds.add(kindOf(statement) + ": " + impact);
            sources.add(segment.source());
            tables.addAll(tablesOf(statement, tree, segment.tokens(), found, dialect));
        }
        Impact result = highest;
        List<Finding> top = findings.stream().filter(f -> f.impact() == result).toList();
        String rule = String.join("+", top.stream().map(Finding::rule).distinct().toList());
        String reason = String.join("; ", top.stream().map(Finding::reason).distinct().toList());
        return new SqlAnalysis(highest, kinds, new ArrayList<>(tables), true, "", sources, rule, reason);
    }

    /** The rule and reason for the decision, when the SQL is above READ. */
    public Optional<ImpactReason> impactReason() {
        return impact == Impact.READ ? Optional.empty() : Optional.of(ImpactReason.of(rule, reason, hidden()));
    }

    /**
     * True when the impact is hidden from what the statement looks like: a function with side
     * effects, a row lock, text that could not be read safely, or a delete or schema change inside
     * a larger statement (a MERGE action, a CTE). A reviewer is told (a risk flag); a plain UPDATE,
     * DELETE or DROP is what it says it is, and routine.
     */
    public boolean hidden() {
        return rule.contains("sql.function") || rule.contains("sql.lock") || rule.contains("sql.unparsed")
                || reason.contains("inside the statement");
    }

    private static SqlAnalysis unparsed(String problem) {
        return new SqlAnalysis(Impact.IRREVERSIBLE, List.of(), List.of(), false, problem, List.of(), "sql.unparsed",
                "the SQL could not be read safely, so it counts as IRREVERSIBLE: " + problem);
    }

    /**
     * Unparsed, and so IRREVERSIBLE, whatever else it holds; the functions and clauses its tokens
     * show that are IRREVERSIBLE on their own (a file function, COPY ... PROGRAM, a DELETE) are
     * named too, for the reviewer.
     */
    private static SqlAnalysis unparsed(String problem, List<SqlText.Segment> segments, SqlDialect dialect) {
        List<String> rules = new ArrayList<>(List.of("sql.unparsed"));
        List<String> reasons = new ArrayList<>(List.of(unparsed(problem).reason()));
        for (SqlText.Segment segment : segments) {
            for (Finding f : tokenFindings(segment.tokens(), dialect, Set.of())) {
                if (f.impact() == Impact.IRREVERSIBLE && !reasons.contains(f.reason())) {
                    reasons.add(f.reason());
                    if (!rules.contains(f.rule())) {
                        rules.add(f.rule());
                    }
                }
            }
        }
        return new SqlAnalysis(Impact.IRREVERSIBLE, List.of(), List.of(), false, problem, List.of(),
                String.join("+", rules), String.join("; ", reasons));
    }

    /**
     * @param tablesUnseen the finding may use tables the text does not name (a function that runs
     *     SQL, links or connects to a database, or is not known at all)
     */
    private record Finding(Impact impact, String rule, String reason, boolean tablesUnseen) {
        Finding(Impact impact, String rule, String reason) {
            this(impact, rule, reason, false);
        }
    }

    /**
     * The tables {@code statement} names: those JSqlParser's finder sees, those of a walk over the
     * whole syntax tree with CTE scopes ({@link SqlTree}), and every name after the word {@code
     * TABLE} ({@code (TABLE secrets)} in a FROM). {@code (unknown)} when the tables cannot all be
     * named: a function that may use tables the text does not name, fewer SELECT blocks in the
     * tree than SELECT words in the text, a statement the finder does not support, or a table named
     * by a quoted name that a case-insensitive allowlist would take for another ({@code "Orders"}
     * on PostgreSQL, {@code "orders"} on H2, {@code "orders "}); the tables allowlist admits no
     * {@code (unknown)}.
     */
    private static Set<String> tablesOf(Statement statement, SqlTree.Found walked, List<SqlText.Token> tokens,
                                        List<Finding> findings, SqlDialect dialect) {
        Set<String> tables = new LinkedHashSet<>();
        try {
            for (String table : new TablesNamesFinder<Void>().getTables(statement)) {
                if (!table.equalsIgnoreCase("TABLE")) { // "(TABLE x)" misread; x is named from the tokens below
                    tables.add(unquote(table));
                }
            }
        } catch (RuntimeException e) {
            // Some statements (e.g. GRANT) are not supported by the finder; the impact already covers them.
            tables.add("(unknown)");
        }
        tables.addAll(walked.tables());
        if (tokens.stream().anyMatch(t -> t.kind() == SqlText.Kind.QUOTED && t.text().indexOf('.') >= 0)) {
            // "public.orders" is one name, a table called public.orders, which the parser splits in two
            tables.add("(unknown)");
        }
        if (!walked.caseSensitive().isEmpty()) {
            // "Orders" on PostgreSQL is not orders: the tables allowlist, which ignores case, cannot tell them apart
            tables.add("(unknown)");
        }
        if (statement instanceof UnsupportedStatement) {
            tables.add("(unknown)"); // the parser knows only its first words, not what it touches
        }
        long selects = tokens.stream().filter(t -> t.is("SELECT")).count();
        if (walked.plainSelects() < selects) {
            tables.add("(unknown)");
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).is("TABLE") || i > 0 && tokens.get(i - 1).isSymbol(".")) {
                continue;
            }
            int j = i + 1;
            while (j < tokens.size() && (tokens.get(j).is("ONLY") || tokens.get(j).is("IF") || tokens.get(j).is("NOT")
                    || tokens.get(j).is("EXISTS"))) {
                j++;
            }
            StringBuilder name = new StringBuilder();
            while (j < tokens.size() && (tokens.get(j).kind() == SqlText.Kind.WORD || tokens.get(j).kind() == SqlText.Kind.QUOTED)) {
                if (tokens.get(j).kind() == SqlText.Kind.QUOTED
                        && !SqlTree.readAlike("\"" + tokens.get(j).text().replace("\"", "\"\"") + "\"", dialect)) {
                    tables.add("(unknown)");
                }
                name.append(tokens.get(j).text());
                if (j + 2 < tokens.size() && tokens.get(j + 1).isSymbol(".")) {
                    name.append('.');
                    j += 2;
                } else {
                    break;
                }
            }
            if (!name.isEmpty() && tables.stream().noneMatch(t -> t.equalsIgnoreCase(name.toString()))) {
                tables.add(name.toString());
            }
        }
        if (findings.stream().anyMatch(Finding::tablesUnseen)) {
            tables.add("(unknown)");
        }
        return tables;
    }

    private static Finding kindFinding(Statement statement) {
        String kind = kindOf(statement);
        if (statement instanceof Select select) {
            if (select instanceof PlainSelect plain && (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()
                    || plain.getIntoTempTable() != null)) {
                return new Finding(Impact.WRITE, "sql.write", "SELECT ... INTO creates or fills a table");
            }
            return new Finding(Impact.READ, "sql.read", "a query");
        }
        if (statement instanceof Insert || statement instanceof Update || statement instanceof Merge
                || statement instanceof Upsert) {
            return new Finding(Impact.WRITE, "sql.write", kind + " changes rows");
        }
        return new Finding(Impact.IRREVERSIBLE, "sql.statement", kind + " is not a query or a row change that can be reviewed as one");
    }

    private static Set<String> withNames(Statement statement) {
        Set<String> names = new LinkedHashSet<>();
        List<WithItem<?>> with = statement instanceof Select s ? s.getWithItemsList() : null;
        if (with != null) {
            for (WithItem<?> item : with) {
                if (item.getAlias() != null) {
                    names.add(unquote(item.getAlias().getName()).toUpperCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** What the tokens show, wherever they are: deletes, writes, function calls, locks. */
    private static List<Finding> tokenFindings(List<SqlText.Token> tokens, SqlDialect dialect, Set<String> withNames) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlText.Token t = tokens.get(i);
            SqlText.Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            SqlText.Token previous = i > 0 ? tokens.get(i - 1) : null;
            boolean call = next != null && next.isSymbol("(");
            if (t.is("NEXTVAL") && !call) {
                // seq.NEXTVAL: H2's Oracle, DB2 and LEGACY modes advance the sequence (a call NEXTVAL( is judged below)
                findings.add(new Finding(Impact.IRREVERSIBLE, "sql.function",
                        "NEXTVAL changes a sequence (not undone by a rollback): .NEXTVAL advances it in some modes of the database"));
            }
            if (t.kind() == SqlText.Kind.WORD && !call && !(previous != null && previous.isSymbol("."))) {
                switch (t.text()) {
                    case "DELETE", "TRUNCATE" -> findings.add(new Finding(Impact.IRREVERSIBLE, "sql.delete",
                            t.text() + " removes rows" + (i > 0 ? " (inside the statement)" : "")));
                    case "DROP", "ALTER", "GRANT", "REVOKE", "CREATE", "CALL", "EXECUTE", "COPY", "RUNSCRIPT", "SCRIPT",
                         "SHUTDOWN", "BACKUP", "PROGRAM" -> findings.add(new Finding(Impact.IRREVERSIBLE, "sql.statement",
                            t.text() + (t.text().equals("PROGRAM") ? " runs a program on the database host"
                                    : i > 0 ? " inside the statement" : " changes the database")));
                    case "INSERT", "MERGE", "UPSERT" -> findings.add(new Finding(Impact.WRITE, "sql.write", t.text() + " changes rows"));
                    case "UPDATE" -> {
                        if (!lockBefore(tokens, i)) {
                            findings.add(new Finding(Impact.WRITE, "sql.write", "UPDATE changes rows"));
                        }
                    }
                    case "FOR" -> lock(tokens, i).ifPresent(clause -> findings.add(new Finding(Impact.WRITE, "sql.lock",
                            clause + " locks rows (a write lock the database refuses in a read-only transaction)")));
                    case "LINKED" -> {
                        if (next != null && next.is("TABLE")) {
                            findings.add(new Finding(Impact.IRREVERSIBLE, "sql.function", "CREATE LINKED TABLE links a table of"
                                    + " another database into this one (its URL can run code, and it reads whatever it names)", true));
                        }
                    }
                    case "NEXT" -> {
                        if (next != null && next.is("VALUE")) {
                            findings.add(new Finding(Impact.IRREVERSIBLE, "sql.function",
                                    "NEXT VALUE FOR changes a sequence (not undone by a rollback)"));
                        }
                    }
                    default -> { }
                }
            }
            if (!call || t.kind() == SqlText.Kind.STRING || t.kind() == SqlText.Kind.NUMBER || t.kind() == SqlText.Kind.SYMBOL) {
                continue;
            }
            // t ( : a function call, unless t is a keyword, a table's column list, a CTE or alias column list
            SqlText.Token before = i > 0 ? tokens.get(i - 1) : null;
            boolean qualified = before != null && before.isSymbol(".");
            boolean ifNotExists = i >= 4 && before.is("EXISTS") && tokens.get(i - 2).is("NOT") && tokens.get(i - 3).is("IF")
                    && tokens.get(i - 4).is("TABLE");
            if (!qualified && before != null && (before.is("INTO") || before.is("AS") || before.is("TABLE") || ifNotExists)) {
                continue;
            }
            if (t.kind() == SqlText.Kind.WORD && !qualified && SqlFunctions.PAREN_KEYWORDS.contains(t.text())) {
                continue;
            }
            if (t.is("GROUP") && before != null && before.is("WITHIN")) { // percentile_cont(0.5) WITHIN GROUP (ORDER BY x)
                continue;
            }
            if (!qualified && withNames.contains(t.kind() == SqlText.Kind.WORD ? t.text() : t.text().toUpperCase(Locale.ROOT))
                    && columnListThenAs(tokens, i + 1)) {
                continue;
            }
            String qualifier = null;
            if (qualified) {
                SqlText.Token q = i >= 2 ? tokens.get(i - 2) : null;
                qualifier = q == null ? "?" : q.text().toUpperCase(Locale.ROOT);
                if (i >= 3 && tokens.get(i - 3).isSymbol(".")) {
                    qualifier = "(a catalog)." + qualifier;
                }
            }
            String name = t.kind() == SqlText.Kind.WORD ? t.text() : t.text().toUpperCase(Locale.ROOT);
            boolean quoted = t.kind() == SqlText.Kind.QUOTED;
            if (dialect == SqlDialect.H2 && !quoted && !qualified && SqlFunctions.H2_TABLE_FUNCTIONS.contains(name)
                    && before != null && (before.is("FROM") || before.is("JOIN"))) {
                continue;
            }
            Optional<String> concern = SqlFunctions.concern(dialect, qualifier, name, quoted);
            if (concern.isPresent()) {
                findings.add(new Finding(Impact.IRREVERSIBLE, "sql.function", concern.get(),
                        SqlFunctions.mayUseUnnamedTables(dialect, qualifier, name, quoted)));
            }
        }
        return findings;
    }

    /**
     * Calls the token scan takes for syntax because the name is a keyword ({@code FILTER (},
     * {@code CUBE (}, {@code ROWS (}) but the parser read as function calls, where the database
     * calls a user's function or alias of that name just the same: judged like any other call.
     */
    private static List<Finding> keywordCallFindings(SqlTree.Found tree, SqlDialect dialect) {
        List<Finding> findings = new ArrayList<>();
        for (String name : tree.functions()) {
            if (SqlFunctions.PAREN_KEYWORDS.contains(name) && SqlFunctions.userCallableKeyword(dialect, name)) {
                SqlFunctions.concern(dialect, null, name, false).ifPresent(why -> findings.add(new Finding(Impact.IRREVERSIBLE,
                        "sql.function", why + "; " + name + " is a keyword, but here it is called as a function", true)));
            }
        }
        return findings;
    }

    /**
     * Casts to a type that is not one of the database's own ({@code CAST(x AS purged)}, {@code
     * x::purged}, and on PostgreSQL the typed literal {@code purged '1'}, which the parser reads
     * as a column with an alias): a domain's CHECK, a cast created {@code WITH FUNCTION} or a
     * type's input function runs a user's code there, though no function is called by name.
     */
    private static List<Finding> castFindings(SqlTree.Found tree, List<SqlText.Token> tokens, SqlDialect dialect,
                                              boolean rowStatement) {
        Set<String> concerns = new LinkedHashSet<>();
        for (String written : tree.types()) {
            String type = written.replaceAll("\\(.*\\)", " ").replaceAll("\\[.*\\]", " ").trim().replaceAll("\\s+", " ");
            boolean quoted = type.contains("\"");
            SqlFunctions.typeConcern(dialect, quoted ? type.replace("\"", "") : type.toUpperCase(Locale.ROOT), quoted)
                    .ifPresent(concerns::add);
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlText.Token t = tokens.get(i);
            boolean cast = t.isSymbol(":") && tokens.get(i + 1).isSymbol(":");
            int nameAt = cast ? i + 2 : i;
            // a word before a string in DDL is mostly an option (PASSWORD 'x', LOCALE 'C'): judged in row statements
            boolean typedLiteral = !cast && rowStatement && dialect != SqlDialect.H2 && tokens.get(i + 1).kind() == SqlText.Kind.STRING
                    && (t.kind() == SqlText.Kind.QUOTED || t.kind() == SqlText.Kind.WORD && !NOT_A_TYPE.contains(t.text()));
            if (!cast && !typedLiteral) {
                continue;
            }
            if (typedLiteral) { // a qualified type: start at its first part
                while (nameAt >= 2 && tokens.get(nameAt - 1).isSymbol(".")
                        && tokens.get(nameAt - 2).kind() != SqlText.Kind.SYMBOL) {
                    nameAt -= 2;
                }
            }
            StringBuilder name = new StringBuilder();
            boolean quoted = false;
            int j = nameAt;
            while (j < tokens.size() && (tokens.get(j).kind() == SqlText.Kind.WORD || tokens.get(j).kind() == SqlText.Kind.QUOTED)) {
                quoted |= tokens.get(j).kind() == SqlText.Kind.QUOTED;
                name.append(tokens.get(j).text());
                if (j + 2 < tokens.size() && tokens.get(j + 1).isSymbol(".") && (!typedLiteral || j + 1 < i)) {
                    name.append('.');
                    j += 2;
                } else {
                    break;
                }
            }
            if (name.isEmpty()) {
                concerns.add("a cast to something that is not a type name");
            } else if (!(cast && !quoted && MULTI_WORD_TYPE_STARTS.contains(name.toString()))) {
                // the words after DOUBLE, CHARACTER, TIMESTAMP ... are the tree's to judge
                SqlFunctions.typeConcern(dialect, name.toString(), quoted).ifPresent(concerns::add);
            }
        }
        return concerns.stream().map(why -> new Finding(Impact.IRREVERSIBLE, "sql.function", why, true)).toList();
    }

    /** The first words of built-in types of several words, judged whole from the syntax tree. */
    private static final Set<String> MULTI_WORD_TYPE_STARTS = Set.of("DOUBLE", "CHARACTER", "CHAR", "TIME", "TIMESTAMP",
            "BIT", "BINARY", "NATIONAL", "NCHAR");

    /**
     * Words that may stand before a string literal without naming its type ({@code LIKE 'a%'},
     * {@code AT TIME ZONE 'UTC'}, {@code TRIM(LEADING 'x' FROM y)}); before a string, any other word
     * is read by PostgreSQL as a type name ({@code purged '1'} casts '1' to purged).
     */
    static final Set<String> NOT_A_TYPE = union(SqlFunctions.PAREN_KEYWORDS, Set.of("LEADING", "TRAILING", "BOTH",
            "PLACING", "ZONE", "AT", "COLLATE", "SYMMETRIC", "ASYMMETRIC", "FOR", "VALUE", "UESCAPE", "VARIADIC", "PASSING",
            "PATH", "COLUMNS", "DOCUMENT", "CONTENT", "FORMAT", "ENCODING", "OVERLAPS", "ISNULL", "NOTNULL", "ESCAPE"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** {@code ( ... ) AS} starting at the parenthesis at {@code open}: a CTE's column list. */
    private static boolean columnListThenAs(List<SqlText.Token> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            SqlText.Token t = tokens.get(j);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return j + 1 < tokens.size() && tokens.get(j + 1).is("AS");
                }
            } else if (depth == 1 && !(t.kind() == SqlText.Kind.WORD || t.kind() == SqlText.Kind.QUOTED || t.isSymbol(","))) {
                return false;
            }
        }
        return false;
    }

    private static boolean lockBefore(List<SqlText.Token> tokens, int update) {
        return update >= 1 && tokens.get(update - 1).is("FOR")
                || update >= 3 && tokens.get(update - 1).is("KEY") && tokens.get(update - 2).is("NO") && tokens.get(update - 3).is("FOR");
    }

    private static Optional<String> lock(List<SqlText.Token> tokens, int i) {
        SqlText.Token a = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        SqlText.Token b = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
        SqlText.Token c = i + 3 < tokens.size() ? tokens.get(i + 3) : null;
        if (a == null) {
            return Optional.empty();
        }
        if (a.is("UPDATE")) {
            return Optional.of("FOR UPDATE");
        }
        if (a.is("SHARE")) {
            return Optional.of("FOR SHARE");
        }
        if (a.is("NO") && b != null && b.is("KEY") && c != null && c.is("UPDATE")) {
            return Optional.of("FOR NO KEY UPDATE");
        }
        if (a.is("KEY") && b != null && b.is("SHARE")) {
            return Optional.of("FOR KEY SHARE");
        }
        return Optional.empty();
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
