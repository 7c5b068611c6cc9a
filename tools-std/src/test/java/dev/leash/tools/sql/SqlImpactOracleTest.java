package dev.leash.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.tools.Calls;
import dev.leash.tools.TestContext;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle: every statement of {@code sql/impact-corpus.txt} is classified by {@link SqlAnalysis}
 * and then played, as a superuser and without Leash's execution safeguards, against a real
 * PostgreSQL and an embedded H2 seeded alike. For each statement:
 *
 * <ul>
 *   <li>classified READ: PostgreSQL accepts it inside {@code BEGIN READ ONLY} (no SQLSTATE 25006),
 *       and running it for real changes nothing: tables and their rows, views and functions,
 *       the sequence, advisory locks, large objects, files in a watched directory, connections
 *       to a loopback listener; running it through {@link SqlQueryTool} as the SELECT-only login
 *       changes nothing either;
 *   <li>classified WRITE: running it for real makes no row disappear.
 * </ul>
 *
 * Statements that are READ in truth (accepted read-only, no error, nothing changed) but not READ
 * for Leash are over-blocked: they are printed with a count, not hidden.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlImpactOracleTest {

    private static final List<String> TABLES = List.of("accounts", "payments", "api_keys");

    private EmbeddedPostgresServer pg;
    private String pgUrl;
    /** The superuser's connection that seeds and inspects, kept open (logins cost time). */
    private Connection admin;
    private ServerSocket listener;
    private final AtomicInteger hits = new AtomicInteger();
    private Thread acceptor;
    @TempDir
    Path temp;

    /** A line of a SQL corpus file ({@link SqlCorpus}). */
    record Entry(String tag, String sql, int line) {
        boolean on(SqlDialect dialect) {
            return tag.equals("both") || tag.equals(dialect == SqlDialect.H2 ? "h2" : "pg");
        }
    }

    /**
     * @param readOnlyRefused PostgreSQL refused it in a read-only transaction (25006) or it changed something there
     * @param readOnlyClean it ran in a read-only transaction without any error and changed nothing
     * @param ranClean it ran for real without any error
     * @param changed what running it for real changed (empty: nothing)
     * @param refusedByTool READ for its text, but {@link SqlQueryTool} never runs it (rule {@code sql.hidden-call})
     */
    record Outcome(String sql, Impact impact, String rule, boolean readOnlyRefused, boolean readOnlyClean, boolean ranClean,
                   String changed, String error, boolean refusedByTool) {
    }

    static List<Entry> corpus() throws IOException {
        return SqlCorpus.read("impact-corpus.txt");
    }

    @BeforeAll
    void start() throws Exception {
        pg = EmbeddedPostgresServer.shared();
        pgUrl = pg.createDatabase("oracle");
        try (Connection c = pg.superuser("oracle"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
        }
        admin = pg.superuser("oracle");
        try (Statement s = admin.createStatement()) {
            s.execute("SET lock_timeout = '2s'");
        }
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "oracle-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    void stop() throws IOException {
        listener.close();
        try {
            if (admin != null) {
                admin.close();
            }
        } catch (SQLException e) {
            // the server stops next
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                hits.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed: the test is over
            }
        }
    }

    @Test
    void theCorpusHasAtLeast150StatementsPerDatabase() throws IOException {
        List<Entry> corpus = corpus();
        assertThat(corpus.stream().filter(e -> e.on(SqlDialect.POSTGRESQL)).count()).isGreaterThanOrEqualTo(150);
        assertThat(corpus.stream().filter(e -> e.on(SqlDialect.H2)).count()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void noStatementClassifiedReadWritesOnPostgresql() throws Exception {
        play(SqlDialect.POSTGRESQL);
    }

    @Test
    void noStatementClassifiedReadWritesOnH2() throws Exception {
        play(SqlDialect.H2);
    }

    private void play(SqlDialect dialect) throws Exception {
        List<String> unsafe = new ArrayList<>();
        List<String> overBlocked = new ArrayList<>();
        List<String> refusedClean = new ArrayList<>();
        List<String> refusedUnsafe = new ArrayList<>();
        Map<Impact, Integer> counts = new TreeMap<>();
        int played = 0;
        for (Entry entry : corpus()) {
            if (!entry.on(dialect)) {
                continue;
            }
            played++;
            Path dir = Files.createDirectory(temp.resolve(dialect + "-" + entry.line()));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // the server runs as another user
            String sql = entry.sql().replace("{dir}", dir.toString()).replace("{port}", Integer.toString(listener.getLocalPort()));
            Outcome outcome = dialect == SqlDialect.H2 ? playH2(sql, dir) : playPostgres(sql, dir);
            counts.merge(outcome.impact(), 1, Integer::sum);
            String where = dialect + " line " + entry.line() + " [" + outcome.impact() + " " + outcome.rule() + "] " + entry.sql();
            if (outcome.impact() == Impact.READ && !outcome.refusedByTool()
                    && (outcome.readOnlyRefused() || !outcome.changed().isEmpty())) {
                unsafe.add(where + "\n      changed: " + outcome.changed() + "; error: " + outcome.error());
            }
            if (outcome.impact() == Impact.WRITE && !outcome.refusedByTool() && outcome.changed().contains("row disappeared")) {
                unsafe.add(where + "\n      a WRITE removed rows: " + outcome.changed());
            }
            if (outcome.impact() != Impact.READ && outcome.readOnlyClean() && outcome.ranClean() && outcome.changed().isEmpty()) {
                overBlocked.add(where);
            }
            if (outcome.refusedByTool()) {
                (outcome.readOnlyClean() && outcome.ranClean() && outcome.changed().isEmpty() ? refusedClean : refusedUnsafe).add(where);
            }
        }
        System.out.println("[sql oracle] " + dialect + ": " + played + " statements, classified " + counts);
        System.out.println("[sql oracle] " + dialect + ": over-blocked (READ in truth, not READ for Leash): " + overBlocked.size());
        overBlocked.forEach(o -> System.out.println("[sql oracle]   " + o));
        System.out.println("[sql oracle] " + dialect + ": READ for the text, not run by the tool (sql.hidden-call): "
                + refusedUnsafe.size() + " that call user code, " + refusedClean.size() + " that do not");
        refusedClean.forEach(o -> System.out.println("[sql oracle]   not run, yet clean: " + o));
        System.out.println("[sql oracle] " + dialect + ": unsafe READ or WRITE classifications: " + unsafe.size());
        assertThat(played).isGreaterThanOrEqualTo(150);
        assertThat(unsafe).as("statements whose classification the database contradicts").isEmpty();
    }

    // ---------------------------------------------------------------- PostgreSQL

    private Outcome playPostgres(String sql, Path dir) throws Exception {
        seedPostgres();
        SqlAnalysis analysis = SqlAnalysis.of(sql, SqlDialect.POSTGRESQL);
        // READ for its text, but the tool does not run it: it may call user code the text does not name
        boolean refused = HiddenCalls.find(admin, analysis.sources(), analysis.tables(), analysis.impact() != Impact.READ).isPresent();
        String before = snapshotPostgres(dir);
        Map<String, List<String>> rowsBefore = rowsPostgres();

        boolean readOnlyRefused = false;
        boolean readOnlyClean = true;
        String error = "";
        try (Connection c = pg.superuser("oracle")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                s.setQueryTimeout(10);
                s.execute(sql);
            } catch (SQLException e) {
                error = e.getSQLState() + " " + e.getMessage();
                readOnlyRefused = "25006".equals(e.getSQLState());
                readOnlyClean = false;
            }
            String held = snapshotPostgres(dir);
            c.rollback();
            if (!held.equals(before)) {
                readOnlyRefused = true;
                readOnlyClean = false;
                error += " [read-only run changed: " + diff(before, held) + "]";
            }
        }
        if (!snapshotPostgres(dir).equals(before)) {
            seedPostgres();
            before = snapshotPostgres(dir);
        }
        boolean ranClean = true;
        String changed;
        try (Connection c = pg.superuser("oracle")) {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(10);
                s.execute(sql);
            } catch (SQLException e) {
                ranClean = false;
                error += " / " + e.getSQLState() + " " + e.getMessage();
            }
            changed = diff(before, snapshotPostgres(dir)) + disappeared(rowsBefore, rowsPostgres());
        }
        if (analysis.impact() == Impact.READ && changed.isEmpty()) {
            throughTool(sql, pgUrl); // nothing changed: the seed is still as it was
            changed = diff(before, snapshotPostgres(dir));
            if (!changed.isEmpty()) {
                changed = "through sql_query as the reader: " + changed;
            }
        }
        return new Outcome(sql, analysis.impact(), refused ? "sql.read, refused by sql.hidden-call" : analysis.rule(),
                readOnlyRefused, readOnlyClean, ranClean, changed, error, refused);
    }

    private void seedPostgres() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
            s.execute("SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
            s.execute("SELECT pg_advisory_unlock_all()");
            s.execute("CREATE TABLE accounts(id INT PRIMARY KEY, name VARCHAR(50), balance INT)");
            s.execute("CREATE TABLE payments(id INT PRIMARY KEY, account_id INT, amount INT)");
            s.execute("CREATE TABLE api_keys(id INT PRIMARY KEY, v VARCHAR(50))");
            s.execute("INSERT INTO accounts VALUES (1, 'Alice', 120), (2, 'Bob', 80), (3, 'Carol', 500)");
            s.execute("INSERT INTO payments VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
            s.execute("INSERT INTO api_keys VALUES (1, 'sk-live-secret')");
            s.execute("CREATE SEQUENCE seq_orders START 100");
            s.execute("CREATE VIEW big_accounts AS SELECT * FROM accounts WHERE balance > 100");
            s.execute("CREATE FUNCTION purge() RETURNS int LANGUAGE plpgsql AS 'BEGIN DELETE FROM payments; RETURN 1; END'");
            s.execute("CREATE FUNCTION safe_add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'");
            for (String keyword : List.of("filter", "cube", "rows", "by", "key")) {
                s.execute("CREATE FUNCTION " + keyword + "() RETURNS int LANGUAGE sql AS 'SELECT purge()'");
            }
            // user code reached without a call: a domain's CHECK, a row-type function read as an
            // attribute (a.purge_row), an operator, a cast from a user's type
            s.execute("CREATE DOMAIN purged AS int CHECK (purge() > 0)");
            s.execute("CREATE FUNCTION purge_row(accounts) RETURNS int LANGUAGE sql AS 'SELECT purge()'");
            s.execute("CREATE FUNCTION purge_text(text, text) RETURNS text LANGUAGE sql AS 'SELECT $1 || purge()'");
            s.execute("CREATE OPERATOR + (LEFTARG = text, RIGHTARG = text, FUNCTION = purge_text)");
            s.execute("CREATE TYPE code AS (v int)");
            s.execute("CREATE FUNCTION code_text(code) RETURNS text LANGUAGE sql AS 'SELECT purge()::text'");
            s.execute("CREATE CAST (code AS text) WITH FUNCTION code_text(code)");
            s.execute("CREATE FUNCTION public.lower(int) RETURNS text LANGUAGE sql AS 'SELECT purge()::text'"); // beside pg_catalog.lower(text)
            s.execute("CREATE TABLE tickets(id int, c code)");
            s.execute("INSERT INTO tickets VALUES (1, ROW(7))");
            s.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')");
            s.execute("CREATE FUNCTION mood_json(mood) RETURNS json LANGUAGE sql AS 'SELECT to_json(purge())'");
            s.execute("CREATE CAST (mood AS json) WITH FUNCTION mood_json(mood)");
            s.execute("CREATE TABLE moods(id int, m mood)");
            s.execute("INSERT INTO moods VALUES (1, 'ok')");
            // user code the deployment's definitions of a table run when it is named: a view's
            // definition (directly, through another view, or a built-in with side effects), a
            // row-level security policy, a trigger, a rule
            s.execute("CREATE VIEW purging AS SELECT id, purge() AS p FROM accounts");
            s.execute("CREATE VIEW over_purging AS SELECT id FROM purging");
            s.execute("CREATE VIEW locking AS SELECT pg_try_advisory_lock(42) AS held");
            s.execute("CREATE VIEW adding AS SELECT name + name AS twice FROM accounts");
            s.execute("CREATE TABLE guarded(id int)");
            s.execute("INSERT INTO guarded VALUES (1)");
            s.execute("ALTER TABLE guarded ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY seen ON guarded USING (pg_try_advisory_lock(43))");
            s.execute("CREATE POLICY purged ON guarded USING (purge() > 0)");
            s.execute("CREATE TABLE notes(id int, body text)");
            s.execute("CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN DELETE FROM payments; RETURN NEW; END'");
            s.execute("CREATE TRIGGER wipes AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION wipe()");
            s.execute("CREATE VIEW notes_view AS SELECT id, body FROM notes");
            s.execute("CREATE TABLE ruled(id int, v int)");
            s.execute("INSERT INTO ruled VALUES (1, 0)");
            s.execute("CREATE RULE also_wipe AS ON UPDATE TO ruled DO ALSO DELETE FROM payments");
            s.execute("GRANT USAGE ON SCHEMA public TO reader");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
        }
    }

    private String snapshotPostgres(Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = admin.createStatement()) {
            snapshotPostgres(s, out);
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            out.append("a lock held by the statement blocks readers\n");
        }
        return out.append(files(dir)).append("listener hits ").append(hits.get()).append('\n').toString();
    }

    private static void snapshotPostgres(Statement s, StringBuilder out) throws SQLException {
        {
            out.append(query(s, "SELECT table_schema || '.' || table_name || ':' || table_type FROM information_schema.tables"
                    + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"));
            out.append(query(s, "SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"));
            out.append(query(s, "SELECT 'seq ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences ORDER BY 1"));
            out.append(query(s, "SELECT 'advisory locks ' || count(*) FROM pg_locks WHERE locktype = 'advisory'"));
            out.append(query(s, "SELECT 'large objects ' || count(*) FROM pg_largeobject_metadata"));
            out.append(query(s, "SELECT 'grants ' || count(*) FROM information_schema.role_table_grants WHERE table_schema = 'public'"));
            for (String table : TABLES) {
                if (exists(s, "SELECT to_regclass('public." + table + "') IS NOT NULL")) {
                    out.append(query(s, "SELECT '" + table + " ' || t::text FROM " + table + " t ORDER BY 1"));
                }
            }
        }
    }

    private Map<String, List<String>> rowsPostgres() throws SQLException {
        try (Statement s = admin.createStatement()) {
            Map<String, List<String>> rows = new TreeMap<>();
            for (String table : TABLES) {
                rows.put(table, exists(s, "SELECT to_regclass('public." + table + "') IS NOT NULL")
                        ? query(s, "SELECT id FROM " + table).lines().toList() : List.of());
            }
            return rows;
        }
    }

    // ---------------------------------------------------------------- H2

    private Outcome playH2(String sql, Path dir) throws Exception {
        String url = "jdbc:h2:mem:oracle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection keep = DriverManager.getConnection(url, "sa", "")) {
            seedH2(keep);
            SqlAnalysis analysis = SqlAnalysis.of(sql, SqlDialect.H2);
            // not run by the tool: a view or a trigger of a table it names runs code of its own
            boolean refused = HiddenCalls.findOnH2(keep, analysis.sources(), analysis.tables(), analysis.impact() != Impact.READ).isPresent();
            String before = snapshotH2(url, dir);
            Map<String, List<String>> rowsBefore = rowsH2(url);
            boolean ranClean = true;
            String error = "";
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.setQueryTimeout(10);
                s.execute(sql);
            } catch (SQLException e) {
                ranClean = false;
                error = e.getSQLState() + " " + e.getMessage();
            }
            String changed = isOpen(url) ? diff(before, snapshotH2(url, dir)) + disappeared(rowsBefore, rowsH2(url))
                    : "the database was shut down";
            if (analysis.impact() == Impact.READ && changed.isEmpty()) {
                try (Connection again = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "")) {
                    seedH2(again);
                }
                before = snapshotH2(url, dir);
                throughTool(sql, url);
                changed = diff(before, snapshotH2(url, dir));
                if (!changed.isEmpty()) {
                    changed = "through sql_query as the reader: " + changed;
                }
            }
            // H2 has no read-only transactions to ask: "accepted read-only" is "ran without error and changed nothing".
            return new Outcome(sql, analysis.impact(), refused ? "sql.read, refused by sql.hidden-call" : analysis.rule(),
                    false, ranClean, ranClean, changed, error, refused);
        }
    }

    private static boolean isOpen(String url) {
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", ""); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void seedH2(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute("CREATE TABLE accounts(id INT PRIMARY KEY, name VARCHAR(50), balance INT)");
            s.execute("CREATE TABLE payments(id INT PRIMARY KEY, account_id INT, amount INT)");
            s.execute("CREATE TABLE api_keys(id INT PRIMARY KEY, v VARCHAR(50))");
            s.execute("INSERT INTO accounts VALUES (1, 'Alice', 120), (2, 'Bob', 80), (3, 'Carol', 500)");
            s.execute("INSERT INTO payments VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
            s.execute("INSERT INTO api_keys VALUES (1, 'sk-live-secret')");
            s.execute("CREATE SEQUENCE seq_orders START WITH 100");
            s.execute("CREATE VIEW big_accounts AS SELECT * FROM accounts WHERE balance > 100");
            s.execute("CREATE ALIAS PURGE FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
            s.execute("CREATE ALIAS SAFE_ADD FOR 'dev.leash.tools.testing.SqlTestFunctions.safeAdd'");
            for (String keyword : List.of("FILTER", "CUBE", "ROWS", "BY", "THEN", "VARCHAR")) {
                s.execute("CREATE ALIAS \"" + keyword + "\" FOR 'dev.leash.tools.testing.SqlTestFunctions.purge'");
            }
            s.execute("CREATE DOMAIN PURGED AS INT CHECK (PURGE() >= 0)");
            s.execute("DELETE FROM payments"); // creating the domain may have run its CHECK once
            s.execute("INSERT INTO payments VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
            // a view whose definition calls an alias, and one over it
            s.execute("CREATE VIEW purging AS SELECT id, PURGE() AS p FROM accounts");
            s.execute("CREATE VIEW over_purging AS SELECT id FROM purging");
            s.execute("DELETE FROM payments"); // creating the views may have run their queries
            s.execute("INSERT INTO payments VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
            s.execute("CREATE USER IF NOT EXISTS reader PASSWORD 'reader-pw'");
            s.execute("GRANT SELECT ON accounts, payments, api_keys, big_accounts, purging, over_purging TO reader");
        }
    }

    private String snapshotH2(String url, Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", ""); Statement s = c.createStatement()) {
            out.append(query(s, "SELECT TABLE_SCHEMA || '.' || TABLE_NAME || ':' || TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1"));
            out.append(query(s, "SELECT ROUTINE_SCHEMA || '.' || ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES"
                    + " WHERE ROUTINE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1"));
            out.append(query(s, "SELECT 'seq ' || SEQUENCE_NAME || ' ' || BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES ORDER BY 1"));
            out.append(query(s, "SELECT 'user ' || USER_NAME || ' ' || IS_ADMIN FROM INFORMATION_SCHEMA.USERS ORDER BY 1"));
            out.append(query(s, "SELECT 'setting ' || SETTING_NAME || ' ' || SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('MODE', 'EXCLUSIVE', 'DB_CLOSE_DELAY') ORDER BY 1"));
            for (String table : TABLES) {
                if (exists(s, "SELECT COUNT(*) > 0 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = '"
                        + table.toUpperCase() + "'")) {
                    out.append(query(s, "SELECT * FROM " + table + " ORDER BY 1"));
                }
            }
        }
        return out.append(files(dir)).append("listener hits ").append(hits.get()).append('\n').toString();
    }

    private static Map<String, List<String>> rowsH2(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", ""); Statement s = c.createStatement()) {
            Map<String, List<String>> rows = new TreeMap<>();
            for (String table : TABLES) {
                rows.put(table, exists(s, "SELECT COUNT(*) > 0 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                        + " AND TABLE_NAME = '" + table.toUpperCase() + "'")
                        ? query(s, "SELECT id FROM " + table).lines().toList() : List.of());
            }
            return rows;
        }
    }

    // ---------------------------------------------------------------- common

    /** Runs the SQL through the real tool, at READ, as the SELECT-only login; failures are fine, changes are not. */
    private static void throughTool(String sql, String url) {
        CredentialProvider reader = TestContext.provider(new Credential("jdbc", "reader", "reader-pw", Impact.READ));
        SqlQueryTool tool = new SqlQueryTool(SqlToolsConfig.of(url));
        ToolCall call = Calls.of("sql_query", "sql", sql);
        try {
            tool.execute(call, TestContext.at(Impact.READ, reader));
        } catch (Exception e) {
            // refused by the tool, the driver or the database: what matters is the state afterwards
        }
    }

    private static String query(Statement s, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> "file " + dir.relativize(p) + "\n").sorted()
                    .reduce("", String::concat);
        }
    }

    private static String diff(String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> gone = a.stream().filter(l -> !b.contains(l)).toList();
        List<String> added = b.stream().filter(l -> !a.contains(l)).toList();
        return "-" + gone + " +" + added + " ";
    }

    private static String disappeared(Map<String, List<String>> before, Map<String, List<String>> after) {
        StringBuilder out = new StringBuilder();
        before.forEach((table, ids) -> {
            List<String> now = after.getOrDefault(table, List.of());
            List<String> gone = ids.stream().filter(id -> !now.contains(id)).toList();
            if (!gone.isEmpty()) {
                out.append("row disappeared from ").append(table).append(": ").append(gone).append(' ');
            }
        });
        return out.toString();
    }
}
