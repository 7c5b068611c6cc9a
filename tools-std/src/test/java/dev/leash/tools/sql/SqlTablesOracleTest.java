package dev.leash.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The oracle for the tables a statement uses: every statement of {@code sql/tables-corpus.txt} is
 * run, on a real PostgreSQL and an embedded H2, as a login granted only the tables {@link
 * SqlAnalysis} names for it (the targets the tables allowlist checks). The database refusing it for
 * want of a right on a table the analysis did not name means that table was used out of the
 * allowlist's sight. A statement the analysis cannot name the tables of says so ({@code (unknown)})
 * or is unparsed, and the allowlist refuses it. Each statement is first run by the superuser, so
 * the corpus holds only statements that work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlTablesOracleTest {

    private static final List<String> TABLES = List.of("accounts", "payments", "api_keys", "big_accounts");

    private EmbeddedPostgresServer pg;
    private String pgUrl;

    static List<SqlImpactOracleTest.Entry> corpus() throws IOException {
        return SqlCorpus.read("tables-corpus.txt");
    }

    @BeforeAll
    void start() throws Exception {
        pg = EmbeddedPostgresServer.shared();
        pgUrl = pg.createDatabase("tables_oracle");
        try (Connection c = pg.superuser("tables_oracle"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE narrow LOGIN PASSWORD 'narrow-pw'");
        }
    }

    @Test
    void noStatementUsesATableItsAnalysisDoesNotNameOnPostgresql() throws Exception {
        play(SqlDialect.POSTGRESQL);
    }

    @Test
    void noStatementUsesATableItsAnalysisDoesNotNameOnH2() throws Exception {
        play(SqlDialect.H2);
    }

    private void play(SqlDialect dialect) throws Exception {
        List<String> invalid = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        int played = 0;
        for (SqlImpactOracleTest.Entry entry : corpus()) {
            if (!entry.on(dialect)) {
                continue;
            }
            played++;
            SqlAnalysis analysis = SqlAnalysis.of(entry.sql(), dialect);
            String where = dialect + " line " + entry.line() + " [" + analysis.impact() + " " + analysis.rule() + ", tables "
                    + analysis.tables() + "] " + entry.sql();
            String asSuperuser = dialect == SqlDialect.H2 ? runH2(entry.sql(), null) : runPostgres(entry.sql(), null);
            if (asSuperuser != null) {
                invalid.add(where + "\n      fails for the superuser: " + asSuperuser);
                continue;
            }
            if (!analysis.parsed() || analysis.tables().contains("(unknown)")) {
                continue; // no target the allowlist could admit
            }
            List<String> named = TABLES.stream().filter(t -> names(analysis.tables(), t)).toList();
            String error = dialect == SqlDialect.H2 ? runH2(entry.sql(), named) : runPostgres(entry.sql(), named);
            if (error != null) {
                unseen.add(where + "\n      refused for a login granted only " + named + ": " + error);
            }
        }
        System.out.println("[sql tables oracle] " + dialect + ": " + played + " statements, " + unseen.size()
                + " use a table their analysis does not name");
        unseen.forEach(u -> System.out.println("[sql tables oracle]   " + u));
        assertThat(invalid).as("corpus statements that do not run at all").isEmpty();
        assertThat(unseen).as("statements that use a table their analysis does not name").isEmpty();
    }

    private static boolean names(List<String> tables, String table) {
        return tables.stream().map(t -> t.toLowerCase(Locale.ROOT))
                .anyMatch(t -> t.equals(table) || t.endsWith("." + table));
    }

    /** Runs {@code sql} in a transaction that is rolled back; as the superuser when {@code granted} is null. The error, or null. */
    private String runPostgres(String sql, List<String> granted) throws SQLException {
        seedPostgres(granted == null ? List.of() : granted);
        try (Connection c = granted == null ? pg.superuser("tables_oracle") : DriverManager.getConnection(pgUrl, "narrow", "narrow-pw")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(10);
                s.execute(sql);
                return null;
            } catch (SQLException e) {
                return e.getSQLState() + " " + e.getMessage();
            } finally {
                c.rollback();
            }
        }
    }

    private void seedPostgres(List<String> granted) throws SQLException {
        try (Connection c = pg.superuser("tables_oracle"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
            seed(s);
            s.execute("GRANT USAGE ON SCHEMA public TO narrow");
            for (String table : granted) {
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO narrow");
            }
        }
    }

    private static String runH2(String sql, List<String> granted) throws SQLException {
        String url = "jdbc:h2:mem:tables-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = owner.createStatement()) {
                seed(s);
                s.execute("CREATE USER narrow PASSWORD 'narrow-pw'");
                for (String table : granted == null ? List.<String>of() : granted) {
                    s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO narrow");
                }
            }
            String login = url.substring(0, url.indexOf(';'));
            try (Connection c = granted == null ? DriverManager.getConnection(login, "sa", "")
                    : DriverManager.getConnection(login, "narrow", "narrow-pw")) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(10);
                    s.execute(sql);
                    return null;
                } catch (SQLException e) {
                    return e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("");
                } finally {
                    c.rollback();
                }
            } finally {
                try (Statement s = owner.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }

    private static void seed(Statement s) throws SQLException {
        s.execute("CREATE TABLE accounts(id INT PRIMARY KEY, name VARCHAR(50), balance INT)");
        s.execute("CREATE TABLE payments(id INT PRIMARY KEY, account_id INT, amount INT)");
        s.execute("CREATE TABLE api_keys(id INT PRIMARY KEY, v VARCHAR(50))");
        s.execute("INSERT INTO accounts VALUES (1, 'Alice', 120), (2, 'Bob', 80), (3, 'Carol', 500)");
        s.execute("INSERT INTO payments VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40)");
        s.execute("INSERT INTO api_keys VALUES (1, 'sk-live-secret')");
        s.execute("CREATE VIEW big_accounts AS SELECT * FROM accounts WHERE balance > 100");
    }
}
