package dev.leash.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.tools.Calls;
import dev.leash.tools.TestContext;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code sql_query} on a real PostgreSQL over pgjdbc: what runs, and what stops a call the classifier cannot see into. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlQueryToolPostgresTest {

    private EmbeddedPostgresServer pg;
    private String url;
    private SqlQueryTool tool;

    @BeforeAll
    void start() throws Exception {
        pg = EmbeddedPostgresServer.shared();
        url = pg.createDatabase("shop");
        try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app_reader LOGIN PASSWORD 'reader-pw'");
            s.execute("CREATE ROLE app_writer LOGIN PASSWORD 'writer-pw'");
        }
        tool = new SqlQueryTool(SqlToolsConfig.of(url));
    }

    @BeforeEach
    void seed() throws SQLException {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
            s.execute("CREATE TABLE payments(id INT PRIMARY KEY, amount INT)");
            s.execute("INSERT INTO payments VALUES (1, 10), (2, 20), (3, 30)");
            s.execute("CREATE SEQUENCE seq START 100");
            // A view whose reading advances a sequence: no text-based classifier can see it.
            s.execute("CREATE VIEW next_ticket AS SELECT nextval('seq') AS ticket");
            s.execute("GRANT USAGE ON SCHEMA public TO app_reader, app_writer");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader");
            s.execute("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO app_writer");
            s.execute("GRANT USAGE, SELECT, UPDATE ON SEQUENCE seq TO app_reader, app_writer");
        }
    }

    private static CredentialProvider logins(String readUser, String readPassword) {
        return TestContext.provider(
                new Credential("jdbc", readUser, readPassword, Impact.READ),
                new Credential("jdbc", "app_writer", "writer-pw", Impact.WRITE));
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String run(String sql, Impact impact, CredentialProvider credentials) throws Exception {
        ToolCall call = Calls.of("sql_query", "sql", sql);
        return tool.execute(call, TestContext.at(impact, credentials)).content();
    }

    @Test
    void theDialectComesFromTheUrl() {
        assertThat(tool.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
    }

    @Test
    void readsAsTheReader() throws Exception {
        String out = run("SELECT id, amount FROM payments WHERE amount > 10 ORDER BY id", Impact.READ,
                logins("app_reader", "reader-pw"));

        assertThat(out).contains("id | amount").contains("2 | 20").contains("3 | 30").contains("(2 rows)");
    }

    @Test
    void aReadCallRunsInAReadOnlyTransactionEvenWithALoginThatCouldWrite() throws Exception {
        String out = run("SELECT current_setting('transaction_read_only') AS read_only", Impact.READ,
                logins(EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD));
        assertThat(out).contains("on");
    }

    @Test
    void aViewWhoseDefinitionIsNoReadIsNotReadEvenWithALoginThatCouldWrite() {
        // The view hides nextval: the classifier says READ for the text; the view's own text is no read
        ToolCall call = Calls.of("sql_query", "sql", "SELECT ticket FROM next_ticket");
        assertThat(tool.impactOf(call)).isEqualTo(Impact.READ);

        assertThatThrownBy(() -> run("SELECT ticket FROM next_ticket", Impact.READ,
                logins(EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD)))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                .hasMessageContaining("next_ticket runs what is not a read whenever it is read (its definition as a view: NEXTVAL");
        assertThat(scalarUnchecked("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM seq")).isZero();
    }

    /** Views, a policy, a trigger and a rule that run code when their table is named. */
    private void seedDefinitions() throws SQLException {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION purge() RETURNS int LANGUAGE plpgsql AS 'BEGIN DELETE FROM payments; RETURN 1; END'");
            s.execute("CREATE VIEW purging AS SELECT id, purge() AS p FROM payments");
            s.execute("CREATE VIEW over_purging AS SELECT id FROM purging");
            s.execute("CREATE VIEW locking AS SELECT pg_try_advisory_lock(42) AS held");
            s.execute("CREATE VIEW big_payments AS SELECT * FROM payments WHERE amount > 10");
            s.execute("CREATE VIEW big_over AS SELECT id FROM big_payments");
            s.execute("CREATE TABLE guarded(id int)");
            s.execute("INSERT INTO guarded VALUES (1)");
            s.execute("ALTER TABLE guarded ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY seen ON guarded USING (pg_try_advisory_lock(43))");
            s.execute("CREATE TABLE notes(id int, body text)");
            s.execute("CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS 'BEGIN DELETE FROM payments; RETURN NEW; END'");
            s.execute("CREATE TRIGGER wipes AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION wipe()");
            s.execute("CREATE VIEW notes_view AS SELECT id, body FROM notes");
            s.execute("CREATE TABLE ruled(id int, v int)");
            s.execute("INSERT INTO ruled VALUES (1, 0)");
            s.execute("CREATE RULE also_wipe AS ON UPDATE TO ruled DO ALSO DELETE FROM payments");
            s.execute("CREATE TABLE plain_notes(id int, body text)");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader");
            s.execute("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO app_writer");
        }
    }

    @Test
    void aTableWhoseOwnDefinitionRunsCodeWhenReadIsNotRead() throws Exception {
        seedDefinitions();
        CredentialProvider reader = logins("app_reader", "reader-pw");
        java.util.Map<String, String> refused = java.util.Map.of(
                "SELECT * FROM purging", "purging calls the function purge",
                "SELECT id FROM over_purging", "over_purging calls the function purge",
                "SELECT held FROM locking", "locking runs what is not a read whenever it is read (its definition as a view",
                "SELECT count(*) FROM guarded", "guarded runs what is not a read whenever it is read (a row-level security policy",
                "SELECT o.id FROM \"Over_Purging\" o, payments p", "over_purging calls the function purge");
        refused.forEach((sql, why) -> {
            assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).as(sql).isEqualTo(Impact.READ);
            assertThatThrownBy(() -> run(sql, Impact.READ, reader)).as(sql)
                    .isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                    .hasMessageContaining(why);
        });
        // their benign twins: a view of plain columns, over another; tables whose triggers and rules run on writing
        assertThat(run("SELECT id FROM big_over ORDER BY id", Impact.READ, reader)).contains("2").contains("3");
        assertThat(run("SELECT count(*) FROM notes", Impact.READ, reader)).contains("0");
        assertThat(run("SELECT v FROM ruled", Impact.READ, reader)).contains("0");
        assertThat(scalar("SELECT count(*) FROM payments")).isEqualTo(3);
    }

    @Test
    void aTableWhoseTriggerOrRuleRunsCodeWhenWrittenIsNotWritten() throws Exception {
        seedDefinitions();
        CredentialProvider writer = logins("app_reader", "reader-pw"); // app_writer for WRITE
        java.util.Map<String, String> refused = java.util.Map.of(
                "INSERT INTO notes VALUES (1, 'x')", "notes has the trigger wipes (function wipe)",
                "INSERT INTO notes_view VALUES (2, 'y')", "notes_view has the trigger wipes (function wipe)",
                "UPDATE ruled SET v = 1 WHERE id = 1", "ruled has the rule also_wipe");
        refused.forEach((sql, why) -> assertThatThrownBy(() -> run(sql, Impact.WRITE, writer)).as(sql)
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                .hasMessageContaining(why).hasMessageContaining("whenever it is written"));
        assertThat(scalar("SELECT count(*) FROM payments")).isEqualTo(3);
        assertThat(scalar("SELECT count(*) FROM notes")).isZero();
        // a table without either is written as before
        assertThat(run("INSERT INTO plain_notes VALUES (1, 'x')", Impact.WRITE, writer)).contains("1 row affected");
        assertThat(scalar("SELECT count(*) FROM plain_notes")).isEqualTo(1);
    }

    /** Tables whose rows foreign keys delete or change with the rows of another. */
    private void seedForeignKeys() throws SQLException {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE regions(id INT PRIMARY KEY)");
            s.execute("CREATE TABLE customers(id INT PRIMARY KEY, name TEXT, region_id INT REFERENCES regions(id) ON DELETE SET NULL)");
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY,"
                    + " customer_id INT REFERENCES customers(id) ON DELETE CASCADE ON UPDATE CASCADE)");
            s.execute("CREATE TABLE order_lines(id INT PRIMARY KEY, order_id INT REFERENCES orders(id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE tags(id INT PRIMARY KEY)");
            s.execute("CREATE TABLE tagged(tag_id INT REFERENCES tags(id))"); // NO ACTION: refuses, changes nothing
            s.execute("CREATE VIEW vip_customers AS SELECT id, name FROM customers WHERE id < 10");
            // keys on other columns: a code that an update cascades on, itself referenced; a generated one
            s.execute("CREATE TABLE brands(id INT PRIMARY KEY, code TEXT UNIQUE)");
            s.execute("CREATE TABLE products(id INT PRIMARY KEY, brand_code TEXT UNIQUE REFERENCES brands(code) ON UPDATE CASCADE)");
            s.execute("CREATE TABLE labels(product_brand TEXT REFERENCES products(brand_code) ON UPDATE CASCADE)");
            s.execute("CREATE TABLE shelves(n INT PRIMARY KEY, slot INT GENERATED ALWAYS AS (n * 10) STORED UNIQUE)");
            s.execute("CREATE TABLE stock(slot INT REFERENCES shelves(slot) ON UPDATE CASCADE)");
            s.execute("INSERT INTO brands VALUES (1, 'acme')");
            s.execute("INSERT INTO products VALUES (1, 'acme')");
            s.execute("INSERT INTO labels VALUES ('acme')");
            s.execute("INSERT INTO shelves(n) VALUES (1)");
            s.execute("INSERT INTO stock VALUES (10)");
            s.execute("INSERT INTO regions VALUES (1), (2)");
            s.execute("INSERT INTO customers VALUES (1, 'Ada', 1), (2, 'Bo', 2)");
            s.execute("INSERT INTO orders VALUES (10, 1), (20, 2)");
            s.execute("INSERT INTO order_lines VALUES (100, 10), (200, 20)");
            s.execute("INSERT INTO tags VALUES (1), (2)");
            s.execute("INSERT INTO tagged VALUES (1)");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO app_writer");
        }
    }

    private String rows(String table) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "," : "").append(rs.getString(i));
                }
                out.append(';');
            }
        }
        return out.toString();
    }

    @Test
    void aWriteWhoseForeignKeysChangeATableItDoesNotNameIsNotRun() throws Exception {
        seedForeignKeys();
        CredentialProvider writer = logins("app_reader", "reader-pw"); // app_writer for WRITE and above
        String before = rows("regions") + rows("customers") + rows("orders") + rows("order_lines");
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("DELETE FROM customers WHERE id = 1",
                "changing rows of customers also changes orders, which the SQL does not name (the foreign key orders_customer_id_fkey"
                        + " of orders: ON DELETE CASCADE)");
        refused.put("DELETE FROM orders WHERE customer_id = 1; DELETE FROM customers WHERE id = 1",
                "changing rows of orders also changes order_lines, which the SQL does not name (the foreign key"
                        + " order_lines_order_id_fkey of order_lines: ON DELETE CASCADE)");
        refused.put("DELETE FROM regions WHERE id = 1", "also changes customers, which the SQL does not name (the foreign key"
                + " customers_region_id_fkey of customers: ON DELETE SET NULL)");
        refused.put("UPDATE customers SET id = 3 WHERE id = 1", "also changes orders, which the SQL does not name (the foreign key"
                + " orders_customer_id_fkey of orders: ON UPDATE CASCADE)");
        refused.put("TRUNCATE customers CASCADE", "TRUNCATE ... CASCADE empties every table that references it");
        refused.put("DELETE FROM vip_customers WHERE id = 2", "changing rows of customers (under a view the SQL names) also changes orders");
        refused.put("DELETE FROM \"Customers\" WHERE id = 1", "also changes orders"); // (unknown): spelled, so counted
        refused.put("UPDATE brands SET code = 'acme2' WHERE id = 1 AND EXISTS (SELECT 1 FROM products)",
                "changing rows of products (itself changed by the foreign key products_brand_code_fkey) also changes labels, which"
                        + " the SQL does not name (the foreign key labels_product_brand_fkey of labels: ON UPDATE CASCADE)");
        refused.put("UPDATE shelves SET n = 2", "also changes stock, which the SQL does not name (the foreign key"
                + " stock_slot_fkey of stock: ON UPDATE CASCADE)");
        refused.forEach((sql, why) -> assertThatThrownBy(() -> run(sql, tool.impactOf(Calls.of("sql_query", "sql", sql)), writer))
                .as(sql)
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                .hasMessageContaining(why)
                .hasMessageContaining("name every table the SQL changes"));
        assertThat(rows("regions") + rows("customers") + rows("orders") + rows("order_lines")).isEqualTo(before);

        // benign twins: writes no key acts on, and the same delete naming every table it changes
        assertThat(run("UPDATE customers SET name = 'Ada L' WHERE id = 1", Impact.WRITE, writer)).contains("1 row affected");
        assertThat(run("UPDATE brands SET id = 2 WHERE id = 1", Impact.WRITE, writer)).contains("1 row affected");
        assertThat(run("INSERT INTO customers VALUES (3, 'Cy', 1)", Impact.WRITE, writer)).contains("1 row affected");
        assertThat(run("DELETE FROM order_lines WHERE id = 200", Impact.IRREVERSIBLE, writer)).contains("1 row affected");
        assertThat(run("DELETE FROM tags WHERE id = 2", Impact.IRREVERSIBLE, writer)).contains("1 row affected");
        assertThat(run("DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE customer_id = 1);"
                + " DELETE FROM orders WHERE customer_id = 1; DELETE FROM customers WHERE id = 1", Impact.IRREVERSIBLE, writer))
                .contains("1 row affected");
        assertThat(rows("customers")).isEqualTo("2,Bo,2;3,Cy,1;");
        assertThat(rows("orders")).isEqualTo("20,2;");
        assertThat(rows("order_lines")).isEmpty();
    }

    private long scalarUnchecked(String sql) {
        try {
            return scalar(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEscapeStringThatHidAStackedDeleteIsNeverRun() {
        String sql = "SELECT E'\\''; DELETE FROM payments; --'";

        assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).isEqualTo(Impact.IRREVERSIBLE);
        assertThatThrownBy(() -> run(sql, Impact.IRREVERSIBLE, logins("app_reader", "reader-pw")))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.unparsed"));
    }

    @Test
    void aWriteCommitsAndSeveralStatementsAreOneTransaction() throws Exception {
        run("INSERT INTO payments VALUES (4, 40)", Impact.WRITE, logins("app_reader", "reader-pw"));
        assertThat(scalar("SELECT COUNT(*) FROM payments")).isEqualTo(4);

        // the second statement fails (duplicate key): the first one is rolled back with it
        assertThatThrownBy(() -> run("INSERT INTO payments VALUES (5, 50); INSERT INTO payments VALUES (1, 0)", Impact.WRITE,
                logins("app_reader", "reader-pw"))).isInstanceOf(SQLException.class);
        assertThat(scalar("SELECT COUNT(*) FROM payments")).isEqualTo(4);
    }

    @Test
    void theReaderCannotWriteEvenWhenACallIsClearedForMore() throws Exception {
        CredentialProvider readerOnly = TestContext.provider(new Credential("jdbc", "app_reader", "reader-pw", Impact.READ));

        assertThatThrownBy(() -> run("UPDATE payments SET amount = 0", Impact.WRITE, readerOnly))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThat(scalar("SELECT SUM(amount) FROM payments")).isEqualTo(60);
    }

    /**
     * The allowlist is of built-ins: a name PostgreSQL has no built-in function of (LISTAGG is
     * Oracle's and H2's) would call a user's function of that name. Every allowlisted name is a
     * function of pg_catalog, which comes first on the search path, or a reserved word.
     */
    @Test
    void everyAllowlistedFunctionIsABuiltInOfPostgresql() throws Exception {
        java.util.List<String> notBuiltIn = new java.util.ArrayList<>();
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            for (String name : new java.util.TreeSet<>(SqlFunctions.allowed(SqlDialect.POSTGRESQL))) {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pg_catalog' AND p.proname = '" + lower + "')"
                        + " + (SELECT count(*) FROM pg_get_keywords() WHERE word = '" + lower + "' AND catcode = 'R')")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        notBuiltIn.add(name);
                    }
                }
            }
        }

        assertThat(notBuiltIn).as("allowlisted names with no built-in function behind them").isEmpty();
    }

    /** User code reached without a call in the text: a row-type function as an attribute, an operator, a cast. */
    private void seedHiddenCalls() throws SQLException {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE api_keys(id INT, v TEXT)");
            s.execute("INSERT INTO api_keys VALUES (1, 'sk-live-secret')");
            s.execute("CREATE FUNCTION leak(payments) RETURNS text LANGUAGE sql AS 'SELECT v FROM api_keys LIMIT 1'");
            s.execute("CREATE FUNCTION tally(anyelement) RETURNS int LANGUAGE sql AS 'SELECT nextval(''seq'')::int'");
            s.execute("CREATE FUNCTION glue(text, text) RETURNS text LANGUAGE sql AS 'SELECT v FROM api_keys LIMIT 1'");
            s.execute("CREATE OPERATOR + (LEFTARG = text, RIGHTARG = text, FUNCTION = glue)");
            s.execute("CREATE TYPE code AS (v int)");
            s.execute("CREATE TABLE tickets(id INT, c code)");
            s.execute("INSERT INTO tickets VALUES (1, ROW(7))");
            s.execute("CREATE FUNCTION code_text(code) RETURNS text LANGUAGE sql AS 'SELECT v FROM api_keys LIMIT 1'");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader");
        }
    }

    @Test
    void sqlThatCallsUserCodeWithoutNamingACallIsNotRun() throws Exception {
        seedHiddenCalls();
        CredentialProvider reader = logins("app_reader", "reader-pw");
        for (String sql : java.util.List.of(
                "SELECT p.leak FROM payments p",                 // leak(p): api_keys read, only payments named
                "SELECT (payments.*).leak FROM payments",
                "SELECT p.\"leak\" FROM payments p",
                "SELECT t.tally FROM tickets t",                 // a function of anyelement
                "SELECT name + name FROM (SELECT 'a'::text AS name) s")) {                          // a user's operator
            assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).as(sql).isEqualTo(Impact.READ);
            assertThatThrownBy(() -> run(sql, Impact.READ, reader)).as(sql)
                    .isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                    .hasMessageContaining("other tables");
        }
        assertThat(scalar("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM seq")).isZero();
    }

    @Test
    void aCastFromAUserTypeThroughAUserFunctionIsNotRunButOtherCastsAre() throws Exception {
        seedHiddenCalls();
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE CAST (code AS text) WITH FUNCTION code_text(code)");
        }
        CredentialProvider reader = logins("app_reader", "reader-pw");
        String sql = "SELECT c::text FROM tickets";
        assertThatThrownBy(() -> run(sql, Impact.READ, reader)).isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                .hasMessageContaining("cast from code to text");
        // the JSON functions cast to json by themselves: a user's cast to json runs in to_json(c)
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')");
            s.execute("CREATE FUNCTION mood_json(mood) RETURNS json LANGUAGE sql AS 'SELECT to_json(v) FROM api_keys LIMIT 1'");
            s.execute("CREATE CAST (mood AS json) WITH FUNCTION mood_json(mood)");
            s.execute("CREATE TABLE moods(id INT, m mood)");
            s.execute("INSERT INTO moods VALUES (1, 'ok')");
            s.execute("GRANT SELECT ON moods TO app_reader");
        }
        for (String json : java.util.List.of("SELECT to_json(m) FROM moods", "SELECT json_agg(x) FROM moods x",
                "SELECT jsonb_build_object('m', m) FROM moods")) {
            assertThatThrownBy(() -> run(json, Impact.READ, reader)).as(json).isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"));
        }
        // no cast in the text: the user's cast cannot be reached
        assertThat(run("SELECT id FROM tickets", Impact.READ, reader)).contains("(1 row)");
        assertThat(run("SELECT id, m FROM moods", Impact.READ, reader)).contains("(1 row)");
    }

    @Test
    void aUserFunctionBesideAnAllowlistedBuiltInIsNotCalledUnderItsName() throws Exception {
        seedHiddenCalls();
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION public.length(int) RETURNS int LANGUAGE sql AS 'SELECT count(*)::int FROM api_keys'");
            s.execute("CREATE AGGREGATE public.sum(text) (SFUNC = textcat, STYPE = text)");
        }
        CredentialProvider reader = logins("app_reader", "reader-pw");
        for (String sql : java.util.List.of("SELECT length(1)", "SELECT LENGTH(id) FROM payments", "SELECT sum(amount::text) FROM payments")) {
            assertThat(tool.impactOf(Calls.of("sql_query", "sql", sql))).as(sql).isEqualTo(Impact.READ);
            assertThatThrownBy(() -> run(sql, Impact.READ, reader)).as(sql).isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                    .hasMessageContaining("pg_catalog.");
        }
        // the built-in, named with its schema, and other allowlisted functions still read
        assertThat(run("SELECT pg_catalog.length('abc'), pg_catalog.sum(amount), max(amount) FROM payments", Impact.READ, reader))
                .contains("(1 row)");
    }

    @Test
    void nothingRunsWhenTheSearchPathPutsASchemaBeforePgCatalog() throws Exception {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE DOMAIN public.text AS varchar CHECK (VALUE <> '')");
            s.execute("ALTER ROLE app_reader IN DATABASE shop SET search_path = public, pg_catalog");
        }
        try {
            // public.text now answers to ::text, and public.lower(text) would answer to lower(...)
            assertThatThrownBy(() -> run("SELECT amount::text FROM payments", Impact.READ, logins("app_reader", "reader-pw")))
                    .isInstanceOf(ToolRefusedException.class)
                    .satisfies(e -> assertThat(((ToolRefusedException) e).rule()).isEqualTo("sql.hidden-call"))
                    .hasMessageContaining("search path (public, pg_catalog)");
        } finally {
            try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
                s.execute("ALTER ROLE app_reader IN DATABASE shop RESET search_path");
            }
        }
        assertThat(run("SELECT amount::text FROM payments", Impact.READ, logins("app_reader", "reader-pw"))).contains("(3 rows)");
    }

    /** PostgreSQL folds unquoted names to lower case: "Payments" quoted is another table than payments. */
    @Test
    void aQuotedNameInAnotherCaseIsAnotherTableSoItsTargetIsUnknown() throws Exception {
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"Payments\"(card TEXT)");
            s.execute("INSERT INTO \"Payments\" VALUES ('4111-1111-1111-1111')");
            s.execute("CREATE TABLE \"payments.archive\"(card TEXT)");
            s.execute("GRANT SELECT ON \"Payments\", \"payments.archive\" TO app_reader");
        }
        for (String sql : java.util.List.of("SELECT * FROM \"Payments\"", "SELECT * FROM public.\"PAYMENTS\"",
                "SELECT * FROM \"payments \"", "SELECT * FROM \"payments.archive\"", "SELECT * FROM \"public.payments\"")) {
            assertThat(tool.targets(Calls.of("sql_query", "sql", sql))).as(sql).contains(dev.leash.api.tool.Target.table("(unknown)"));
        }
        assertThat(run("SELECT * FROM \"Payments\"", Impact.READ, logins("app_reader", "reader-pw"))).contains("4111");
        for (String sql : java.util.List.of("SELECT * FROM payments", "SELECT * FROM \"payments\"", "SELECT * FROM \"public\".\"payments\"",
                "SELECT * FROM PUBLIC.PAYMENTS")) {
            assertThat(tool.targets(Calls.of("sql_query", "sql", sql))).as(sql).doesNotContain(dev.leash.api.tool.Target.table("(unknown)"));
        }
    }

    /** A user's operator counts wherever its symbol is (+ on text stops 1 + 1 too); other symbols read on. */
    @Test
    void columnsAndBuiltInOperatorsStillReadBesideUserCode() throws Exception {
        seedHiddenCalls();
        CredentialProvider reader = logins("app_reader", "reader-pw");

        assertThat(run("SELECT p.id, p.amount * 2 FROM payments p WHERE p.amount > 10 ORDER BY p.id", Impact.READ, reader))
                .contains("(2 rows)");
        assertThat(run("SELECT payments.id FROM payments WHERE id IN (1, 2)", Impact.READ, reader)).contains("(2 rows)");
        assertThat(run("SELECT amount::text, 'x' || 'y' FROM payments", Impact.READ, reader)).contains("(3 rows)");
    }

    /**
     * A cast is READ only to a type of pg_catalog, which comes first on the search path: a domain
     * or type of that name elsewhere is never the one a cast reaches.
     */
    @Test
    void everyBuiltInTypeIsATypeOfPgCatalog() throws Exception {
        java.util.List<String> notBuiltIn = new java.util.ArrayList<>();
        try (Connection c = pg.superuser("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE DOMAIN public.text AS varchar CHECK (VALUE <> '')");
            for (String name : new java.util.TreeSet<>(SqlFunctions.builtInTypes(SqlDialect.POSTGRESQL))) {
                try (ResultSet rs = s.executeQuery("SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE t.oid = to_regtype('" + name.toLowerCase(java.util.Locale.ROOT) + "')")) {
                    if (!rs.next() || !rs.getString(1).equals("pg_catalog")) {
                        notBuiltIn.add(name);
                    }
                }
            }
        }

        assertThat(notBuiltIn).as("built-in type names that are no type of pg_catalog").isEmpty();
    }

    @Test
    void aUrlThatWouldRunStackedStatementsIsRefused() {
        assertThatThrownBy(() -> SqlToolsConfig.of(url + "?preferQueryMode=simple"))
                .hasMessageContaining("preferQueryMode");
    }
}
