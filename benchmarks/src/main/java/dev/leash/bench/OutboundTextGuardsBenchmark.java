package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.guards.EscalationGuard;
import dev.leash.guards.TaintGuard;
import java.util.List;
import java.util.Optional;
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
 * The guards that read a call's outbound text word by word, alone: the taint guard and the
 * escalation guard on the Level 2 WRITE call of {@link GuardedCallBenchmark} (a note whose body
 * has {@code bytes} bytes, after 20 untrusted observations of 2 KB), without the executor and the
 * other guards. Both calls are allowed, so every word is read.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar OutboundTextGuardsBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboundTextGuardsBenchmark {

    @Param({"2048", "1048576"})
    public int bytes;

    private TaintGuard taint;
    private EscalationGuard escalation;
    private ProposedCall call;

    @Setup
    public void setUp() {
        DefaultRunContext run = Fixtures.run(SafetyLevel.LEVEL_2, 20, 2048);
        ToolCall toolCall = Fixtures.parse("save_note", Fixtures.noteJson(bytes));
        OutboundContent outbound = OutboundContent.of(List.of(
                new OutboundContent.Part("argument title", toolCall.arguments().get("title").asText()),
                new OutboundContent.Part("argument body", toolCall.arguments().get("body").asText())));
        call = new ProposedCall(toolCall, ToolSpec.of("save_note", "Saves a note", Impact.WRITE), Impact.WRITE, List.of(),
                outbound, run);
        taint = new TaintGuard();
        escalation = new EscalationGuard(AuditSink.discarding());
        if (taintGuard().isPresent() || escalationGuard().isPresent()) {
            throw new IllegalStateException("the benchmark call must be allowed by both guards");
        }
    }

    @Benchmark
    public Optional<Decision> taintGuard() {
        return taint.evaluate(call);
    }

    @Benchmark
    public Optional<Decision> escalationGuard() {
        return escalation.evaluate(call);
    }
}
