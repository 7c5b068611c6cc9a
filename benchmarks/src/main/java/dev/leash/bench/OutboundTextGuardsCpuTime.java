package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The CPU time of the taint guard and the escalation guard alone on the calls of {@link
 * OutboundTextGuardsBenchmark}, read from the calling thread's CPU clock rather than the wall
 * clock, so that a machine busy with other work skews it less than a JMH score. For each body
 * size: about {@code seconds} of warm-up, then 9 batches of about {@code seconds / 9} of CPU time
 * per guard, and the same for the whole Level 2 WRITE call through the executor (as {@link
 * ArgumentSizeBenchmark} makes it), for scale; prints the median CPU time per call over the
 * batches.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.OutboundTextGuardsCpuTime 2 2048,1048576</pre>
 */
public final class OutboundTextGuardsCpuTime {

    private OutboundTextGuardsCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "2048,1048576").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int bytes : sizes) {
            OutboundTextGuardsBenchmark bench = new OutboundTextGuardsBenchmark();
            bench.bytes = bytes;
            bench.setUp();
            measure("taint guard", bytes, seconds, bench::taintGuard);
            measure("escalation guard", bytes, seconds, bench::escalationGuard);
            // The whole Level 2 WRITE call of ArgumentSizeBenchmark with the same body, for scale.
            ToolExecutor level2 = Fixtures.tier(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding());
            DefaultRunContext run = Fixtures.run(SafetyLevel.LEVEL_2, 20, 2048);
            String writeJson = Fixtures.noteJson(bytes);
            Fixtures.expectOk(level2.execute(Fixtures.parse("save_note", writeJson), run), "the Level 2 WRITE call");
            measure("whole L2 call", bytes, seconds, () -> level2.execute(Fixtures.parse("save_note", writeJson), run));
        }
    }

    private static void measure(String what, int bytes, double seconds, Supplier<?> call) {
        double[] batches = CpuBatches.sortedMicros(seconds, call);
        System.out.printf("%-16s body %8d B  cpu %10.2f us/call (batches %.2f..%.2f)%n", what, bytes,
                batches[batches.length / 2], batches[0], batches[batches.length - 1]);
    }
}
