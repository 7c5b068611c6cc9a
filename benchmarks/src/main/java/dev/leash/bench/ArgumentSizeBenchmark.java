package dev.leash.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
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
 * Growth with the size of the outbound argument: a Level 2 WRITE call whose body is {@code bytes}
 * long (after 20 untrusted 2 KB observations), against langchain4j parsing and passing the same
 * argument to the same method. The body is prose ({@code kind = note}), the same prose in
 * paragraphs, as a letter is written ({@code kind = letter}: JSON writes it with escapes), or, as
 * a mail's attachment is written, MIME base64 of random bytes ({@code kind = base64}), which every
 * decoder of the guards has runs to read in, or prose in Russian ({@code kind = russian}), whose
 * every character lies outside ASCII. Leash's calls take such arguments in turn that differ
 * in their title and first words ({@link Fixtures#variants}), as a run's calls differ.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ArgumentSizeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArgumentSizeBenchmark {

    @Param({"1024", "10240", "102400", "1048576"})
    public int bytes;

    @Param({"note", "letter", "base64", "russian"})
    public String kind = "note";

    private ToolExecutor level2;
    private DefaultRunContext run;
    private String writeJson;
    /** Arguments like it, one per call in turn ({@link Fixtures#variants}). */
    private String[] writes;
    private int calls;
    private DefaultToolExecutor lcWrite;
    private ToolExecutionRequest lcWriteRequest;

    @Setup
    public void setUp() {
        level2 = Fixtures.tier(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding());
        run = Fixtures.run(SafetyLevel.LEVEL_2, 20, 2048);
        writeJson = switch (kind) {
            case "base64" -> Fixtures.attachmentJson(bytes);
            case "letter" -> Fixtures.letterJson(bytes);
            case "note" -> Fixtures.noteJson(bytes);
            case "russian" -> Fixtures.russianJson(bytes);
            default -> throw new IllegalArgumentException("kind must be note, letter, base64 or russian: " + kind);
        };
        lcWrite = Fixtures.langchain4j("saveNote");
        writes = Fixtures.variants(writeJson);
        lcWriteRequest = Fixtures.request("saveNote", writeJson);
        Fixtures.expectOk(levelTwoWrite(), "the Level 2 WRITE call");
    }

    @Benchmark
    public Observation levelTwoWrite() {
        return level2.execute(Fixtures.parse("save_note", writes[calls++ % writes.length]), run);
    }

    @Benchmark
    public String langchain4jWrite() {
        return lcWrite.execute(lcWriteRequest, "memory-1");
    }
}
