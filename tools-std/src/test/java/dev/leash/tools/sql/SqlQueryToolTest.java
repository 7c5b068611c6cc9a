package dev.leash.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolResult;
import dev.leash.tools.Calls;
import dev.leash.tools.TestContext;
import dev.leash.tools.ToolRefusedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlQueryToolTest {

    private String url;
    private SqlToolsConfig config;
    private CredentialProvider credentials;
    private Connection keepAlive;

    @AfterEach
    void close() throws Exception {
        keepAlive.close();
    }

    @BeforeEach
    void database() throws Exception {
        url = "jdbc:h2:mem:" + UUID.randomUUID();
        keepAlive = DriverManager.getConnection(url, "owner", "owner-pw"); // the in-memory database lives while it is open
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY, item VARCHAR(50), amount INT)");
            s.execute("CREATE TABLE t(id INT)");
            for (int i = 1; i <= 20; i++) {
                s.execute("INSERT INTO orders VALUES (" + i + ", 'item" + i + "', " + (i * 10) + ")");
            }
            s.execute("CREATE USER reader PASSWORD 'reader-pw'");
            s.execute("GRANT SELECT ON orders, t TO reader");
        }
        config = SqlToolsConfig.of(url);
        credentials = TestContext.provider(
                new Credential("jdbc", "reader", "reader-pw", Impact.READ),
                new Credential("jdbc", "owner", "owner-pw", Impact.WRITE),
                new Credential("jdbc", "owner", "owner-pw", Impact.IRREVERSIBLE));
    }

    private ToolResult run(SqlQueryTool tool, String sql) throws Exception {
        ToolCall call = Calls.of("sql_query", "sql", sql);
        return tool.execute(call, TestContext.at(tool.impactOf(call), credentials));
    }

    private int count(String sql) throws Exception {
        try (Statement s = keepAlive.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean tableExists(String name) throws Exception {
        return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + name + "'") == 1;
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM orders | READ",
        "select id from orders where amount > 10 order by id | READ",
        "WITH big AS (SELECT * FROM orders WHERE amount > 100) SELECT COUNT(*) FROM big | READ",
        "INSERT INTO orders VALUES (99, 'x', 1) | WRITE",
        "UPDATE orders SET amount = 0 WHERE id = 1 | WRITE",
        "MERGE INTO orders o USING t ON (o.id = t.id) WHEN MATCHED THEN UPDATE SET o.amount = 1 | WRITE",
        "DELETE FROM orders WHERE id = 1 | IRREVERSIBLE",
        "DROP TABLE t | IRREVERSIBLE",
        "/* x */ DrOp TaBlE t | IRREVERSIBLE",
        "DROP /* x */ TABLE t | IRREVERSIBLE",
        "TRUNCATE TABLE orders | IRREVERSIBLE",
        "ALTER TABLE orders ADD COLUMN note VARCHAR(10) | IRREVERSIBLE",
        "GRANT ALL ON orders TO reader | IRREVERSIBLE",
        "CREATE TABLE x(id INT) | IRREVERSIBLE",
        "SELECT 1; DROP TABLE t | IRREVERSIBLE",
        "SELECT 1; INSERT INTO t VALUES (1) | WRITE",
        "SELEC * FRM orders | IRREVERSIBLE",
        "SELECT * FROM orders WHERE | IRREVERSIBLE",
    })
    void impactComesFromParsingEachStatement(String sql, Impact expected) {
        SqlQueryTool tool = new SqlQueryTool(config);

        assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql.replace("\\n", "\n")))).isEqualTo(expected);
    }

    /** H2's Oracle, DB2 and LEGACY modes read {@code seq.NEXTVAL} as "advance the sequence", in any position. */
    @ParameterizedTest(name = "MODE={0}: {1}")
    @CsvSource(delimiterString = " ## ", value = {
        "Oracle ## SELECT seq_orders.NEXTVAL",
        "Oracle ## SELECT \"SEQ_ORDERS\".nextval",
        "DB2 ## SELECT * FROM orders WHERE id < seq_orders.nextval",
        "LEGACY ## VALUES (PUBLIC.seq_orders.NEXTVAL)",
    })
    void aSequencePseudoColumnIsNotARead(String mode, String sql) throws Exception {
        String modeUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=" + mode;
        try (Connection c = DriverManager.getConnection(modeUrl, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id INT)");
            s.execute("INSERT INTO orders VALUES (1)");
            s.execute("CREATE SEQUENCE seq_orders START WITH 100");
            s.execute(sql);
            try (ResultSet rs = s.executeQuery("SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the database advanced the sequence").isEqualTo(101);
            }
        }
        SqlAnalysis analysis = new SqlQueryTool(SqlToolsConfig.of(modeUrl)).analyse(Calls.of("sql_query", "sql", sql));

        assertThat(analysis.impact()).isEqualTo(Impact.IRREVERSIBLE);
        assertThat(analysis.rule()).contains("sql.function");
        assertThat(analysis.reason()).contains("NEXTVAL").contains("sequence");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ## ", value = {
        "SELECT seq_orders.CURRVAL",
        "SELECT next_id FROM orders",
    })
    void readingASequenceOrAColumnNamedLikeOneStaysARead(String sql) {
        assertThat(new SqlQueryTool(config).impactOf(Calls.of("sql_query", "sql", sql))).isEqualTo(Impact.READ);
    }

    /**
     * The allowlist is of built-ins: where H2 has no built-in of a name (INITCAP, TO_DATE, CBRT are
     * other databases' functions), a Java alias of that name is what runs. For every allowlisted
     * name, an alias of that name that empties a table is refused or never called.
     */
    @Test
    void noAllowlistedFunctionCallsAJavaAliasOfTheSameNameOnH2() throws Exception {
        List<String> aliasCalled = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(SqlFunctions.allowed(SqlDialect.H2))) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE payments(id INT)");
                s.execute("INSERT INTO payments VALUES (1)");
                try {
                    s.execute("CREATE ALIAS \"" + name + "\" FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
                } catch (java.sql.SQLException e) {
                    continue; // H2 keeps the name for its built-in
                }
                try {
                    s.execute("SELECT " + name + "()");
                } catch (java.sql.SQLException e) {
                    // the built-in, called with the wrong arguments
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM payments")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        aliasCalled.add(name);
                    }
                }
            }
        }

        assertThat(aliasCalled).as("allowlisted names H2 resolves to a user's alias").isEmpty();
    }

    /**
     * A cast is READ only to a built-in type: H2 refuses a domain of a built-in type's name, and
     * where it took one, the cast would still reach the built-in. For every name, a domain of that
     * name whose CHECK empties a table is refused or never reached by a cast.
     */
    @Test
    void noBuiltInTypeNameReachesADomainOnH2() throws Exception {
        List<String> domainReached = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(SqlFunctions.builtInTypes(SqlDialect.H2))) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE ALIAS PURGE FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
                s.execute("CREATE TABLE payments(id INT)");
                try {
                    s.execute("CREATE DOMAIN \"" + name + "\" AS INT CHECK (PURGE() >= 0)");
                } catch (java.sql.SQLException e) {
                    continue; // H2 keeps the name for its built-in type
                }
                s.execute("INSERT INTO payments VALUES (1)");
                try {
                    s.execute("SELECT CAST(NULL AS " + name + "), CAST(1 AS " + name + ")");
                } catch (java.sql.SQLException e) {
                    // the built-in, which cannot take the value
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM payments")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        domainReached.add(name);
                    }
                }
            }
        }

        assertThat(domainReached).as("built-in type names H2 resolves to a user's domain").isEmpty();
    }

    @Test
    void aViewThatCallsAnAliasIsNotReadAndATableWithATriggerIsNotWritten() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE ALIAS PURGE FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
            s.execute("CREATE TABLE payments(id INT)");
            s.execute("CREATE VIEW purging AS SELECT id, PURGE() AS p FROM orders");
            s.execute("CREATE VIEW over_purging AS SELECT id FROM purging");
            s.execute("CREATE VIEW big_orders AS SELECT id, UPPER(item) AS item FROM orders WHERE amount > 150");
            s.execute("CREATE TABLE notes(id INT, body VARCHAR(50))");
            s.execute("CREATE TRIGGER wipes AFTER INSERT ON notes FOR EACH ROW CALL 'dev.leash.tools.testing.PurgingTrigger'");
            s.execute("DELETE FROM payments");
            s.execute("INSERT INTO payments VALUES (1), (2)");
            s.execute("GRANT SELECT ON purging, over_purging, big_orders, notes TO reader");
        }
        SqlQueryTool tool = new SqlQueryTool(config);
        for (String sql : List.of("SELECT * FROM purging", "SELECT id FROM over_purging", "SELECT p.id FROM \"OVER_PURGING\" p")) {
            assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).as(sql).isEqualTo(Impact.READ);
            assertThatThrownBy(() -> run(tool, sql)).as(sql)
                    .isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                    .hasMessageContaining("runs what is not a read whenever it is read (its definition as a view");
        }
        assertThatThrownBy(() -> run(tool, "INSERT INTO notes VALUES (1, 'x')"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("NOTES has the trigger WIPES (Java class dev.leash.tools.testing.PurgingTrigger)");
        assertThat(count("SELECT COUNT(*) FROM payments")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM notes")).isZero();
        // benign twins: a view of built-ins over a table, a read of the table with the trigger, a write without one
        assertThat(run(tool, "SELECT id, item FROM big_orders ORDER BY id").content()).contains("ITEM16").contains("ITEM20");
        assertThat(run(tool, "SELECT COUNT(*) FROM notes").content()).contains("0");
        assertThat(run(tool, "INSERT INTO t VALUES (7)").content()).contains("1 row affected");
    }

    @Test
    void aWriteWhoseForeignKeysChangeATableItDoesNotNameIsNotRunOnH2() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE customers(id INT PRIMARY KEY, name VARCHAR(20))");
            s.execute("CREATE TABLE invoices(id INT PRIMARY KEY, customer_id INT REFERENCES customers(id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE visits(customer_id INT REFERENCES customers(id) ON UPDATE SET NULL)");
            s.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bo')");
            s.execute("INSERT INTO invoices VALUES (10, 1), (20, 2)");
            s.execute("INSERT INTO visits VALUES (1)");
        }
        SqlQueryTool tool = new SqlQueryTool(config);
        java.util.Map<String, String> refused = java.util.Map.of(
                "DELETE FROM customers WHERE id = 1", "changing rows of customers also changes INVOICES, which the SQL does not"
                        + " name (the foreign key CONSTRAINT_",
                "UPDATE customers SET id = 5 WHERE id = 1", "also changes VISITS, which the SQL does not name");
        refused.forEach((sql, why) -> assertThatThrownBy(() -> run(tool, sql)).as(sql)
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                .hasMessageContaining(why));
        assertThat(count("SELECT COUNT(*) FROM invoices")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM visits WHERE customer_id = 1")).isEqualTo(1);
        // benign twins: a write no key acts on; the delete naming the table it cascades to; the child's own delete
        assertThat(run(tool, "UPDATE customers SET name = 'Ada L' WHERE id = 1").content()).contains("1 row affected");
        assertThat(run(tool, "DELETE FROM invoices WHERE id = 10").content()).contains("1 row affected");
        assertThat(run(tool, "DELETE FROM invoices WHERE customer_id = 2; DELETE FROM customers WHERE id = 2").content())
                .contains("1 row affected");
        assertThat(count("SELECT COUNT(*) FROM customers")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM invoices")).isZero();
    }

    @Test
    void aCastToADomainRunsItsCheckSoItIsNotARead() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE ALIAS PURGE FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
            s.execute("CREATE TABLE payments(id INT)");
            s.execute("CREATE DOMAIN PURGED AS INT CHECK (PURGE() >= 0)");
            s.execute("INSERT INTO payments VALUES (1)");
        }
        SqlQueryTool tool = new SqlQueryTool(config);
        for (String sql : List.of("SELECT CAST(1 AS PURGED)", "SELECT 1::purged", "SELECT CAST(id AS public.purged) FROM t",
                "SELECT ARRAY[CAST(1 AS \"PURGED\")]")) {
            ToolCall call = Calls.of("sql_query", "sql", sql);
            assertThat(tool.impactOf(call)).as(sql).isEqualTo(Impact.IRREVERSIBLE);
            assertThat(tool.impactReason(call).orElseThrow().rule()).isEqualTo("sql.function");
            assertThat(tool.impactReason(call).orElseThrow().reason()).containsIgnoringCase("a cast to").contains("domain");
            assertThat(tool.targets(call)).contains(dev.leash.api.tool.Target.table("(unknown)"));
        }
        for (String sql : List.of("SELECT CAST(amount AS VARCHAR(20)), CAST(id AS BIGINT) FROM orders",
                "SELECT amount::DOUBLE PRECISION, CAST(item AS CHARACTER VARYING(5)) FROM orders",
                "SELECT CAST('2024-01-01' AS DATE), CAST(NULL AS TIMESTAMP WITH TIME ZONE), DATE '2024-01-01'")) {
            assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).as(sql).isEqualTo(Impact.READ);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM SYSTEM_RANGE(1, 3) | READ",
        "SELECT x FROM orders JOIN SYSTEM_RANGE(1, 3) r ON r.x = orders.id | READ",
        "SELECT SYSTEM_RANGE(1, 3) | IRREVERSIBLE",
        "SELECT INITCAP(item) FROM orders | IRREVERSIBLE",
        "SELECT LISTAGG(item, ',') FROM orders | READ",
    })
    void h2sTableFunctionIsItsOwnOnlyInFrom(String sql, Impact expected) {
        assertThat(new SqlQueryTool(config).impactOf(Calls.of("sql_query", "sql", sql))).isEqualTo(expected);
    }

    @Test
    void aLineCommentDoesNotHideADrop() {
        assertThat(new SqlQueryTool(config).impactOf(Calls.of("sql_query", "sql", "-- just a select\nDROP TABLE t")))
                .isEqualTo(Impact.IRREVERSIBLE);
    }

    @Test
    void isOfferedAtReadAndDeclaredIrreversible() {
        SqlQueryTool tool = new SqlQueryTool(config);

        assertThat(tool.lowestImpact()).isEqualTo(Impact.READ);
        assertThat(tool.spec().impact()).isEqualTo(Impact.IRREVERSIBLE);
    }

    /**
     * H2 folds unquoted names to upper case: "orders" quoted is another table than orders, which a
     * tables allowlist that ignores case would admit as orders. Its target is (unknown) too.
     */
    @Test
    void aQuotedNameThatIsAnotherTableThanItsLettersUnquotedIsNotAdmittedByThem() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE \"orders\"(card VARCHAR(20))");
            s.execute("INSERT INTO \"orders\" VALUES ('4111-1111-1111-1111')");
            s.execute("GRANT SELECT ON \"orders\" TO reader");
        }
        SqlQueryTool tool = new SqlQueryTool(config);
        for (String sql : List.of("SELECT * FROM \"orders\"", "SELECT * FROM PUBLIC.\"orders\"", "SELECT * FROM \"Orders\"",
                "SELECT * FROM \"ORDERS \"", "SELECT * FROM \"PUBLIC.ORDERS\"", "TABLE \"orders\"")) {
            assertThat(tool.targets(Calls.of("sql_query", "sql", sql))).as(sql).contains(Target.table("(unknown)"));
        }
        // what the database reads there: the other table
        assertThat(tool.execute(Calls.of("sql_query", "sql", "SELECT * FROM \"orders\""), TestContext.at(Impact.READ, credentials))
                .content()).contains("4111");
        // its own case, quoted or not, names the table itself
        for (String sql : List.of("SELECT * FROM orders", "SELECT * FROM \"ORDERS\"", "SELECT * FROM \"PUBLIC\".\"ORDERS\"")) {
            assertThat(tool.targets(Calls.of("sql_query", "sql", sql))).as(sql).doesNotContain(Target.table("(unknown)"));
        }
    }

    @Test
    void reportsEveryTableNamedAsATarget() {
        SqlQueryTool tool = new SqlQueryTool(config);

        assertThat(tool.targets(Calls.of("sql_query", "sql",
                "SELECT o.id FROM orders o JOIN \"CUSTOMERS\" c ON o.id = c.id; DELETE FROM audit_log")))
                .containsExactlyInAnyOrder(Target.table("orders"), Target.table("CUSTOMERS"), Target.table("audit_log"));
        assertThat(tool.targets(Calls.of("sql_query", "sql", "DROP TABLE t"))).containsExactly(Target.table("t"));
        assertThat(tool.targets(Calls.of("sql_query", "sql", "SELEC nonsense"))).containsExactly(Target.table("(unparsed)"));
    }

    @Test
    void selectsRowsWithTheReadOnlyUser() throws Exception {
        ToolResult result = run(new SqlQueryTool(config), "SELECT id, item FROM orders WHERE id <= 2 ORDER BY id");

        assertThat(result.content().lines()).containsExactly("ID | ITEM", "1 | item1", "2 | item2", "(2 rows)");
        assertThat(result.provenance().sources()).containsExactly("sql:orders");
        // Rows are untrusted by default: a customer may have written them.
        assertThat(result.provenance().isUntrusted()).isTrue();
    }

    @Test
    void rowsAreTrustedOnlyWhenEveryTableReadIsTrusted() throws Exception {
        SqlQueryTool trustingOrders = new SqlQueryTool(config.withTrustedTables(List.of("ORDERS")));

        assertThat(run(trustingOrders, "SELECT id FROM orders WHERE id = 1").provenance().isUntrusted()).isFalse();
        assertThat(run(trustingOrders, "SELECT id FROM public.orders WHERE id = 1").provenance().isUntrusted()).isFalse();
        assertThat(run(trustingOrders, "SELECT o.id FROM orders o JOIN orders p ON o.id = p.id WHERE o.id = 1")
                .provenance().isUntrusted()).isFalse();
        assertThat(run(new SqlQueryTool(config.withUntrustedRows(false)), "SELECT id FROM orders WHERE id = 1")
                .provenance().isUntrusted()).isFalse();
        assertThat(run(new SqlQueryTool(config), "SELECT id FROM orders WHERE id = 1").provenance().isUntrusted()).isTrue();
        // a table read in any clause counts, and a CTE named like a trusted table is not that table
        assertThat(run(trustingOrders, "SELECT id FROM orders WHERE id = 1 ORDER BY (SELECT COUNT(*) FROM t)")
                .provenance().isUntrusted()).isTrue();
        assertThat(run(trustingOrders, "WITH orders AS (SELECT id FROM t) SELECT id FROM orders").provenance().isUntrusted())
                .isTrue();
    }

    @Test
    void capsResultSetsInRows() throws Exception {
        ToolResult result = run(new SqlQueryTool(config.withMaxRows(5)), "SELECT id FROM orders ORDER BY id");

        assertThat(result.content()).contains("1\n2\n3\n4\n5\n").doesNotContain("\n6\n").contains("more rows not shown");
    }

    @Test
    void capsOutputInCharacters() throws Exception {
        ToolResult result = run(new SqlQueryTool(config.withMaxResultChars(40)), "SELECT * FROM orders ORDER BY id");

        assertThat(result.content()).contains("cut off after 40 characters");
        assertThat(result.content().length()).isLessThan(120);
    }

    @Test
    void insertsWithTheWriteUserAndTheRowArrives() throws Exception {
        ToolResult result = run(new SqlQueryTool(config), "INSERT INTO orders VALUES (100, 'disk', 5)");

        assertThat(result.content()).contains("1 row affected");
        assertThat(count("SELECT COUNT(*) FROM orders WHERE id = 100")).isEqualTo(1);
    }

    @Test
    void runsStackedStatementsAsGiven() throws Exception {
        run(new SqlQueryTool(config), "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)");

        assertThat(count("SELECT COUNT(*) FROM t")).isEqualTo(2);
    }

    @Test
    void aWriteCallWithOnlyTheReadOnlyLoginIsStoppedByTheDatabase() throws Exception {
        // Only the read-only user is bound: the provider hands a WRITE call that lower credential.
        CredentialProvider readOnly = TestContext.provider(new Credential("jdbc", "reader", "reader-pw", Impact.READ));
        ToolCall call = Calls.of("sql_query", "sql", "INSERT INTO t VALUES (1)");

        assertThatThrownBy(() -> new SqlQueryTool(config).execute(call, TestContext.at(Impact.WRITE, readOnly)))
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(count("SELECT COUNT(*) FROM t")).isZero();
    }

    @Test
    void refusesSqlAboveTheImpactTheCallWasClearedFor() throws Exception {
        ToolCall call = Calls.of("sql_query", "sql", "SELECT 1; DROP TABLE t");

        assertThatThrownBy(() -> new SqlQueryTool(config).execute(call, TestContext.at(Impact.READ, credentials)))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.impact-mismatch"));
        assertThat(tableExists("T")).isTrue();
    }

    @Test
    void aSelectThatWritesAFileIsIrreversibleAndNamesTheFunction(@TempDir Path temp) throws Exception {
        Path dump = temp.resolve("dump.csv");
        String sql = "SELECT CSVWRITE('" + dump + "', 'SELECT * FROM orders')";
        SqlQueryTool tool = new SqlQueryTool(config);
        ToolCall call = Calls.of("sql_query", "sql", sql);

        assertThat(tool.impactOf(call)).isEqualTo(Impact.IRREVERSIBLE);
        assertThat(tool.impactReason(call)).get().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("sql.function");
            assertThat(r.reason()).contains("CSVWRITE").contains("files");
        });
        assertThatThrownBy(() -> tool.execute(call, TestContext.at(Impact.READ, credentials)))
                .isInstanceOf(ToolRefusedException.class);
        assertThat(dump).doesNotExist();
    }

    @ParameterizedTest(name = "H2 refuses the SELECT-only login: {0}")
    @CsvSource(delimiter = '|', value = {
        "CSVWRITE | SELECT CSVWRITE('{dir}/out.csv', 'SELECT * FROM orders')",
        "FILE_READ | SELECT FILE_READ('{dir}/secret.txt')",
        "CSVREAD | SELECT * FROM CSVREAD('{dir}/secret.txt')",
        "FILE_WRITE | SELECT FILE_WRITE('x', '{dir}/out.csv')",
        "LINK_SCHEMA | SELECT * FROM LINK_SCHEMA('L', '', 'jdbc:h2:mem:other', 'sa', '', 'PUBLIC')",
        "CREATE ALIAS | CREATE ALIAS EVIL AS 'String evil() { return \"x\"; }'",
        "INSERT | INSERT INTO orders VALUES (99, 'x', 1)",
        "DELETE | DELETE FROM orders",
    })
    void theReaderLoginCannotDoWhatAClassifierMissWouldAllow(String what, String template, @TempDir Path temp) throws Exception {
        java.nio.file.Files.writeString(temp.resolve("secret.txt"), "secret");
        String sql = template.replace("{dir}", temp.toString());
        try (Connection reader = DriverManager.getConnection(url, "reader", "reader-pw"); Statement s = reader.createStatement()) {
            assertThatThrownBy(() -> s.execute(sql)).as(what).isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(temp.resolve("out.csv")).doesNotExist();
        assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(20);
    }

    @Test
    void dropsATableWhenClearedAsIrreversible() throws Exception {
        run(new SqlQueryTool(config), "/* x */ DrOp TaBlE t");

        assertThat(tableExists("T")).isFalse();
    }

    @Test
    void failsClosedWithoutACredential() {
        ToolCall call = Calls.of("sql_query", "sql", "SELECT 1");

        assertThatThrownBy(() -> new SqlQueryTool(config).execute(call, TestContext.at(Impact.READ)))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("credential.missing"));
    }

    @Test
    void rejectsANonJdbcUrl() {
        assertThatThrownBy(() -> SqlToolsConfig.of("postgres://db"))
                .isInstanceOf(dev.leash.api.ConfigurationException.class)
                .hasMessageContaining("sql.url");
    }
}
