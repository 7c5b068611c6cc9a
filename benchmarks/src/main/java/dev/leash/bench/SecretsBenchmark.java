package dev.leash.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.core.audit.SecretMasker;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import java.util.List;
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
 * Growth with the number of configured secrets: a Level 2 WRITE call (2 KB argument, 20
 * untrusted 2 KB observations) and the audit masker alone over the same 2 KB, against
 * langchain4j's unguarded call.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SecretsBenchmark -f 1 -wi 5 -w 1s -i 10 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SecretsBenchmark {

    @Param({"1", "10", "100", "1000"})
    public int secrets;

    private ToolExecutor level2;
    private DefaultRunContext run;
    private String writeJson;
    /** Arguments like it, one per call in turn: a run's calls differ ({@link Fixtures#variants}). */
    private String[] writes;
    private int calls;
    private String body;
    private SecretMasker masker;
    private DefaultToolExecutor lcWrite;
    private ToolExecutionRequest lcWriteRequest;

    @Setup
    public void setUp() {
        List<String> values = Fixtures.secrets(secrets);
        level2 = Fixtures.tier(SafetyLevel.LEVEL_2, values, AuditSink.discarding());
        run = Fixtures.run(SafetyLevel.LEVEL_2, 20, 2048);
        writeJson = Fixtures.noteJson(2048);
        writes = Fixtures.variants(writeJson);
        body = Fixtures.text(2048, 5);
        masker = SecretMasker.of(values);
        lcWrite = Fixtures.langchain4j("saveNote");
        lcWriteRequest = Fixtures.request("saveNote", writeJson);
        Fixtures.expectOk(levelTwoWrite(), "the Level 2 WRITE call");
    }

    @Benchmark
    public Observation levelTwoWrite() {
        return level2.execute(Fixtures.parse("save_note", writes[calls++ % writes.length]), run);
    }

    @Benchmark
    public String auditMasker() {
        return masker.redact(body);
    }

    @Benchmark
    public String langchain4jWrite() {
        return lcWrite.execute(lcWriteRequest, "memory-1");
    }
}
