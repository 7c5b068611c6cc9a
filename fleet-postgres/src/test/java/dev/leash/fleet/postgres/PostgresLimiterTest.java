package dev.leash.fleet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.StoreConfig;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared limiter's decisions, one process, on a real PostgreSQL. */
class PostgresLimiterTest {

    private static PostgresStore store;
    private static String url;
    private static SafetyConfig safety;

    @BeforeAll
    static void open() throws Exception {
        url = EmbeddedPostgresServer.shared().createDatabase("fleet_limiter");
        safety = LeashConfig.parse("""
                safety:
                  tools:
                    send_email: { rate: "2/min" }
                    ping: { budget: "2/run" }
                    issue_refund: { budget: { argument: amount, max: 1, per: day } }
                """, "leash.yaml").safety();
        store = PostgresStore.open(url, EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD,
                safety, "refunds", Duration.ofMillis(200));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static ProposedCall call(RunContext run, String tool, String args) {
        ObjectNode arguments;
        try {
            arguments = (ObjectNode) ToolCall.ARGUMENTS_MAPPER.readTree(args);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return new ProposedCall(ToolCall.of(tool, arguments), ToolSpec.of(tool, "", Impact.IRREVERSIBLE),
                Impact.IRREVERSIBLE, List.of(), OutboundContent.none(), run);
    }

    private static RunContext run(String principal) {
        return DefaultRunContext.of(principal, SafetyLevel.LEVEL_2);
    }

    @Test
    void exactDecimalsAndACallThatDidNotRunGivesItsAmountBack() {
        RunContext run = run("dana@shop.example");
        var limiter = store.limiter();
        assertThat(limiter.admit(call(run, "issue_refund", "{\"amount\": 0.1}"))).isEmpty();
        ProposedCall rejected = call(run, "issue_refund", "{\"amount\": 0.2}");
        assertThat(limiter.admit(rejected)).isEmpty();
        // 0.1 + 0.2 + 0.7 is exactly 1: within the budget, in binary floating point it would not be.
        limiter.release(rejected);
        assertThat(limiter.admit(call(run, "issue_refund", "{\"amount\": 0.2}"))).isEmpty();
        assertThat(limiter.admit(call(run, "issue_refund", "{\"amount\": 0.7}"))).isEmpty();
        Optional<Decision.Deny> over = limiter.admit(call(run, "issue_refund", "{\"amount\": 0.01}"));
        assertThat(over).get().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("safety.tools.issue_refund.budget");
            assertThat(d.reason()).contains("1.0 spent").contains("asks for 0.01");
        });
        assertThat(store.postgresLimiter().remaining("issue_refund", "dana@shop.example")).get()
                .satisfies(left -> assertThat(left).isEqualByComparingTo("0"));
        assertThat(store.postgresLimiter().remaining("issue_refund", "nobody@shop.example")).get()
                .satisfies(left -> assertThat(left).isEqualByComparingTo("1"));
        assertThat(store.postgresLimiter().remaining("send_email", "dana@shop.example")).isEmpty();
        // Another principal has a budget of its own.
        assertThat(limiter.admit(call(run("erin@shop.example"), "issue_refund", "{\"amount\": 1}"))).isEmpty();
    }

    @Test
    void anAmountThatCannotBeCountedIsDenied() {
        RunContext run = run("frank@shop.example");
        assertThat(store.limiter().admit(call(run, "issue_refund", "{\"amount\": -5}"))).get()
                .satisfies(d -> assertThat(d.reason()).contains("must be a number of at least 0"));
        assertThat(store.limiter().admit(call(run, "issue_refund", "{\"amount\": \"lots\"}"))).isPresent();
        assertThat(store.limiter().admit(call(run, "issue_refund", "{}"))).isPresent();
    }

    @Test
    void aPerRunBudgetCountsEachRunApart() {
        RunContext first = run("gina@shop.example");
        RunContext second = run("gina@shop.example");
        assertThat(store.limiter().admit(call(first, "ping", "{}"))).isEmpty();
        assertThat(store.limiter().admit(call(first, "ping", "{}"))).isEmpty();
        assertThat(store.limiter().admit(call(first, "ping", "{}"))).get()
                .satisfies(d -> assertThat(d.reason()).contains("this run").contains("used up"));
        assertThat(store.limiter().admit(call(second, "ping", "{}"))).isEmpty();
    }

    @Test
    void aRateIsSharedByTheDeploymentAndCountsAttempts() {
        ProposedCall a = call(run("hal@shop.example"), "send_email", "{}");
        assertThat(store.limiter().admit(a)).isEmpty();
        store.limiter().release(a);
        assertThat(store.limiter().admit(call(run("ivy@shop.example"), "send_email", "{}"))).isEmpty();
        assertThat(store.limiter().admit(call(run("jo@shop.example"), "send_email", "{}"))).get()
                .satisfies(d -> assertThat(d.rule()).isEqualTo("safety.tools.send_email.rate"));
    }

    @Test
    void aStoreThatCannotBeReachedFailsClosed() throws Exception {
        String other = EmbeddedPostgresServer.shared().createDatabase("fleet_closed");
        PostgresStore closed = PostgresStore.open(other, EmbeddedPostgresServer.SUPERUSER,
                EmbeddedPostgresServer.SUPERUSER_PASSWORD, safety, "refunds", Duration.ofMillis(50));
        closed.close();
        RunContext run = run("kim@shop.example");
        assertThatThrownBy(() -> closed.limiter().admit(call(run, "ping", "{}"))).isInstanceOf(IllegalStateException.class);
        // The kill switch cannot be read either: every run is stopped rather than left unchecked.
        assertThat(closed.stops().stopped(run)).get().satisfies(s -> assertThat(s.rule()).isEqualTo("kill-switch.unreadable"));
    }

    @Test
    void credentialsComeFromTheNamedEnvironmentVariables() {
        StoreConfig config = StoreConfig.postgres(url, "FLEET_USER", "FLEET_PASSWORD", "refunds", Duration.ofSeconds(1));
        assertThatThrownBy(() -> PostgresStore.open(config, SafetyConfig.defaults(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("FLEET_USER");
        try (PostgresStore opened = PostgresStore.open(config, SafetyConfig.defaults(), Map.of(
                "FLEET_USER", EmbeddedPostgresServer.SUPERUSER, "FLEET_PASSWORD", EmbeddedPostgresServer.SUPERUSER_PASSWORD))) {
            assertThat(opened.killSwitch().active()).isEmpty();
        }
    }

    @Test
    void theKillSwitchViewSeesAStopAfterItsRefreshAndALift() throws Exception {
        RunContext run = run("lee@shop.example");
        var view = store.killSwitch().check("refunds", Duration.ofMillis(200));
        assertThat(view.stopped(run)).isEmpty();
        store.killSwitch().stop(KillSwitch.Scope.RUN, run.runId(), "looping", "ops");
        Thread.sleep(250);
        assertThat(view.stopped(run)).get().satisfies(s -> {
            assertThat(s.rule()).isEqualTo("kill-switch.run");
            assertThat(s.stoppedBy()).isEqualTo("ops");
            assertThat(s.reason()).contains("looping");
        });
        assertThat(view.stopped(run("mia@shop.example"))).isEmpty();
        store.killSwitch().lift(KillSwitch.Scope.RUN, run.runId(), "ops");
        Thread.sleep(250);
        assertThat(view.stopped(run)).isEmpty();
    }
}
