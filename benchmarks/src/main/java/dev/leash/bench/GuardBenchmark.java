package dev.leash.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.guards.EscalationSignals;
import dev.leash.guards.LeakGuard;
import dev.leash.guards.SecretRegistry;
import java.time.Instant;
import java.util.List;
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
 * The leak guard alone, on one outbound call ({@code http_post} of a body of {@code size}
 * characters of ordinary text with no secret in it: the common case, every view decoded and read),
 * with {@code secrets} registered secrets; and the escalation signals on a 2 KB argument. The
 * figures a user pays per call for leak protection, apart from the executor.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GuardBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuardBenchmark {

    @Param({"1", "1000"})
    public int secrets;

    @Param({"1024", "1048576"})
    public int size;

    private LeakGuard leak;
    private ProposedCall call;
    private EscalationSignals signals;
    private String argument;

    static String prose(Random random, int size) {
        String[] words = {"the", "quarterly", "report", "shows", "revenue", "grew", "by", "twelve", "percent", "and",
            "churn", "fell", "order", "100234577", "ships", "on", "Monday", "please", "review", "attached", "plan",
            "for", "platform", "team", "budget", "EUR", "4.2M", "risk", "supplier", "delays", "cloud", "costs"};
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        return text.substring(0, size);
    }

    @Setup
    public void setUp() {
        Random random = new Random(42);
        SecretRegistry registry = new SecretRegistry();
        for (int i = 0; i < secrets; i++) {
            StringBuilder value = new StringBuilder("sk-live-");
            for (int k = 0; k < 24; k++) {
                value.append("abcdefghijkmnpqrstuvwxyz23456789".charAt(random.nextInt(32)));
            }
            registry.addValue(value.toString());
        }
        leak = new LeakGuard(registry);
        String body = prose(random, size);
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("url", "https://api.example.com/notes").put("body", body);
        DefaultRunContext run = new DefaultRunContext("run-bench", "alex@example.com", "s", "post the notes",
                SafetyLevel.LEVEL_2, Instant.now().plusSeconds(3600));
        call = new ProposedCall(ToolCall.of("http_post", args), ToolSpec.of("http_post", "POST", Impact.WRITE), Impact.WRITE,
                List.of(Target.host("api.example.com")),
                OutboundContent.of(List.of(new OutboundContent.Part("argument url", "https://api.example.com/notes"),
                        new OutboundContent.Part("argument body", body))), run);
        signals = new EscalationSignals(List.of("OPENAI_API_KEY"));
        argument = prose(random, 2048);
        if (leak.evaluate(call).isPresent()) {
            throw new IllegalStateException("the benchmark text must hold no secret");
        }
    }

    @Benchmark
    public Optional<Decision> leakGuard() {
        // A new call each time: the guards share decoding per call, never across calls.
        ProposedCall fresh = new ProposedCall(call.call(), call.spec(), call.impact(), call.targets(), call.outbound(), call.run());
        return leak.evaluate(fresh);
    }

    @Benchmark
    public Object escalationSignals2k() {
        return signals.scan(argument);
    }
}
