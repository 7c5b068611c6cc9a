package dev.leash.tools.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void startsARealServerWithPasswordLoginsAndStopsIt() throws Exception {
        String url;
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            url = pg.createDatabase("smoke");
            try (Connection c = pg.superuser("smoke"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
                try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(140000);
                }
            }
            try (Connection reader = DriverManager.getConnection(url, "reader", "reader-pw");
                 Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("reader");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "reader", "wrong"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", EmbeddedPostgresServer.SUPERUSER_PASSWORD))
                .isInstanceOf(SQLException.class);
    }
}
