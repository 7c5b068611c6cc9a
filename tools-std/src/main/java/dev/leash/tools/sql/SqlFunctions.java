package dev.leash.tools.sql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which functions a READ statement may call, per dialect (an allowlist of the database's own
 * built-ins, no name a user's function or Java alias could answer to: computation on values,
 * aggregates, window functions, date and string functions; nothing that touches files, the
 * network, sequences, locks, sessions, settings, large objects or runs SQL from a string), and
 * the dangerous families named in reasons. A function outside the dialect's allowlist, called
 * with a schema other than PostgreSQL's {@code pg_catalog}, or through a quoted name, is not
 * known to be safe. Package-private; immutable.
 */
final class SqlFunctions {

    private SqlFunctions() {
    }

    /** Words that take a parenthesis without being a function call. */
    static final Set<String> PAREN_KEYWORDS = Set.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "EXISTS", "VALUES", "OVER", "AS", "FILTER",
            "WITHIN", "USING", "ON", "JOIN", "LATERAL", "ANY", "ALL", "SOME", "CASE", "WHEN", "THEN", "ELSE",
            "IS", "BY", "ROW", "ARRAY", "UNION", "INTERSECT", "EXCEPT", "DISTINCT", "LIKE", "ILIKE",
            "BETWEEN", "ESCAPE", "LIMIT", "OFFSET", "FETCH", "HAVING", "CONFLICT", "ROWS", "RANGE", "GROUPS",
            "RETURNING", "WITH", "RECURSIVE", "MATERIALIZED", "IF", "END", "NULL", "TRUE", "FALSE",
            "VARCHAR", "CHAR", "CHARACTER", "VARYING", "DECIMAL", "NUMERIC", "FLOAT", "TIMESTAMP", "TIME",
            "BIT", "BINARY", "VARBINARY", "PRECISION", "INTERVAL", "GROUPING", "CUBE", "ROLLUP", "SETS",
            "CAST", "EXTRACT", "SUBSTRING", "POSITION", "TRIM", "OVERLAY", "COALESCE", "NULLIF", "GREATEST",
            "LEAST", "COUNT", "SUM", "AVG", "MIN", "MAX", "PARTITION", "ORDER", "SIMILAR", "TO", "DO", "NOTHING",
            "MATCHED", "UPDATE", "INSERT", "INTO", "KEY", "UNIQUE", "PRIMARY", "CHECK", "REFERENCES", "DEFAULT");

    /**
     * Words of {@link #PAREN_KEYWORDS} that PostgreSQL accepts as a function's name (unreserved and
     * type-or-function keywords, and words that are no keyword there): a user's function may have one.
     */
    private static final Set<String> POSTGRESQL_CALLABLE_KEYWORDS = Set.of(
            "BY", "CONFLICT", "CUBE", "ESCAPE", "FILTER", "GROUPS", "IF", "INSERT", "KEY", "MATERIALIZED", "NOTHING",
            "OVER", "PARTITION", "RANGE", "RECURSIVE", "ROLLUP", "ROWS", "SETS", "UPDATE", "VARYING", "WITHIN", "MATCHED",
            "BINARY", "ILIKE", "IS", "JOIN", "LIKE", "SIMILAR", "AVG", "COUNT", "MAX", "MIN", "SUM");

    /** Words of {@link #PAREN_KEYWORDS} that H2 calls as a user's Java alias of that name ({@code SELECT FILTER()}). */
    private static final Set<String> H2_CALLABLE_KEYWORDS = Set.of(
            "BINARY", "BIT", "BY", "CHARACTER", "CONFLICT", "CUBE", "DECIMAL", "DO", "ESCAPE", "FILTER", "FLOAT",
            "GROUPING", "GROUPS", "ILIKE", "INTO", "LATERAL", "MATCHED", "MATERIALIZED", "NOTHING", "NUMERIC", "OVER",
            "OVERLAY", "PARTITION", "PRECISION", "RANGE", "RECURSIVE", "REFERENCES", "RETURNING", "ROLLUP", "ROWS",
            "SETS", "SIMILAR", "THEN", "TIME", "TIMESTAMP", "UPDATE", "VARBINARY", "VARCHAR", "VARYING", "WITHIN");

    /** Whether {@code keyword}, parsed as a function call, may call a user's function on {@code dialect}. */
    static boolean userCallableKeyword(SqlDialect dialect, String keyword) {
        return switch (dialect) {
            case H2 -> H2_CALLABLE_KEYWORDS.contains(keyword);
            case POSTGRESQL -> POSTGRESQL_CALLABLE_KEYWORDS.contains(keyword);
            case UNKNOWN -> H2_CALLABLE_KEYWORDS.contains(keyword) || POSTGRESQL_CALLABLE_KEYWORDS.contains(keyword);
        };
    }

    private static final Set<String> COMMON = Set.of(
            "ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNC", "MOD", "POWER", "SQRT", "EXP", "LN", "LOG", "LOG10",
            "SIGN", "PI", "DEGREES", "RADIANS", "SIN", "COS", "TAN", "COT", "ASIN", "ACOS", "ATAN", "ATAN2", "SINH",
            "COSH", "TANH", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "OCTET_LENGTH", "BIT_LENGTH",
            "LOWER", "UPPER", "SUBSTR", "LTRIM", "RTRIM", "BTRIM", "LPAD", "RPAD", "LEFT", "RIGHT",
            "REPEAT", "REPLACE", "CONCAT", "CONCAT_WS", "TRANSLATE", "ASCII", "CHR", "TO_CHAR", "DATE_TRUNC", "NOW", "STRING_AGG", "ARRAY_AGG", "BOOL_AND",
            "BOOL_OR", "EVERY", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP",
            "PERCENTILE_CONT", "PERCENTILE_DISC", "MODE", "ROW_NUMBER", "RANK", "DENSE_RANK", "NTILE", "LAG",
            "LEAD", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE", "PERCENT_RANK", "CUME_DIST", "UNNEST",
            "CARDINALITY", "REGEXP_REPLACE", "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE", "REGR_INTERCEPT",
            "BIT_AND", "BIT_OR", "LOCALTIMESTAMP", "LOCALTIME", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "COUNT", "SUM", "AVG", "MIN", "MAX");

    private static final Set<String> H2 = union(COMMON, Set.of(
            "LISTAGG",
            "IFNULL", "NVL", "NVL2", "DECODE", "INSTR", "LOCATE", "LCASE", "UCASE", "DATEADD", "DATEDIFF",
            "TIMESTAMPADD", "TIMESTAMPDIFF", "DAY_OF_WEEK", "DAY_OF_MONTH", "DAY_OF_YEAR", "DAYOFWEEK",
            "DAYOFMONTH", "DAYOFYEAR", "DAYNAME", "MONTHNAME", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
            "QUARTER", "WEEK", "ISO_WEEK", "ISO_YEAR", "FORMATDATETIME", "PARSEDATETIME", "REGEXP_LIKE",
            "REGEXP_SUBSTR", "ROUNDMAGIC", "SOUNDEX", "DIFFERENCE", "RAWTOHEX", "HEXTORAW", "STRINGENCODE",
            "STRINGDECODE", "XMLTEXT", "HASH", "ORA_HASH", "BITAND", "BITOR", "BITXOR", "BITNOT", "MEDIAN",
            "ANY_VALUE", "ARRAY_CONTAINS", "ARRAY_LENGTH", "ARRAY_SLICE", "ARRAY_GET", "JSON_OBJECT",
            "JSON_ARRAY", "JSON_OBJECTAGG", "JSON_ARRAYAGG", "CONVERT", "CHAR", "CASEWHEN",
            "SPACE", "TRIM_ARRAY", "LSHIFT", "RSHIFT", "LEAST", "GREATEST", "H2VERSION", "DATABASE", "USER",
            "CURRENT_USER", "CURRENT_SCHEMA", "CURRENT_CATALOG"));

    private static final Set<String> POSTGRESQL = union(COMMON, Set.of(
            "CBRT", "INITCAP", "TO_DATE", "TO_NUMBER", "TO_TIMESTAMP", "WIDTH_BUCKET", "BIT_XOR",
            "STRPOS", "REVERSE", "SPLIT_PART", "FORMAT", "MD5", "SHA256", "TO_JSON", "TO_JSONB", "JSON_AGG",
            "JSONB_AGG", "JSON_BUILD_OBJECT", "JSONB_BUILD_OBJECT", "JSON_BUILD_ARRAY", "JSONB_BUILD_ARRAY",
            "JSON_OBJECT_AGG", "JSONB_OBJECT_AGG", "JSONB_PRETTY", "JSONB_TYPEOF", "JSON_TYPEOF",
            "JSONB_ARRAY_LENGTH", "JSON_ARRAY_LENGTH", "JSONB_EXTRACT_PATH_TEXT", "JSON_EXTRACT_PATH_TEXT",
            "JSONB_ARRAY_ELEMENTS", "JSON_ARRAY_ELEMENTS", "JSONB_EACH", "JSON_EACH", "JSONB_OBJECT_KEYS",
            "DATE_PART", "AGE", "CLOCK_TIMESTAMP", "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP", "MAKE_DATE",
            "MAKE_TIME", "MAKE_TIMESTAMP", "MAKE_INTERVAL", "JUSTIFY_DAYS", "JUSTIFY_HOURS", "ISFINITE",
            "GENERATE_SERIES", "ARRAY_LENGTH", "ARRAY_POSITION", "ARRAY_TO_STRING", "STRING_TO_ARRAY",
            "ARRAY_UPPER", "ARRAY_LOWER", "REGEXP_MATCH", "REGEXP_MATCHES", "REGEXP_SPLIT_TO_ARRAY",
            "REGEXP_SPLIT_TO_TABLE", "QUOTE_IDENT", "QUOTE_LITERAL", "QUOTE_NULLABLE", "ENCODE", "DECODE",
            "NUM_NONNULLS", "NUM_NULLS", "DIV", "GCD", "LCM", "SCALE", "TIMEZONE", "DATE", "STARTS_WITH",
            "GEN_RANDOM_UUID", "CONCAT", "VERSION", "CURRENT_SETTING", "CURRENT_DATABASE", "CURRENT_SCHEMA",
            "PG_TYPEOF"));

    /**
     * Type names that are the database's own and cannot be taken by a user's type: PostgreSQL finds
     * these in {@code pg_catalog} before any schema of the search path, and H2 refuses a domain of a
     * built-in type's name. A cast to any other type may run a user's code: a domain's CHECK, a
     * cast created {@code WITH FUNCTION}, a type's input function. Upper-case, white space single.
     * H2's {@code JAVA_OBJECT} and {@code OTHER} (serialized Java objects) are left out.
     */
    private static final Set<String> COMMON_TYPES = Set.of(
            "INT", "INTEGER", "SMALLINT", "BIGINT", "INT2", "INT4", "INT8", "REAL", "FLOAT", "FLOAT4", "FLOAT8",
            "DOUBLE PRECISION", "NUMERIC", "DECIMAL", "DEC", "BOOLEAN", "BOOL", "CHAR", "CHARACTER", "VARCHAR",
            "CHARACTER VARYING", "CHAR VARYING", "TEXT", "DATE", "TIME", "TIMESTAMP", "TIME WITH TIME ZONE",
            "TIME WITHOUT TIME ZONE", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE", "INTERVAL", "UUID",
            "JSON", "BIT", "BIT VARYING");

    private static final Set<String> POSTGRESQL_TYPES = union(COMMON_TYPES, Set.of(
            "TIMETZ", "TIMESTAMPTZ", "BPCHAR", "NAME", "BYTEA", "JSONB", "MONEY", "INET", "CIDR", "MACADDR", "XML",
            "OID", "REGCLASS", "REGTYPE", "REGPROC", "REGPROCEDURE", "REGOPER", "REGOPERATOR", "REGNAMESPACE",
            "REGROLE", "REGCONFIG", "TSVECTOR", "TSQUERY", "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE",
            "TSRANGE", "TSTZRANGE", "POINT", "RECORD", "VARBIT"));

    private static final Set<String> H2_TYPES = union(COMMON_TYPES, Set.of(
            "TINYINT", "NUMBER", "DECFLOAT", "DOUBLE", "CLOB", "BLOB", "CHARACTER LARGE OBJECT", "CHAR LARGE OBJECT",
            "BINARY LARGE OBJECT", "BINARY VARYING", "NCHAR", "NVARCHAR", "NATIONAL CHARACTER", "NATIONAL CHAR",
            "NATIONAL CHARACTER VARYING", "NATIONAL CHAR VARYING", "NCHAR VARYING", "NATIONAL CHARACTER LARGE OBJECT",
            "NCLOB", "VARCHAR_IGNORECASE", "VARCHAR_CASESENSITIVE", "LONGVARCHAR", "LONGVARBINARY", "BINARY", "VARBINARY",
            "SMALLDATETIME", "DATETIME", "INT2", "SIGNED"));

    /**
     * Why a cast to {@code type} (as written: upper-case words, or a quoted name, maybe qualified)
     * may not be READ, or empty when it is one of the dialect's own types.
     */
    static Optional<String> typeConcern(SqlDialect dialect, String type, boolean quoted) {
        String t = type;
        if (dialect == SqlDialect.POSTGRESQL && !quoted && t.startsWith("PG_CATALOG.")) {
            t = t.substring("PG_CATALOG.".length());
        }
        Set<String> builtIn = switch (dialect) {
            case H2 -> H2_TYPES;
            case POSTGRESQL -> POSTGRESQL_TYPES;
            case UNKNOWN -> Set.of();
        };
        if (!quoted && builtIn.contains(t)) {
            return Optional.empty();
        }
        return Optional.of("a cast to " + (quoted ? "\"" + type + "\"" : type) + ", which is not a built-in type of "
                + (dialect == SqlDialect.UNKNOWN ? "a known database" : dialect == SqlDialect.H2 ? "H2" : "PostgreSQL")
                + ": casting to a domain runs its CHECK, and a cast or type a user created runs the function behind it");
    }

    /**
     * H2's table functions, its own in a FROM or JOIN ({@code FROM SYSTEM_RANGE(1, 3)}); called as
     * a value elsewhere, a Java alias of the same name runs.
     */
    static final Set<String> H2_TABLE_FUNCTIONS = Set.of("SYSTEM_RANGE");

    /**
     * A dangerous family: the names it covers (exact or by prefix, upper-case) and what it does;
     * {@code usesTables}: whether its members can use tables a statement does not name (they run
     * SQL from text, open a database, or read a table by its name in a string).
     */
    private record Family(String what, List<String> names, List<String> prefixes, boolean usesTables) {
        Family(String what, List<String> names, List<String> prefixes) {
            this(what, names, prefixes, true);
        }

        boolean covers(String name) {
            return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
        }
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("reads or writes files on the database host (FILE_READ also fetches URLs over the network)",
                    List.of("CSVREAD", "CSVWRITE", "FILE_READ", "FILE_WRITE", "PG_READ_FILE", "PG_READ_BINARY_FILE",
                            "PG_LS_DIR", "PG_STAT_FILE", "PG_FILE_WRITE", "PG_FILE_RENAME", "PG_FILE_UNLINK"),
                    List.of("PG_LS_")),
            new Family("links another database into this one (it drops and replaces tables, and its URL can run code)",
                    List.of("LINK_SCHEMA"), List.of()),
            new Family("opens a connection to another server", List.of(), List.of("DBLINK")),
            new Family("changes a sequence (not undone by a rollback)",
                    List.of("NEXTVAL", "SETVAL", "CURRVAL", "LASTVAL"), List.of(), false),
            new Family("takes a lock that outlives the statement", List.of("LOCK_MODE"), List.of("PG_ADVISORY_", "PG_TRY_ADVISORY_"), false),
            new Family("administers the server or other sessions",
                    List.of("PG_TERMINATE_BACKEND", "PG_CANCEL_BACKEND", "PG_RELOAD_CONF", "PG_ROTATE_LOGFILE",
                            "SET_CONFIG", "PG_SWITCH_WAL", "CANCEL_SESSION", "ABORT_SESSION", "SET", "PG_SLEEP",
                            "PG_NOTIFY", "TXID_CURRENT", "PG_CURRENT_XACT_ID"),
                    List.of("PG_BACKUP_", "PG_START_BACKUP", "PG_STOP_BACKUP", "PG_CREATE_", "PG_DROP_", "PG_LOGICAL_",
                            "PG_REPLICATION_", "PG_PROMOTE", "PG_WAL_"), false),
            new Family("reads or writes large objects (server files with lo_import and lo_export)",
                    List.of(), List.of("LO_", "LOREAD", "LOWRITE"), false),
            new Family("runs SQL given as text", List.of("QUERY_TO_XML", "QUERY_TO_XML_AND_XMLSCHEMA", "QUERY_TO_XMLSCHEMA",
                    "CURSOR_TO_XML", "EXECUTE", "EVAL"), List.of()));

    /**
     * Why calling {@code name} (upper-case) with {@code qualifier} (upper-case, null when
     * unqualified) may not be READ, or empty when it is on the dialect's allowlist.
     */
    static Optional<String> concern(SqlDialect dialect, String qualifier, String name, boolean quoted) {
        for (Family family : FAMILIES) {
            if (family.covers(name)) {
                return Optional.of(name + " " + family.what());
            }
        }
        if (quoted) {
            return Optional.of("\"" + name + "\" is called through a quoted name, which no allowlist covers");
        }
        Set<String> allowed = switch (dialect) {
            case H2 -> H2;
            case POSTGRESQL -> POSTGRESQL;
            case UNKNOWN -> Set.of();
        };
        if (qualifier != null && !(dialect == SqlDialect.POSTGRESQL && qualifier.equals("PG_CATALOG"))) {
            return Optional.of(qualifier + "." + name + " is a function of schema " + qualifier
                    + ", not known to be free of side effects");
        }
        if (allowed.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(name + " is not known to be free of side effects on "
                + (dialect == SqlDialect.UNKNOWN ? "an unknown database" : dialect.name().toLowerCase(Locale.ROOT).replace("postgresql", "PostgreSQL").replace("h2", "H2"))
                + " (a user-defined function, a Java alias, or a built-in outside the allowlist)");
    }

    /**
     * Whether a call of {@code name} (upper-case), when {@link #concern} has one, may use tables the
     * statement does not name: true unless it is of a family that touches sequences, locks, the
     * server's administration or large objects only. A function not known at all (a user-defined
     * one, a Java alias, {@code TABLE_TO_XML('secrets', ...)}) may, and so may any function called
     * through a quoted name or a schema other than PostgreSQL's {@code pg_catalog} (it may be a
     * user's function of the same name).
     */
    static boolean mayUseUnnamedTables(SqlDialect dialect, String qualifier, String name, boolean quoted) {
        if (quoted || qualifier != null && !(dialect == SqlDialect.POSTGRESQL && qualifier.equals("PG_CATALOG"))) {
            return true;
        }
        for (Family family : FAMILIES) {
            if (family.covers(name)) {
                return family.usesTables();
            }
        }
        return true;
    }

    /** The type names {@code dialect} allows a READ statement to cast to. */
    static Set<String> builtInTypes(SqlDialect dialect) {
        return switch (dialect) {
            case H2 -> H2_TYPES;
            case POSTGRESQL -> POSTGRESQL_TYPES;
            case UNKNOWN -> Set.of();
        };
    }

    /** The names {@code dialect} allows a READ statement to call. */
    static Set<String> allowed(SqlDialect dialect) {
        return switch (dialect) {
            case H2 -> H2;
            case POSTGRESQL -> POSTGRESQL;
            case UNKNOWN -> Set.of();
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
