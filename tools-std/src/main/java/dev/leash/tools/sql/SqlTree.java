package dev.leash.tools.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * What a parsed statement's syntax tree holds: the tables it names and the functions it calls,
 * found by walking every field of every node, so that no clause is left out (ORDER BY, WINDOW, FILTER, OFFSET, DISTINCT ON, an
 * aggregate's ORDER BY, ...), and with the scope of common table expressions: a name is taken for
 * a CTE only where that CTE is certainly visible (in the statement the WITH belongs to, in the
 * CTEs after it, and on PostgreSQL in the recursive terms of its own UNION under RECURSIVE). Elsewhere, e.g. in its own body without
 * RECURSIVE, in an earlier CTE or outside the subquery the WITH belongs to, the name is the table
 * of that name and is named. Column qualifiers ({@code a.id}, {@code a.*}) are aliases or tables
 * named elsewhere and are not taken. Package-private; stateless.
 */
final class SqlTree {

    private final Map<Class<?>, List<Field>> fields = new HashMap<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<Object> grouping = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Each node once per scope: a node the tree holds in two places is judged in both scopes. */
    private final Map<Object, Set<Set<String>>> seen = new IdentityHashMap<>();
    private int plainSelects;

    private final Set<String> caseSensitive = new LinkedHashSet<>();
    private final boolean selfVisible;
    private final SqlDialect dialect;

    private SqlTree(SqlDialect dialect) {
        this.dialect = dialect;
        this.selfVisible = dialect == SqlDialect.POSTGRESQL;
    }

    /**
     * What {@link #of} found: the tables as written (quotes removed); the functions called without a
     * schema, upper-cased (CUBE and ROLLUP as GROUP BY's grouping syntax left out); and the number of
     * SELECT blocks walked; and the data types named ({@code CAST(x AS t)}, {@code x::t}, {@code
     * int4 '1'}), as the parser wrote them ({@code public.purged}, {@code VARCHAR (20)}, {@code
     * "Purged"}); and the tables named by a quoted name that the tables allowlist, which ignores
     * case and white space, could not tell from another table ({@link #readAlike}).
     */
    record Found(List<String> tables, List<String> functions, int plainSelects, List<String> types,
                 List<String> caseSensitive) {
    }

    /**
     * Walks {@code statement} as {@code dialect} reads it: on PostgreSQL a recursive CTE's name in
     * its recursive terms is the CTE; H2 reads the table of that name there when one exists, so on
     * H2 (and an unknown database) it is named as a table.
     */
    static Found of(Statement statement, SqlDialect dialect) {
        SqlTree walker = new SqlTree(dialect);
        walker.walk(statement, Set.of());
        return new Found(new ArrayList<>(walker.tables), new ArrayList<>(walker.functions), walker.plainSelects,
                new ArrayList<>(walker.types), new ArrayList<>(walker.caseSensitive));
    }

    private void walk(Object node, Set<String> ctes) {
        if (node == null || node instanceof CharSequence || node instanceof Number || node instanceof Boolean
                || node instanceof Character || node instanceof Enum<?> || node instanceof Node) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            for (Object o : collection) {
                walk(o, ctes);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getKey(), ctes);
                walk(e.getValue(), ctes);
            }
            return;
        }
        if (node instanceof Object[] array) {
            for (Object o : array) {
                walk(o, ctes);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("net.sf.jsqlparser.")) {
            return;
        }
        Set<Set<String>> scopes = seen.computeIfAbsent(node, n -> new HashSet<>());
        if (!scopes.add(ctes)) {
            return;
        }
        if (node instanceof PlainSelect && scopes.size() == 1) {
            plainSelects++;
        }
        if (node instanceof GroupByElement groupBy && groupBy.getGroupByExpressions() != null) {
            for (Object e : groupBy.getGroupByExpressions()) {
                if (e instanceof Function f && f.getMultipartName().size() == 1
                        && List.of("CUBE", "ROLLUP").contains(f.getName().toUpperCase(Locale.ROOT))) {
                    grouping.add(f);
                }
            }
        }
        if (node instanceof Function f && !grouping.contains(f) && f.getMultipartName() != null
                && f.getMultipartName().size() == 1) {
            functions.add(f.getName().toUpperCase(Locale.ROOT));
        }
        if (node instanceof CastExpression cast && cast.getColDataType() != null && cast.getColDataType().getDataType() != null) {
            types.add(cast.getColDataType().getDataType()); // a column's type in CREATE or ALTER is no cast
        }
        if (node instanceof AnalyticExpression a && a.getName() != null && !a.getName().contains(".")) {
            functions.add(a.getName().toUpperCase(Locale.ROOT));
        }
        if (node instanceof Table table) {
            String written = table.getFullyQualifiedName();
            String name = unquote(written);
            // TABLE is reserved in both databases: unquoted, it is JSqlParser reading "(TABLE x)" as a
            // table named TABLE aliased x; SqlAnalysis names x from the tokens.
            boolean keyword = written.equalsIgnoreCase("TABLE");
            if (!keyword && (name.contains(".") || !ctes.contains(name.toUpperCase(Locale.ROOT)))) {
                tables.add(name);
                if (!readAlike(written, dialect)) {
                    caseSensitive.add(name);
                }
            }
        }
        List<Field> fields = fields(node.getClass());
        Set<String> scope = ctes;
        for (Field f : fields) {
            if (f.getName().equals("withItemsList") && value(f, node) instanceof List<?> items && !items.isEmpty()) {
                scope = withItems(items, ctes);
            }
        }
        for (Field f : fields) {
            if (f.getName().equals("withItemsList")
                    || f.getName().equals("table") && (node instanceof Column || node instanceof AllTableColumns)) {
                continue;
            }
            walk(value(f, node), scope);
        }
    }

    /** Walks the CTEs of one WITH, each in its own scope; returns the scope of the statement they belong to. */
    private Set<String> withItems(List<?> items, Set<String> outer) {
        boolean recursive = items.stream().anyMatch(i -> i instanceof WithItem<?> w && w.isRecursive());
        Set<String> visible = new HashSet<>(outer);
        for (Object item : items) {
            String name = item instanceof WithItem<?> w && w.getAlias() != null
                    ? unquote(w.getAlias().getName()).toUpperCase(Locale.ROOT) : null;
            Set<String> inBody = new HashSet<>(visible);
            if (recursive && name != null && selfVisible) {
                inBody.add(name);
                // Only the recursive terms see the CTE: in the first term of the UNION PostgreSQL
                // refuses the name, and without a UNION there is no recursion.
                if (item instanceof WithItem<?> w && w.getParenthesedStatement() instanceof ParenthesedSelect body
                        && body.getSelect() instanceof SetOperationList union && union.getSelects() != null) {
                    for (int i = 0; i < union.getSelects().size(); i++) {
                        Object term = union.getSelects().get(i);
                        walk(term, i == 0 ? Set.copyOf(visible) : Set.copyOf(inBody));
                        // judged: the walk of the whole item below passes over it
                        seen.computeIfAbsent(term, n -> new HashSet<>()).add(Set.copyOf(visible));
                    }
                }
            }
            walk(item, Set.copyOf(visible));
            if (name != null) {
                visible.add(name);
            }
        }
        return Set.copyOf(visible);
    }

    private static Object value(Field f, Object node) {
        try {
            return f.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + f + " of the syntax tree", e);
        }
    }

    private List<Field> fields(Class<?> type) {
        return fields.computeIfAbsent(type, t -> {
            List<Field> all = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        all.add(f);
                    }
                }
            }
            return List.copyOf(all);
        });
    }

    /**
     * Whether every quoted part of {@code written} names what the same letters unquoted would
     * name: on PostgreSQL lower case ({@code "orders"}), on H2 upper case ({@code "ORDERS"}), on
     * an unknown database one case throughout; and no white space at either end, no dot, nothing
     * but letters, digits and {@code _ $}. Otherwise ({@code "Orders"} on PostgreSQL, {@code
     * "orders"} on H2, {@code "orders "}, {@code "public.orders"}) it is another table than the
     * one a case-insensitive allowlist entry {@code orders} means.
     */
    static boolean readAlike(String written, SqlDialect dialect) {
        int i = 0;
        while ((i = written.indexOf('"', i)) >= 0) {
            int end = written.indexOf('"', i + 1);
            while (end >= 0 && end + 1 < written.length() && written.charAt(end + 1) == '"') {
                end = written.indexOf('"', end + 2);
            }
            if (end < 0) {
                return false;
            }
            String part = written.substring(i + 1, end);
            if (part.isEmpty() || !part.matches("[A-Za-z0-9_$]+")) {
                return false;
            }
            String lower = part.toLowerCase(Locale.ROOT);
            String upper = part.toUpperCase(Locale.ROOT);
            boolean alike = switch (dialect) {
                case POSTGRESQL -> part.equals(lower);
                case H2 -> part.equals(upper);
                case UNKNOWN -> part.equals(lower) || part.equals(upper);
            };
            if (!alike) {
                return false;
            }
            i = end + 1;
        }
        return true;
    }

    static String unquote(String table) {
        return table.replace("\"", "").replace("`", "").replace("[", "").replace("]", "");
    }
}
