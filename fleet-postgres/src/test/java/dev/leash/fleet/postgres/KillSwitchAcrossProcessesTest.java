package dev.leash.fleet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator stops runs in other processes: by principal, then the whole agent. The replicas
 * read the switch every 500 ms ({@code store.refresh}), so no call starts later than that after
 * the stop is recorded, plus one read of the table.
 */
class KillSwitchAcrossProcessesTest {

    /** The workers' {@code store.refresh}. */
    static final Duration REFRESH = Duration.ofMillis(500);
    /** One read of the stops table and the executor's own work between the check and the tool, on a busy machine. */
    static final Duration READ_SLACK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aStopEndsTheRunsItNamesInOtherProcessesWithinTheRefreshAndIsAudited() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.shared();
        String url = pg.createDatabase("fleet_kill");
        try (HikariDataSource data = PostgresStore.dataSource(url, EmbeddedPostgresServer.SUPERUSER,
                EmbeddedPostgresServer.SUPERUSER_PASSWORD)) {
            PostgresStore.migrate(data);
            KillSwitch kill = new KillSwitch(data);
            Path aliceAudit = dir.resolve("alice.jsonl");
            Path bobAudit = dir.resolve("bob.jsonl");
            Replicas.Replica alice = Replicas.start(Files.createFile(dir.resolve("alice.log")), "loop", url, "alice", aliceAudit.toString());
            Replicas.Replica bob = Replicas.start(Files.createFile(dir.resolve("bob.log")), "loop", url, "bob", bobAudit.toString());
            awaitTicks(alice, 5);
            awaitTicks(bob, 5);

            KillSwitch.Stop stop = kill.stop(KillSwitch.Scope.PRINCIPAL, "alice", "refunds look wrong", "ops@shop.example");

            assertThat(alice.finish(30)).as("alice's replica ends; log: %s", alice.log()).isTrue();
            assertThat(alice.lines).anyMatch(l -> l.startsWith("OUTCOME TERMINATED_BY_POLICY"));
            Instant lastTick = lastTick(alice);
            assertThat(lastTick).as("the last call of alice's run started within the refresh of the stop")
                    .isBefore(stop.stoppedAt().plus(REFRESH).plus(READ_SLACK));
            String audit = Files.readString(aliceAudit);
            assertThat(audit).contains("\"type\":\"incident\"").contains("\"kind\":\"kill_switch\"")
                    .contains("kill-switch.principal").contains("ops@shop.example").contains("refunds look wrong");

            // Bob's run was not named: it goes on.
            long bobBefore = bob.count("TICK");
            awaitTicks(bob, bobBefore + 5);
            assertThat(bob.process.isAlive()).isTrue();

            KillSwitch.Stop agent = kill.stop(KillSwitch.Scope.AGENT, "refunds", null, "oncall@shop.example");
            assertThat(bob.finish(30)).as("bob's replica ends; log: %s", bob.log()).isTrue();
            assertThat(bob.lines).anyMatch(l -> l.startsWith("OUTCOME TERMINATED_BY_POLICY"));
            assertThat(lastTick(bob)).isBefore(agent.stoppedAt().plus(REFRESH).plus(READ_SLACK));
            assertThat(Files.readString(bobAudit)).contains("kill-switch.agent").contains("oncall@shop.example");

            assertThat(kill.active()).extracting(KillSwitch.Stop::target).containsExactly("alice", "refunds");
            assertThat(kill.lift(KillSwitch.Scope.PRINCIPAL, "alice", "ops@shop.example")).isEqualTo(1);
            assertThat(kill.lift(KillSwitch.Scope.AGENT, "refunds", "ops@shop.example")).isEqualTo(1);
            assertThat(kill.active()).isEmpty();
        }
    }

    private static void awaitTicks(Replicas.Replica replica, long ticks) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (replica.count("TICK") < ticks && replica.process.isAlive() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertThat(replica.count("TICK")).as("ticks so far; log: %s", replica.log()).isGreaterThanOrEqualTo(ticks);
    }

    private static Instant lastTick(Replicas.Replica replica) {
        List<String> ticks = replica.matching("TICK ");
        return Instant.ofEpochMilli(Long.parseLong(ticks.get(ticks.size() - 1).substring(5)));
    }
}
