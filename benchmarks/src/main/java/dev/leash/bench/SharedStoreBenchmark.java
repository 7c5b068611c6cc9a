package dev.leash.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.StopCheck;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.fleet.postgres.PostgresStore;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.limit.TierLimiter;
import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What sharing limits between replicas costs per call: one call's admission by the argument
 * budget {@code issue_refund: {budget: {argument: amount, ...}}} and the counted budget of
 * {@code ping}, then its release (so the state stays the same from call to call), in the
 * in-process {@link TierLimiter} and in the PostgreSQL {@link PostgresStore} (one transaction per
 * admission, one {@code DELETE} per release, on an embedded PostgreSQL on this machine), side by
 * side; and the kill-switch check the executor makes twice per call. {@code spent} is how many
 * spendings the budget already holds in its window (the shared store sums them per call).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SharedStoreBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SharedStoreBenchmark {

    @Param({"0", "1000"})
    public int spent;

    private EmbeddedPostgresServer server;
    private PostgresStore store;
    private CallLimiter inProcess;
    private StopCheck stops;
    private ProposedCall refund;
    private ProposedCall ping;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SafetyConfig safety = LeashConfig.parse("""
                safety:
                  tools:
                    issue_refund: { budget: { argument: amount, max: 1000000000, per: day } }
                    ping: { budget: "1000000000/day" }
                """, "bench.yaml").safety();
        server = EmbeddedPostgresServer.start();
        String url = server.createDatabase("bench");
        store = PostgresStore.open(url, EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD,
                safety, "bench", Duration.ofSeconds(1));
        inProcess = TierLimiter.of(safety);
        stops = store.stops();
        DefaultRunContext run = DefaultRunContext.of("support@shop.example", SafetyLevel.LEVEL_2);
        refund = new ProposedCall(ToolCall.of("issue_refund", JsonNodeFactory.instance.objectNode().put("amount", 12.5)),
                ToolSpec.of("issue_refund", "", Impact.IRREVERSIBLE), Impact.IRREVERSIBLE, List.of(),
                OutboundContent.none(), run);
        ping = new ProposedCall(ToolCall.of("ping", JsonNodeFactory.instance.objectNode()),
                ToolSpec.of("ping", "", Impact.READ), Impact.READ, List.of(), OutboundContent.none(), run);
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO leash_spending (rule, budget_key, amount, spent_at)"
                     + " SELECT ?, ?, 1.25, clock_timestamp() FROM generate_series(1, ?)")) {
            for (String rule : List.of("safety.tools.issue_refund.budget", "safety.tools.ping.budget")) {
                s.setString(1, rule);
                s.setString(2, "support@shop.example");
                s.setInt(3, spent);
                s.executeUpdate();
            }
        }
        for (int i = 0; i < spent; i++) {
            inProcess.admit(refund);
            inProcess.settle(refund);
            inProcess.admit(ping);
            inProcess.settle(ping);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        server.close();
    }

    @Benchmark
    public Object argumentBudgetInProcess() {
        return admitAndRelease(inProcess, refund);
    }

    @Benchmark
    public Object argumentBudgetPostgres() {
        return admitAndRelease(store.limiter(), refund);
    }

    @Benchmark
    public Object callBudgetInProcess() {
        return admitAndRelease(inProcess, ping);
    }

    @Benchmark
    public Object callBudgetPostgres() {
        return admitAndRelease(store.limiter(), ping);
    }

    @Benchmark
    public Object killSwitchCheck() {
        return stops.stopped(refund.run());
    }

    private static Object admitAndRelease(CallLimiter limiter, ProposedCall call) {
        Optional<?> denied = limiter.admit(call);
        if (denied.isPresent()) {
            throw new IllegalStateException("the benchmark's budget ran out: " + denied.get());
        }
        limiter.release(call);
        return denied;
    }
}
