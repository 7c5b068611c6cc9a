package dev.leash.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.tool.ToolRegistry;
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
 * One call through the real tier against langchain4j's {@code DefaultToolExecutor} running the
 * same {@code @Tool} method, in the same run. Every side starts from the JSON arguments a model
 * sends (Leash parses them into a call, langchain4j into the method's parameters).
 *
 * <ul>
 *   <li>{@code levelOneRead}: a READ call at Level 1;
 *   <li>{@code levelTwoWrite}: a WRITE call with a {@code noteBytes} argument at Level 2 after
 *       {@code history} untrusted observations of {@code observationBytes} each (the issue's
 *       reference point is 2 KB and 20);
 *   <li>{@code allowAll}: the executor with one allow-all policy and no guards;
 *   <li>{@code langchain4jRead} / {@code langchain4jWrite}: langchain4j, unguarded.
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GuardedCallBenchmark -f 1 -wi 5 -w 1s -i 10 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuardedCallBenchmark {

    @Param({"0", "10", "20", "100", "1000"})
    public int history;

    @Param({"2048", "65536"})
    public int observationBytes;

    @Param({"2048"})
    public int noteBytes;

    private ToolExecutor level1;
    private ToolExecutor level2;
    private ToolExecutor allowAll;
    private DefaultRunContext run1;
    private DefaultRunContext run2;
    private String readJson;
    private String writeJson;
    /** Arguments like them, one per call in turn: a run's calls differ ({@link Fixtures#variants}). */
    private String[] reads;
    private String[] writes;
    private int calls;
    private DefaultToolExecutor lcRead;
    private DefaultToolExecutor lcWrite;
    private ToolExecutionRequest lcReadRequest;
    private ToolExecutionRequest lcWriteRequest;

    @Setup
    public void setUp() {
        List<String> secrets = Fixtures.secrets(3);
        level1 = Fixtures.tier(SafetyLevel.LEVEL_1, secrets, AuditSink.discarding());
        level2 = Fixtures.tier(SafetyLevel.LEVEL_2, secrets, AuditSink.discarding());
        allowAll = GuardedExecutor.builder()
                .registry(ToolRegistry.of(new Fixtures.Lookup(), new Fixtures.Note()))
                .policies(PolicyChain.of(c -> Optional.of(Decision.allow("bench", "allow all"))))
                .audit(AuditSink.discarding())
                .build();
        run1 = Fixtures.run(SafetyLevel.LEVEL_1, history, observationBytes);
        run2 = Fixtures.run(SafetyLevel.LEVEL_2, history, observationBytes);
        readJson = "{\"query\":\"order 2291 status\"}";
        writeJson = Fixtures.noteJson(noteBytes);
        writes = Fixtures.variants(writeJson);
        reads = new String[writes.length];
        for (int k = 0; k < reads.length; k++) {
            reads[k] = "{\"query\":\"order " + (2291 + k) + " status\"}";
        }
        lcRead = Fixtures.langchain4j("lookup");
        lcWrite = Fixtures.langchain4j("saveNote");
        lcReadRequest = Fixtures.request("lookup", readJson);
        lcWriteRequest = Fixtures.request("saveNote", writeJson);
        Fixtures.expectOk(levelOneRead(), "the Level 1 READ call");
        Fixtures.expectOk(levelTwoWrite(), "the Level 2 WRITE call");
        Fixtures.expectOk(allowAll(), "the allow-all call");
    }

    @Benchmark
    public Observation levelOneRead() {
        return level1.execute(Fixtures.parse("lookup", reads[calls++ % reads.length]), run1);
    }

    @Benchmark
    public Observation levelTwoWrite() {
        return level2.execute(Fixtures.parse("save_note", writes[calls++ % writes.length]), run2);
    }

    @Benchmark
    public Observation allowAll() {
        return allowAll.execute(Fixtures.parse("save_note", writes[calls++ % writes.length]), run2);
    }

    @Benchmark
    public String langchain4jRead() {
        return lcRead.execute(lcReadRequest, "memory-1");
    }

    @Benchmark
    public String langchain4jWrite() {
        return lcWrite.execute(lcWriteRequest, "memory-1");
    }
}
