package dev.leash.tools.sql;

import dev.leash.api.tool.Impact;
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
 * run. So is a statement that names a relation whose own definition runs such code: a view that
 * calls a user's function or operator, or a built-in with side effects outside the READ allowlist
 * ({@code pg_try_advisory_lock}, {@code nextval}), directly or through other views; a table with
 * row-level security on and a policy that does; and, for a statement that writes, a table with a
 * trigger of a user's function or a rule (an update that also deletes elsewhere), or a view over
 * one, or a table whose rows a foreign key deletes or changes with the rows the statement changes
 * ({@code ON DELETE CASCADE}, {@code SET NULL}, {@code ON UPDATE CASCADE}, {@code TRUNCATE ...
 * CASCADE}) when the statement does not name it ({@link #cascades}): its targets would leave out a
 * table it changes. Package-private; stateless.
 */
final class HiddenCalls {

    private HiddenCalls() {
    }

    /**
     * What a statement may run without naming it, and how to write one that does not.
     *
     * @param why what runs, and where
     * @param advice what to do instead
     */
    record Found(String why, String advice) {
    }

    private static final String SYSTEM = "('pg_catalog', 'information_schema')";

    /**
     * The relations whose own definitions run code when a statement names them, one row each:
     * {@code reads} (run by any statement that names it) or {@code writes} (run by a statement that
     * writes it), and the relation's name, a space, what runs. Read: a view's definition that calls
     * a function or an operator of a user, or a built-in function with side effects outside the
     * READ allowlist ({@code pg_try_advisory_lock}, {@code nextval}); a row-level security policy
     * of a table that has it on, the same way. Written: a trigger whose function is a user's, a
     * rule (an update or insert that also deletes). A view over such a relation counts as well,
     * through any number of views (reading a view reads what it reads; writing an updatable view
     * writes its table).
     */
    private static final String DEFINITIONS = ""
            + "(WITH RECURSIVE code(rel, kind, what) AS ("
            // what a view's definition or a policy calls: a function
            + "SELECT x.rel, 'reads', 'calls the function ' || p.proname FROM ("
            + "SELECT r.ev_class AS rel, d.refclassid, d.refobjid FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d"
            + " ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid WHERE r.ev_type = '1'"
            + " UNION ALL SELECT pol.polrelid, d.refclassid, d.refobjid FROM pg_catalog.pg_policy pol"
            + " JOIN pg_catalog.pg_class t ON t.oid = pol.polrelid AND t.relrowsecurity JOIN pg_catalog.pg_depend d"
            + " ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND d.objid = pol.oid) x"
            + " JOIN pg_catalog.pg_proc p ON x.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = x.refobjid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM + " OR p.provolatile = 'v' AND pg_catalog.upper(p.proname) <> ALL (?)"
            // or an operator of a user's function
            + " UNION ALL SELECT x.rel, 'reads', 'uses the operator ' || o.oprname FROM ("
            + "SELECT r.ev_class AS rel, d.refclassid, d.refobjid FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d"
            + " ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid WHERE r.ev_type = '1'"
            + " UNION ALL SELECT pol.polrelid, d.refclassid, d.refobjid FROM pg_catalog.pg_policy pol"
            + " JOIN pg_catalog.pg_class t ON t.oid = pol.polrelid AND t.relrowsecurity JOIN pg_catalog.pg_depend d"
            + " ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND d.objid = pol.oid) x"
            + " JOIN pg_catalog.pg_operator o ON x.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND o.oid = x.refobjid"
            + " JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE n.nspname NOT IN " + SYSTEM
            // a trigger of a user's function, a rule on writing
            + " UNION ALL SELECT tg.tgrelid, 'writes', 'has the trigger ' || tg.tgname || ' (function ' || p.proname || ')'"
            + " FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'D' AND n.nspname NOT IN " + SYSTEM
            + " UNION ALL SELECT r.ev_class, 'writes', 'has the rule ' || r.rulename FROM pg_catalog.pg_rewrite r"
            + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE r.ev_type <> '1' AND n.nspname NOT IN " + SYSTEM
            // and every view over a relation that has one
            + " UNION SELECT r.ev_class, code.kind, code.what FROM code JOIN pg_catalog.pg_depend d"
            + " ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = code.rel"
            + " AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
            + " JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid AND r.ev_type = '1' AND r.ev_class <> code.rel)"
            + " SELECT code.kind, c.relname || pg_catalog.chr(1) || code.what FROM code JOIN pg_catalog.pg_class c ON c.oid = code.rel)"
            // the text of every view and every policy of a table with row-level security on: read
            // as SQL, as a statement that names the relation would run it
            + " UNION ALL SELECT 'view', c.relname || pg_catalog.chr(1) || pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v' AND n.nspname NOT IN " + SYSTEM
            + " UNION ALL SELECT 'policy', t.relname || pg_catalog.chr(1) || e.expr FROM pg_catalog.pg_policy pol"
            + " JOIN pg_catalog.pg_class t ON t.oid = pol.polrelid AND t.relrowsecurity"
            + " CROSS JOIN LATERAL (VALUES (pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)),"
            + " (pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid))) e(expr) WHERE e.expr IS NOT NULL";

    /**
     * Every foreign key, one row each: {@code foreign key}, the referenced table, the referencing
     * one, the key's name, its actions on delete and on update (PostgreSQL's letters: {@code c}
     * cascade, {@code n} set null, {@code d} set default; others do not change the referencing
     * table), the referenced columns ({@code *} for a generated one, which any update may change)
     * and the referencing ones, separated by {@code chr(1)}. The key of a partitioned
     * table once, not once per partition.
     */
    private static final String FOREIGN_KEYS = ""
            + "SELECT 'foreign key', p.relname || pg_catalog.chr(1) || c.relname || pg_catalog.chr(1) || k.conname"
            + " || pg_catalog.chr(1) || k.confdeltype::text || k.confupdtype::text || pg_catalog.chr(1)"
            + " || COALESCE((SELECT pg_catalog.string_agg(CASE WHEN a.attgenerated <> '' THEN '*' ELSE a.attname::text END, ',')"
            + " FROM pg_catalog.pg_attribute a WHERE a.attrelid = k.confrelid AND a.attnum = ANY (k.confkey)), '') || pg_catalog.chr(1)"
            + " || COALESCE((SELECT pg_catalog.string_agg(a.attname::text, ',') FROM pg_catalog.pg_attribute a"
            + " WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)), '')"
            + " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
            + " JOIN pg_catalog.pg_class p ON p.oid = k.confrelid WHERE k.contype = 'f' AND k.conparentid = 0";

    /** One row per object: its kind and name; for a cast, its context ({@code e}, {@code a}, {@code i}) as the kind's suffix. */
    private static final String CATALOG = ""
            // text, not name, from the first row on: a union takes its first row's type, and name cuts at 63 bytes
            + "SELECT 'attribute', p.proname::text FROM pg_catalog.pg_proc p"
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
            + " WHERE n.nspname NOT IN " + SYSTEM + " AND pg_catalog.upper(p.proname) = ANY (?)"
            + " UNION ALL " + DEFINITIONS
            + " UNION ALL " + FOREIGN_KEYS;


    /** Comparison operators that SQL syntax uses without their symbol (IN, BETWEEN, LIKE, ORDER BY, DISTINCT, CASE). */
    private static final String IMPLIED_OPERATOR_CHARS = "=<>!~";

    /**
     * Why one of {@code sources} (the statements as they reach the driver), which name {@code
     * tables}, may call user code it does not name, or empty. Asks the database over {@code
     * connection}.
     *
     * @throws SQLException when the catalog cannot be read (the caller refuses the call)
     */
    static Optional<Found> find(Connection connection, List<String> sources, List<String> tables, boolean writes) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(CATALOG)) {
            java.sql.Array allowed = connection.createArrayOf("text", SqlFunctions.allowed(SqlDialect.POSTGRESQL).toArray());
            s.setArray(1, allowed);
            s.setArray(2, allowed);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    objects.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        java.util.Set<String> reached = new java.util.LinkedHashSet<>();
        Optional<String> defined = definitions(tables, sources, writes, objects, SqlDialect.POSTGRESQL, reached);
        if (defined.isPresent()) {
            return Optional.of(new Found(defined.get(), "read or write tables whose definitions run no code of their own"));
        }
        if (writes) {
            Optional<Found> cascaded = cascades(tables, sources, reached, objects);
            if (cascaded.isPresent()) {
                return cascaded;
            }
        }
        for (String source : sources) {
            Optional<String> why = reached(tokens(source), tables, objects);
            if (why.isPresent()) {
                return Optional.of(new Found(why.get(), "name functions as calls, f(x), and cast only values of built-in types"));
            }
        }
        return Optional.empty();
    }

    /** H2's views (their text), triggers and foreign keys, as {@link #DEFINITIONS} and {@link #FOREIGN_KEYS} give PostgreSQL's. */
    private static final String H2_DEFINITIONS = ""
            + "SELECT 'view', TABLE_NAME || CHAR(1) || VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS"
            + " WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'"
            + " UNION ALL SELECT 'writes', EVENT_OBJECT_TABLE || CHAR(1) || 'has the trigger ' || TRIGGER_NAME"
            + " || ' (Java class ' || JAVA_CLASS || ')' FROM INFORMATION_SCHEMA.TRIGGERS"
            // foreign keys, as FOREIGN_KEYS gives PostgreSQL's
            + " UNION ALL SELECT 'foreign key', pk.TABLE_NAME || CHAR(1) || fk.TABLE_NAME || CHAR(1) || r.CONSTRAINT_NAME || CHAR(1)"
            + " || CASE r.DELETE_RULE WHEN 'CASCADE' THEN 'c' WHEN 'SET NULL' THEN 'n' WHEN 'SET DEFAULT' THEN 'd' ELSE 'a' END"
            + " || CASE r.UPDATE_RULE WHEN 'CASCADE' THEN 'c' WHEN 'SET NULL' THEN 'n' WHEN 'SET DEFAULT' THEN 'd' ELSE 'a' END"
            + " || CHAR(1) || COALESCE((SELECT LISTAGG(CASE WHEN col.IS_GENERATED = 'ALWAYS' THEN '*' ELSE u.COLUMN_NAME END, ',')"
            + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE u JOIN INFORMATION_SCHEMA.COLUMNS col ON col.TABLE_SCHEMA = u.TABLE_SCHEMA"
            + " AND col.TABLE_NAME = u.TABLE_NAME AND col.COLUMN_NAME = u.COLUMN_NAME"
            + " WHERE u.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME), '')"
            + " || CHAR(1) || COALESCE((SELECT LISTAGG(u.COLUMN_NAME, ',') FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE u"
            + " WHERE u.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = r.CONSTRAINT_NAME), '')"
            + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS fk"
            + " ON fk.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND fk.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS pk"
            + " ON pk.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA AND pk.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME";

    /**
     * On H2, why one of {@code tables} runs code of its own definition for the statement, or
     * empty: a view whose text is not READ (it calls an alias, which runs Java), directly or
     * through other views, for any statement; a table with a trigger (Java), or whose rows a
     * foreign key changes with another's ({@link #cascades}), for a statement that {@code writes}. Asks the database over {@code connection}.
     *
     * @throws SQLException when the catalog cannot be read (the caller refuses the call)
     */
    static Optional<Found> findOnH2(Connection connection, List<String> sources, List<String> tables, boolean writes) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(H2_DEFINITIONS); ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                objects.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        java.util.Set<String> reached = new java.util.LinkedHashSet<>();
        Optional<String> defined = definitions(tables, sources, writes, objects, SqlDialect.H2, reached);
        if (defined.isPresent()) {
            return Optional.of(new Found(defined.get(), "read or write tables whose definitions run no code of their own"));
        }
        return writes ? cascades(tables, sources, reached, objects) : Optional.empty();
    }

    /**
     * Why one of {@code tables} runs code of its own definition for the statement (a view's, a
     * policy's; a trigger's or a rule's when it {@code writes}), or empty. A view's text and a policy's condition
     * are read as the SQL they are, as deep as the views they name go: what is not READ for
     * {@link SqlAnalysis} (a built-in with side effects: the catalog records no use of those), or
     * reaches user code as {@link #reached} finds it, runs whenever the relation is read. Adds to
     * {@code reached} (lower case) every relation the statement reaches by name: those it names,
     * and those under the views it names, as deep as they go.
     */
    private static Optional<String> definitions(List<String> tables, List<String> sources, boolean writes, List<String[]> objects,
                                                SqlDialect dialect, java.util.Set<String> reached) {
        java.util.Deque<String> named = new java.util.ArrayDeque<>();
        named(tables, sources, objects, named);
        while (!named.isEmpty()) {
            String table = named.poll();
            if (!reached.add(table.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String[] object : objects) {
                String kind = object[0];
                if (!kind.equals("reads") && !kind.equals("view") && !kind.equals("policy") && !(writes && kind.equals("writes"))) {
                    continue;
                }
                int cut = object[1].indexOf('\u0001');
                String relation = object[1].substring(0, cut);
                String what = object[1].substring(cut + 1);
                if (!names(List.of(table), relation)) {
                    continue;
                }
                if (kind.equals("reads") || kind.equals("writes")) {
                    return Optional.of(relation + " " + what + " of the database whenever it is "
                            + (kind.equals("reads") ? "read (its definition as a view, or a row-level security policy)"
                                    : "written (a trigger or a rule of the table, or of the table under a view)"));
                }
                String sql = kind.equals("view") ? what : "SELECT 1 WHERE (" + what + ")";
                String whose = kind.equals("view") ? "its definition as a view" : "a row-level security policy of it";
                SqlAnalysis analysis = SqlAnalysis.of(sql, dialect);
                if (analysis.impact() != Impact.READ) {
                    return Optional.of(relation + " runs what is not a read whenever it is read (" + whose + ": "
                            + analysis.reason() + ")");
                }
                for (String source : dialect == SqlDialect.POSTGRESQL ? analysis.sources() : List.<String>of()) {
                    Optional<String> why = reached(tokens(source), analysis.tables(), objects);
                    if (why.isPresent()) {
                        return Optional.of(relation + " reaches user code whenever it is read (" + whose + "): " + why.get());
                    }
                }
                named(analysis.tables(), analysis.sources(), objects, named);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds the relations {@code sources} name to {@code named}: {@code tables} as the analysis
     * found them and, when it could not name them all ({@code (unknown)}: a quoted name in
     * another case, a statement the parser reads only in part), every relation with a definition
     * of its own that the text spells (a word, a quoted name, or inside a string): a relation is
     * reached by its name, so one the text never spells is not reached.
     */
    private static void named(List<String> tables, List<String> sources, List<String[]> objects, java.util.Deque<String> named) {
        for (String table : tables) {
            if (!table.equals("(unknown)")) {
                named.add(table);
            }
        }
        if (!tables.contains("(unknown)")) {
            return;
        }
        List<SqlText.Token> tokens = new ArrayList<>();
        for (String source : sources) {
            tokens.addAll(tokens(source));
        }
        for (String[] object : objects) {
            int cut = object[1].indexOf('\u0001');
            if (cut < 0) {
                continue;
            }
            String relation = object[1].substring(0, cut);
            if (spells(tokens, relation)) {
                named.add(relation);
            }
        }
    }

    /** Whether {@code tokens} spell the relation's name: as a word, a quoted name (also after a schema's), or inside a string. */
    private static boolean spells(List<SqlText.Token> tokens, String relation) {
        String lower = relation.toLowerCase(Locale.ROOT);
        for (SqlText.Token t : tokens) {
            if ((t.kind() == SqlText.Kind.WORD || t.kind() == SqlText.Kind.QUOTED) && t.text().equalsIgnoreCase(relation)
                    || t.kind() == SqlText.Kind.QUOTED && t.text().toLowerCase(Locale.ROOT).endsWith("." + lower)
                    || t.kind() == SqlText.Kind.STRING && t.text().toLowerCase(Locale.ROOT).contains(lower)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a statement that writes changes a table it does not name through a foreign key of the
     * database, or empty: deleting a referenced row deletes the rows that reference it ({@code ON
     * DELETE CASCADE}) or changes them ({@code SET NULL}, {@code SET DEFAULT}); changing its key
     * does the same ({@code ON UPDATE ...}); {@code TRUNCATE ... CASCADE} empties every table that
     * references it; and a row changed so changes the rows that reference it in turn. Such a
     * statement's targets, which the tables allowlist and the reviewer see, would leave out
     * tables it changes. A table it names may be changed so: it is among the targets.
     *
     * <p>Which keys act, from the text: those on delete when it has {@code DELETE}; those on
     * update when it has {@code UPDATE} and, for a table it names, spells one of the referenced
     * columns between a {@code SET} and the end of its list of assignments (any update when one
     * of them is generated from others, or for a table reached through a view, whose columns may
     * be named otherwise); every key under {@code
     * TRUNCATE ... CASCADE}. On a table a key changed: those on delete when the key deleted its
     * rows, those on update when the key set columns they reference.
     */
    private static Optional<Found> cascades(List<String> tables, List<String> sources, java.util.Set<String> reached,
                                            List<String[]> objects) {
        List<String[]> keys = new ArrayList<>();
        for (String[] object : objects) {
            if (object[0].equals("foreign key")) {
                keys.add(object[1].split("\u0001", -1)); // referenced, referencing, name, actions, referenced and referencing columns
            }
        }
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<SqlText.Token> tokens = new ArrayList<>();
        for (String source : sources) {
            tokens.addAll(tokens(source));
        }
        boolean deletes = tokens.stream().anyMatch(t -> t.is("DELETE"));
        boolean updates = tokens.stream().anyMatch(t -> t.is("UPDATE"));
        boolean truncates = tokens.stream().anyMatch(t -> t.is("TRUNCATE")) && tokens.stream().anyMatch(t -> t.is("CASCADE"));
        java.util.Set<String> assigned = assigned(tokens);
        List<String> named = tables.stream().filter(t -> !t.equals("(unknown)")).toList();
        boolean unknown = tables.contains("(unknown)");
        java.util.function.Predicate<String> isNamed = relation -> names(named, relation) || unknown && spells(tokens, relation);
        // each relation with how it is changed: named by the statement, under a view it names, or by a key
        // (its rows deleted, or the key's columns set: {relation, how, key, columns set})
        java.util.Deque<String[]> changed = new java.util.ArrayDeque<>();
        for (String relation : reached) {
            changed.add(new String[] {relation, isNamed.test(relation) ? "named" : "view", "", ""});
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!changed.isEmpty()) {
            String[] at = changed.poll();
            String relation = at[0];
            if (!seen.add(relation.toLowerCase(Locale.ROOT) + '\u0001' + at[1] + '\u0001' + at[3])) {
                continue;
            }
            for (String[] key : keys) {
                if (!names(List.of(relation), key[0])) {
                    continue;
                }
                char onDelete = key[3].charAt(0);
                char onUpdate = key[3].charAt(1);
                boolean rowsDeleted = at[1].equals("deleted") || !at[1].equals("set") && deletes;
                boolean keySet = switch (at[1]) {
                    case "named" -> updates && anyAssigned(assigned, key[4]);
                    case "view" -> updates;
                    case "set" -> anyAssigned(java.util.Set.of(at[3].toUpperCase(Locale.ROOT).split(",")), key[4]);
                    default -> false;
                };
                String action = null;
                String how = null;
                if (rowsDeleted && acts(onDelete)) {
                    action = "ON DELETE " + action(onDelete);
                    how = onDelete == 'c' ? "deleted" : "set";
                } else if (keySet && acts(onUpdate)) {
                    action = "ON UPDATE " + action(onUpdate);
                    how = "set";
                } else if (truncates) {
                    action = "TRUNCATE ... CASCADE empties every table that references it";
                    how = "deleted";
                }
                if (action == null) {
                    continue;
                }
                String child = key[1];
                if (!isNamed.test(child)) {
                    String through = at[1].equals("deleted") || at[1].equals("set") ? " (itself changed by the foreign key " + at[2] + ")"
                            : at[1].equals("view") ? " (under a view the SQL names)" : "";
                    return Optional.of(new Found("changing rows of " + relation + through + " also changes " + child
                            + ", which the SQL does not name (the foreign key " + key[2] + " of " + child + ": " + action + ")",
                            "name every table the SQL changes: change the rows of " + child + " that refer to those rows in"
                                    + " the same call first, or write to tables whose rows no foreign key changes with them"));
                }
                changed.add(new String[] {child, how, key[2], key.length > 5 ? key[5] : ""});
            }
        }
        return Optional.empty();
    }

    /** Whether a foreign key's action ({@code c} cascade, {@code n} set null, {@code d} set default) changes the referencing rows. */
    private static boolean acts(char action) {
        return action == 'c' || action == 'n' || action == 'd';
    }

    private static String action(char action) {
        return switch (action) {
            case 'c' -> "CASCADE";
            case 'n' -> "SET NULL";
            default -> "SET DEFAULT";
        };
    }

    /**
     * The names (upper case) written in the lists of assignments: from each {@code SET} to the
     * {@code WHERE}, {@code FROM}, {@code RETURNING}, {@code WHEN} or end of statement at its own
     * depth of parentheses; everything inside them counts (a sub-select's columns too).
     */
    private static java.util.Set<String> assigned(List<SqlText.Token> tokens) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).is("SET")) {
                continue;
            }
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                SqlText.Token t = tokens.get(j);
                if (t.isSymbol("(")) {
                    depth++;
                } else if (t.isSymbol(")")) {
                    if (--depth < 0) {
                        break;
                    }
                } else if (depth == 0 && (t.is("WHERE") || t.is("FROM") || t.is("RETURNING") || t.is("WHEN") || t.isSymbol(";"))) {
                    break;
                } else if (t.kind() == SqlText.Kind.WORD || t.kind() == SqlText.Kind.QUOTED) {
                    names.add(t.text().toUpperCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /** Whether one of {@code columns} (a key's referenced ones) is among {@code assigned}, or generated ({@code *}). */
    private static boolean anyAssigned(java.util.Set<String> assigned, String columns) {
        for (String column : columns.split(",")) {
            if (column.equals("*") || !column.isEmpty() && assigned.contains(column.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The tokens of one statement, as written. */
    private static List<SqlText.Token> tokens(String source) {
        return SqlText.lex(source).segments().stream().flatMap(seg -> seg.tokens().stream()).toList();
    }

    /** Whether {@code tables} (as the analysis names them) may name the relation {@code name}. */
    private static boolean names(List<String> tables, String name) {
        return tables.stream().anyMatch(t -> t.equalsIgnoreCase(name) || t.toLowerCase(Locale.ROOT).endsWith("." + name.toLowerCase(Locale.ROOT))
                || t.equals("(unknown)"));
    }

    private static Optional<String> reached(List<SqlText.Token> tokens, List<String> tables, List<String[]> objects) {
        // an explicit cast from a user's type needs a value of that type: one of a relation holding it
        boolean casts = hasCast(tokens) && objects.stream().anyMatch(o -> o[0].equals("cast holder") && names(tables, o[1]));
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
                case "cast holder", "reads", "writes", "view", "policy", "foreign key" -> { }
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
