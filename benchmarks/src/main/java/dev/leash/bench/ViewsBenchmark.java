package dev.leash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.guards.internal.Views;
import java.io.UncheckedIOException;
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
 * The leak guard's decoding alone ({@code Views.of}) on the text a guarded call's views are
 * decoded from: each outbound part followed by a line feed, then the arguments as JSON with the
 * string values that are parts left empty (as {@code CallViews} builds it). {@code text}:
 * {@code note} is the Level 2 WRITE call of {@link GuardedCallBenchmark} ({@code noteJson(2048)}),
 * {@code note1m} the 1 MB call of {@link ArgumentSizeBenchmark}, {@code base64m} its 1 MB call with
 * an attachment's MIME base64 ({@code kind = base64}), {@code prose} 2 KB of varied prose with
 * numbers (no sentence repeats).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ViewsBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ViewsBenchmark {

    @Param({"note", "prose", "note1m", "base64m"})
    public String text;

    private String input;

    @Setup
    public void setUp() {
        input = switch (text) {
            case "note" -> callText(Fixtures.noteJson(2048));
            case "note1m" -> callText(Fixtures.noteJson(1 << 20));
            case "base64m" -> callText(Fixtures.attachmentJson(1 << 20));
            case "prose" -> callText(Fixtures.JSON.createObjectNode().put("title", "Weekly summary")
                    .put("body", GuardBenchmark.prose(new Random(3), 2048)).toString());
            default -> throw new IllegalArgumentException("unknown text " + text);
        };
    }

    /** The outbound parts (each argument as text, by default), then the JSON without them. */
    static String callText(String argumentsJson) {
        try {
            JsonNode arguments = Fixtures.JSON.readTree(argumentsJson);
            StringBuilder all = new StringBuilder();
            com.fasterxml.jackson.databind.node.ObjectNode rest = Fixtures.JSON.createObjectNode();
            arguments.fields().forEachRemaining(f -> {
                all.append(f.getValue().asText()).append('\n');
                rest.put(f.getKey(), "");
            });
            return all.append(rest).toString();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public List<Views.View> viewsOf() {
        return Views.of(input);
    }
}
