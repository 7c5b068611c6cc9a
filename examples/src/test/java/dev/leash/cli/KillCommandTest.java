package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.leash.fleet.postgres.KillSwitch;
import dev.leash.fleet.postgres.PostgresStore;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KillCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int kill(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new KillCommand(env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void stopsAndLiftsAPrincipalInTheSharedStore() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.shared();
        String url = pg.createDatabase("cli_kill");
        Path config = Files.writeString(dir.resolve("leash.yaml"), """
                store: { kind: postgres, url: "%s", user_env: PGUSER_X, password_env: PGPASS_X, agent: refunds }
                """.formatted(url));
        Map<String, String> env = Map.of("PGUSER_X", EmbeddedPostgresServer.SUPERUSER,
                "PGPASS_X", EmbeddedPostgresServer.SUPERUSER_PASSWORD, "USER", "ops");

        assertThat(kill(env, "--principal", "alice@shop.example", "--reason", "odd refunds", "--config", config.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("principal alice@shop.example").contains("by ops").contains("1000 ms");
        try (HikariDataSource data = PostgresStore.dataSource(url, EmbeddedPostgresServer.SUPERUSER,
                EmbeddedPostgresServer.SUPERUSER_PASSWORD)) {
            KillSwitch kill = new KillSwitch(data);
            assertThat(kill.active()).singleElement().satisfies(s -> {
                assertThat(s.scope()).isEqualTo(KillSwitch.Scope.PRINCIPAL);
                assertThat(s.stoppedBy()).isEqualTo("ops");
                assertThat(s.reason()).isEqualTo("odd refunds");
            });
            assertThat(kill(env, "--list", "--config", config.toString())).isZero();
            assertThat(out.toString()).contains("alice@shop.example\tops");

            assertThat(kill(env, "--lift", "--principal", "alice@shop.example", "--by", "lead", "--config", config.toString()))
                    .isZero();
            assertThat(out.toString()).contains("lifted 1 stop(s)");
            assertThat(kill.active()).isEmpty();
        }
    }

    @Test
    void withoutASharedStoreNothingRunsAndTheErrorSaysWhatIsNeeded() throws Exception {
        Path config = Files.writeString(dir.resolve("leash.yaml"), "safety: { level: 2 }\n");
        assertThat(kill(Map.of("USER", "ops"), "--agent", "refunds", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no shared store").contains("kind: postgres");
    }

    @Test
    void aTargetIsRequiredAndOnlyOne() {
        assertThat(kill(Map.of(), "--reason", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--agent NAME, --principal P or --run ID");
        assertThat(kill(Map.of(), "--agent", "a", "--run", "r")).isEqualTo(2);
    }
}
