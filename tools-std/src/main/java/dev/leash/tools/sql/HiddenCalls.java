package dev.leash.tools.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * User code that a PostgreSQL statement calls without naming it as a call, which no reading of the
 * text alone can see, so that the impact and the tables of {@link SqlAnalysis} would be wrong:
 *
 * <ul>
 *   <li>a function of one argument of a row type (or {@code record}, {@code anyelement}) is also an
 *       attribute: {@code SELECT a.purge_row FROM accounts a} calls {@code purge_row(a)};
 *   <li>an operator a user created ({@code CREATE OPERATOR + (LEFTARG = text, ...)}) runs its
 *       function wherever its symbol is used on those types; one named like a comparison ({@code =},
 *       {@code <}, {@code ~~}) is also used by {@code IN}, {@code BETWEEN}, {@code LIKE}, sorting
 *       and grouping, so it counts for every statement;
 *   <li>a cast a user created {@code WITH FUNCTION} runs on any cast from its source type (a column
 *       of a user's type cast {@code ::text}; the JSON functions cast to json by themselves:
 *       {@code to_json(c)}, {@code json_agg(t)}): counted where a statement has a cast and names a
 *       relation whose values hold that type (a column of it, of an array or domain of it, of a
 *       composite holding it); an implicit or assignment one counts without any cast in the text;
 *   <li>a type whose input or output function is not the database's own runs it on every value;
 *   <li>a function a user created with the name of an allowlisted built-in ({@code public.lower(int)},
 *       an aggregate {@code public.sum(text)}) is called instead of the built-in wherever its
 *       arguments fit better: {@code lower(1)} runs it, {@code pg_catalog.lower(1)} does not.
 * </ul>
 *
 * Every judgement of the text assumes that names resolve to {@code pg_catalog} first, as they do
 * unless the search path names it later ({@code SET search_path = public, pg_catalog} on the role):
 * then nothing is run.
 *
 * The database is asked, in the call's own transaction, what of these exists (objects outside
 * {@code pg_catalog} and {@code information_schema}), and a statement that may reach one is not
 * run. Views, row-level security policies and triggers are the deployment's definitions of a table,
 * reached only by naming the table, and are left to the tables allowlist. Package-private;
 * stateless.
 */
final class HiddenCalls {

    private HiddenCalls() {
    }

    private static final String SYSTEM = "('pg_catalog', 'information_schema')";

    /** One row per object: its kind and name; for a cast, its context ({@code e}, {@code a}, {@code i}) as the kind's suffix. */
    private static final String CATALOG = ""
            + "SELECT 'attribute', p.proname FROM pg_catalog.pg_proc p"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " JOIN pg_catalog.pg_type t ON t.oid = p.proargtypes[0]"
            + " WHERE n.nspname NOT IN " + SYSTEM + " AND p.pronargs >= 1 AND p.pronargs - p.pronargdefaults <= 1"
            + " AND (t.typtype IN ('c', 'p', 'd') OR t.typrelid <> 0)"
            + " UNION ALL SELECT 'operator', o.oprname FROM pg_catalog.pg_operator o"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace"
            + " LEFT JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode"
            + " LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM + " OR pn.nspname NOT IN " + SYSTEM
            + " UNION ALL SELECT 'cast ' || c.castcontext, pg_catalog.format_type(c.castsource, NULL) || ' to '"
            + " || pg_catalog.format_type(c.casttarget, NULL) FROM pg_catalog.pg_cast c"
            + " JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM
            // the relations whose values hold a type that has an explicit user cast: its columns, an
            // array or domain of it, a composite holding it, the relation's own row type
            + " UNION ALL (WITH RECURSIVE held(t) AS (SELECT c.castsource FROM pg_catalog.pg_cast c"
            + " JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM
            + " UNION SELECT x.holder FROM held JOIN (SELECT oid AS holder, typelem AS part FROM pg_catalog.pg_type"
            + " UNION ALL SELECT oid, typbasetype FROM pg_catalog.pg_type"
            + " UNION ALL SELECT r.reltype, a.atttypid FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped) x ON x.part = held.t)"
            + " SELECT 'cast holder', r.relname FROM pg_catalog.pg_class r WHERE r.reltype IN (SELECT t FROM held))"
            + " UNION ALL SELECT 'type', t.typname FROM pg_catalog.pg_type t"
            + " JOIN pg_catalog.pg_proc p ON p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend)"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN " + SYSTEM
            + " UNION ALL SELECT 'search path', pg_catalog.array_to_string(pg_catalog.current_schemas(true), ', ')"
            + " WHERE (pg_catalog.current_schemas(true))[1] IS DISTINCT FROM 'pg_catalog'"
            + " UNION ALL SELECT 'overload', p.proname FROM pg_catalog.pg_proc p"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM + " AND pg_catalog.upper(p.proname) = ANY (?)";

    /** Comparison operators that SQL syntax uses without their symbol (IN, BETWEEN, LIKE, ORDER BY, DISTINCT, CASE). */
    private static final String IMPLIED_OPERATOR_CHARS = "=<>!~";

    /**
     * Why one of {@code sources} (the statements as they reach the driver), which name {@code
     * tables}, may call user code it does not name, or empty. Asks the database over {@code
     * connection}.
     *
     * @throws SQLException when the catalog cannot be read (the caller refuses the call)
     */
    static Optional<String> find(Connection connection, List<String> sources, List<String> tables) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(CATALOG)) {
            s.setArray(1, connection.createArrayOf("text", SqlFunctions.allowed(SqlDialect.POSTGRESQL).toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    objects.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        for (String source : sources) {
            SqlText text = SqlText.lex(source);
            List<SqlText.Token> tokens = text.segments().stream().flatMap(seg -> seg.tokens().stream()).toList();
            Optional<String> why = reached(tokens, tables, objects);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> reached(List<SqlText.Token> tokens, List<String> tables, List<String[]> objects) {
        // an explicit cast from a user's type needs a value of that type: one of a relation holding it
        boolean casts = hasCast(tokens) && objects.stream().anyMatch(o -> o[0].equals("cast holder")
                && tables.stream().anyMatch(t -> t.equalsIgnoreCase(o[1]) || t.toLowerCase(Locale.ROOT).endsWith("." + o[1].toLowerCase(Locale.ROOT))
                        || t.equals("(unknown)")));
        for (String[] object : objects) {
            String kind = object[0];
            String name = object[1];
            switch (kind) {
                case "attribute" -> {
                    for (int i = 1; i < tokens.size(); i++) {
                        SqlText.Token t = tokens.get(i);
                        if (tokens.get(i - 1).isSymbol(".") && (t.kind() == SqlText.Kind.WORD || t.kind() == SqlText.Kind.QUOTED)
                                && t.text().equalsIgnoreCase(name)) {
                            return Optional.of("'." + t.text().toLowerCase(Locale.ROOT) + "' may call the function " + name
                                    + " of the database, which takes a row: PostgreSQL reads x." + name + " as " + name + "(x)");
                        }
                    }
                }
                case "operator" -> {
                    boolean implied = name.chars().allMatch(c -> IMPLIED_OPERATOR_CHARS.indexOf(c) >= 0);
                    boolean written = name.chars().allMatch(c -> tokens.stream().anyMatch(t -> t.isSymbol(String.valueOf((char) c))));
                    if (implied || written) {
                        return Optional.of("the operator " + name + " of the database runs a user's function"
                                + (implied ? " (comparisons are also made by IN, BETWEEN, LIKE, sorting and grouping)" : ""));
                    }
                }
                case "overload" -> {
                    for (int i = 0; i + 1 < tokens.size(); i++) {
                        SqlText.Token t = tokens.get(i);
                        boolean qualified = i > 0 && tokens.get(i - 1).isSymbol(".");
                        if (t.kind() == SqlText.Kind.WORD && !qualified && tokens.get(i + 1).isSymbol("(")
                                && t.text().equalsIgnoreCase(name)) {
                            return Optional.of(t.text() + "(...) may call the function " + name + " a user created beside the"
                                    + " built-in (the database takes it where its arguments fit better); write pg_catalog."
                                    + name.toLowerCase(Locale.ROOT) + "(...) for the built-in");
                        }
                    }
                }
                case "type" -> {
                    return Optional.of("the type " + name + " of the database reads or writes its values with a user's function");
                }
                case "cast holder" -> { }
                case "search path" -> {
                    return Optional.of("the search path (" + name + ") does not start with pg_catalog, so a user's"
                            + " function, operator or type can take the place of a built-in of the same name");
                }
                default -> { // cast e, cast a, cast i
                    if (!kind.equals("cast e") || casts) {
                        return Optional.of("the cast from " + name + " of the database runs a user's function"
                                + (kind.equals("cast e") ? "" : " wherever a value needs it, cast or not"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code ::}, {@code CAST(}, a type's name before a string (PostgreSQL's {@code date
     * '2024-01-01'}), or a JSON function ({@code to_json}, {@code json_agg}, {@code
     * jsonb_build_object}...), which converts a value of a user's type with its cast to json.
     */
    private static boolean hasCast(List<SqlText.Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlText.Token t = tokens.get(i);
            SqlText.Token next = tokens.get(i + 1);
            if (t.isSymbol(":") && next.isSymbol(":") || (t.is("CAST") || t.is("TRY_CAST")) && next.isSymbol("(")
                    || t.kind() == SqlText.Kind.WORD && t.text().contains("JSON") && next.isSymbol("(")
                    || (t.kind() == SqlText.Kind.QUOTED || t.kind() == SqlText.Kind.WORD && !SqlAnalysis.NOT_A_TYPE.contains(t.text()))
                    && next.kind() == SqlText.Kind.STRING) {
                return true;
            }
        }
        return false;
    }
}
