package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.guards.LeakDetector;
import dev.leash.guards.SecretRegistry;
import dev.leash.guards.internal.CallViews;
import dev.leash.guards.internal.Views;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The leak detector's reading of views already decoded: {@link LeakDetector#scan(List)} over the
 * views of a {@code save_note} call, as the leak guard gets them from {@link CallViews}, with
 * {@code secrets} secrets of {@link Fixtures#secrets}. {@code note} is the Level 2 WRITE call's
 * note ({@link Fixtures#noteJson}, {@code bytes} long); {@code prose} is ordinary prose of varied
 * words of the same length (which, at 1 MB, holds short pieces of the secrets by chance: its
 * numbers). Decoding is not measured (it is done once in the setup).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LeakScanBenchmark -p bytes=2048 -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LeakScanBenchmark {

    @Param({"3", "1000"})
    public int secrets;

    @Param({"note", "prose"})
    public String text;

    @Param({"2048", "1048576"})
    public int bytes;

    private LeakDetector detector;
    private List<Views.View> views;

    @Setup
    public void setUp() {
        SecretRegistry registry = new SecretRegistry();
        Fixtures.secrets(secrets).forEach(registry::addValue);
        detector = new LeakDetector(registry);
        String json = "note".equals(text) ? Fixtures.noteJson(bytes)
                : Fixtures.JSON.createObjectNode().put("title", "Weekly summary")
                        .put("body", GuardBenchmark.prose(new Random(42), bytes)).toString();
        ToolCall call = Fixtures.parse("save_note", json);
        List<OutboundContent.Part> parts = new ArrayList<>();
        call.arguments().fields().forEachRemaining(f -> parts.add(new OutboundContent.Part("argument " + f.getKey(), f.getValue().asText())));
        DefaultRunContext run = new DefaultRunContext("run-bench", "alex@example.com", "s", "save a note",
                SafetyLevel.LEVEL_2, Instant.now().plusSeconds(3600));
        ProposedCall proposed = new ProposedCall(call, ToolSpec.of("save_note", "Saves a note", Impact.WRITE), Impact.WRITE,
                List.of(), OutboundContent.of(parts), run);
        views = CallViews.of(proposed);
        if (detector.scan(views).complete().isPresent()) {
            throw new IllegalStateException("the benchmark text must hold no secret");
        }
    }

    @Benchmark
    public LeakDetector.Scan scan() {
        return detector.scan(views);
    }
}
