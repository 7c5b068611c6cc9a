package dev.leash.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.tool.ToolRegistry;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What safety costs at the moment of action: the time one WRITE call takes through the guarded
 * executor of Level 2 (leak guard with secrets registered, taint guard against the run's
 * untrusted observations, Rule of Two, escalation guard, allowlists, impact gate, limiter,
 * write-ahead record), against the same executor with a single allow-all policy. The tool does
 * nothing, so the figures are Leash's own overhead (the tool runs on the calling thread under the
 * watchdog). {@code history} is how many untrusted observations (about 2 KB each) the run has read
 * before the call: the taint guard compares the call's arguments with all of them.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ExecutorBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecutorBenchmark {

    @Param({"0", "20"})
    public int history;

    private ToolExecutor level2;
    private ToolExecutor allowAll;
    private DefaultRunContext run;
    /** Calls that differ in their title and first words, one per call in turn, as a run's calls differ. */
    private ToolCall[] calls;
    private int next;

    @Setup
    public void setUp() {
        LeashConfig config = LeashConfig.parse("""
                safety:
                  secrets: { values: ["QS-7731-ALPHA", "pk_live_7Hq2ZxW9mVb3", "db-password-9f8e7d6c"] }
                """, "bench.yaml");
        AuditSink discard = AuditSink.discarding();
        Injector injector = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        Tools.bind(binder()).add(new Fixtures.Note());
                        bind(AuditSink.class).toInstance(discard);
                    }
                });
        level2 = injector.getInstance(ToolExecutor.class);
        allowAll = GuardedExecutor.builder()
                .registry(ToolRegistry.of(new Fixtures.Note()))
                .policies(PolicyChain.of(c -> Optional.of(Decision.allow("bench", "allow all"))))
                .audit(discard)
                .build();

        run = DefaultRunContext.of("alex@novastar.example", SafetyLevel.LEVEL_2);
        Random random = new Random(42);
        String[] words = ("quarterly report supplier invoice meeting schedule customer order shipment delay budget review "
                + "forecast team release incident postmortem roadmap contract renewal pricing").split(" ");
        for (int i = 0; i < history; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 2000) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            run.observe(Observation.ok(ToolCall.of("read_email", null), text.toString(),
                    Provenance.untrusted("mail m" + i + " from someone" + i + "@outside.example")));
        }
        StringBuilder body = new StringBuilder();
        while (body.length() < 1000) {
            body.append("We shipped the release and the incident review is booked for Thursday. ");
        }
        String[] variants = Fixtures.variants(JsonNodeFactory.instance.objectNode()
                .put("title", "Weekly summary").put("body", body.toString()).toString());
        calls = new ToolCall[variants.length];
        for (int k = 0; k < calls.length; k++) {
            calls[k] = Fixtures.parse("save_note", variants[k]);
        }
    }

    @Benchmark
    public Observation levelTwoWithGuards() {
        return level2.execute(calls[next++ % calls.length], run);
    }

    @Benchmark
    public Observation allowAllBaseline() {
        return allowAll.execute(calls[next++ % calls.length], run);
    }
}
