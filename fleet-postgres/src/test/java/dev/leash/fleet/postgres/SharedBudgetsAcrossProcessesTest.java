package dev.leash.fleet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three replicas in three JVMs spend one budget of 100 calls and one of 500.00, one of them killed midway. */
class SharedBudgetsAcrossProcessesTest {

    @TempDir
    Path dir;

    @Test
    void threeProcessesAdmitExactlyTheBudgetEvenWhenOneIsKilled() throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.shared();
        String url = pg.createDatabase("fleet_spend");
        List<Replicas.Replica> replicas = List.of(
                Replicas.start(Files.createFile(dir.resolve("a.log")), "spend", url),
                Replicas.start(Files.createFile(dir.resolve("b.log")), "spend", url),
                Replicas.start(Files.createFile(dir.resolve("c.log")), "spend", url));
        Replicas.Replica victim = replicas.get(0);
        Instant ready = Instant.now().plus(Duration.ofSeconds(90));
        for (Replicas.Replica r : replicas) {
            while (!r.lines.contains("READY") && r.process.isAlive() && Instant.now().isBefore(ready)) {
                Thread.sleep(20);
            }
            assertThat(r.lines).as("replica ready; log: %s", r.log()).contains("READY");
        }
        for (Replicas.Replica r : replicas) {
            r.send("GO");
        }

        // Kill one replica once it is well into its work, while the others keep spending.
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (victim.count("EXEC refund") < 15 && victim.process.isAlive() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertThat(victim.process.isAlive()).as("the first replica is still working when it is killed; it printed %s; log: %s",
                victim.lines, victim.log()).isTrue();
        victim.process.destroyForcibly();
        for (Replicas.Replica survivor : replicas.subList(1, 3)) {
            assertThat(survivor.finish(120)).as("a surviving replica finishes; log: %s", survivor.log()).isTrue();
            assertThat(survivor.process.exitValue()).as("exit of a survivor; log: %s", survivor.log()).isZero();
            assertThat(survivor.lines).contains("DONE");
        }

        // What the store admitted: exactly the budgets, to the cent.
        try (Connection c = pg.superuser("fleet_spend"); Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT count(*) FROM leash_spending WHERE rule = 'safety.tools.ping.budget'"))
                    .isEqualByComparingTo("100");
            assertThat(scalar(s, "SELECT sum(amount) FROM leash_spending WHERE rule = 'safety.tools.issue_refund.budget'"))
                    .isEqualByComparingTo("500.00");
        }

        // What ran: never more than was admitted, and the killed replica lost at most the call it was in.
        long pings = replicas.stream().mapToLong(r -> r.count("EXEC ping")).sum();
        BigDecimal refunded = replicas.stream().flatMap(r -> r.matching("EXEC refund ").stream())
                .map(l -> new BigDecimal(l.substring("EXEC refund ".length())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(pings).isBetween(99L, 100L);
        assertThat(refunded).isLessThanOrEqualTo(new BigDecimal("500.00"))
                .isGreaterThanOrEqualTo(new BigDecimal("497.65"));
        // Every replica took part: the budget really was shared.
        for (Replicas.Replica r : replicas) {
            assertThat(r.count("EXEC refund")).isPositive();
        }
    }

    private static BigDecimal scalar(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBigDecimal(1);
        }
    }
}
