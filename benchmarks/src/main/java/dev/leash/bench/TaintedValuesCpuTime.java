package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.guards.TaintGuard;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU time of the taint guard alone on the note call of {@link OutboundTextGuardsBenchmark},
 * once after 20 untrusted mails of plain words (nothing tainted but their fragments) and once
 * after the same mails each also holding decisive values (an e-mail address, a link, an IBAN, an
 * account number, an amount), so that every view of the argument is also looked for tainted
 * values. The note holds none of them: both calls are allowed. Read from the calling thread's
 * CPU clock: about {@code seconds} of warm-up, then 9 batches; prints the median per call.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.TaintedValuesCpuTime 1.5 2048,1048576</pre>
 */
public final class TaintedValuesCpuTime {

    private TaintedValuesCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "2048,1048576").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int bytes : sizes) {
            for (boolean values : new boolean[] {false, true}) {
                DefaultRunContext run = new DefaultRunContext("run-values-" + values, "alex@novastar.example", "bench", "bench",
                        SafetyLevel.LEVEL_2, java.time.Instant.now().plusSeconds(365L * 24 * 3600));
                for (int i = 0; i < 20; i++) {
                    String mail = Fixtures.text(2048, i) + (values ? " Pay EUR 9,8" + i + "0.00 to IBAN DE89 3704 0044 0532 0130 " + (10 + i)
                            + ", account number 4402 1187 66" + (10 + i) + ", write to billing" + i + "@outside.example or see"
                            + " https://pay" + i + ".outside.example/invoice" : "");
                    run.observe(Observation.ok(ToolCall.of("read_email", null), mail,
                            Provenance.untrusted("mail m" + i + " from someone" + i + "@outside.example")));
                }
                ToolCall toolCall = Fixtures.parse("save_note", Fixtures.noteJson(bytes));
                OutboundContent outbound = OutboundContent.of(List.of(
                        new OutboundContent.Part("argument title", toolCall.arguments().get("title").asText()),
                        new OutboundContent.Part("argument body", toolCall.arguments().get("body").asText())));
                ProposedCall call = new ProposedCall(toolCall, ToolSpec.of("save_note", "Saves a note", Impact.WRITE), Impact.WRITE,
                        List.of(), outbound, run);
                TaintGuard taint = new TaintGuard();
                if (taint.evaluate(call).isPresent()) {
                    throw new IllegalStateException("the benchmark call must be allowed by the taint guard");
                }
                measure(values ? "with values" : "words only", bytes, seconds, () -> taint.evaluate(call));
            }
        }
    }

    private static void measure(String what, int bytes, double seconds, java.util.function.Supplier<?> call) {
        double[] batches = CpuBatches.sortedMicros(seconds, call);
        System.out.printf("taint guard, %-12s body %8d B  cpu %10.2f us/call (batches %.2f..%.2f)%n", what, bytes,
                batches[batches.length / 2], batches[0], batches[batches.length - 1]);
    }
}
