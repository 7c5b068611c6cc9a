package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time of the Level 2 WRITE call of {@link GuardedCallBenchmark} after {@code history}
 * untrusted observations, read from the calling thread's CPU clock rather than the wall clock, so
 * that a machine busy with other work skews it less than a JMH score. For each history (0, 10,
 * 100, 1000 by default) and observation size: one call to bring the guards up to date with the
 * history (not counted), then batches of calls for about {@code seconds} of CPU time; prints the
 * median CPU time per call over the batches and its ratio to the empty history.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.CallCpuTime 2 2048,65536 0,10,100,1000</pre>
 */
public final class CallCpuTime {

    private CallCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int[] sizes = ints(args.length > 1 ? args[1] : "2048,65536");
        int[] histories = ints(args.length > 2 ? args[2] : "0,10,100,1000");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ToolExecutor level2 = Fixtures.tier(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding());
        String[] writes = Fixtures.variants(Fixtures.noteJson(2048)); // a run's calls differ: one in turn
        int[] next = {0};
        // Warm up on a small run.
        DefaultRunContext warm = Fixtures.run(SafetyLevel.LEVEL_2, 10, 2048);
        long warmUntil = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
        while (threads.getCurrentThreadCpuTime() < warmUntil) {
            level2.execute(Fixtures.parse("save_note", writes[next[0]++ % writes.length]), warm);
        }
        for (int bytes : sizes) {
            double empty = Double.NaN;
            for (int history : histories) {
                DefaultRunContext run = Fixtures.run(SafetyLevel.LEVEL_2, history, bytes);
                Fixtures.expectOk(level2.execute(Fixtures.parse("save_note", writes[next[0]++ % writes.length]), run), "the Level 2 WRITE call");
                double[] batches = new double[9];
                long budget = (long) (seconds * 1e9 / batches.length);
                for (int b = 0; b < batches.length; b++) {
                    long start = threads.getCurrentThreadCpuTime();
                    int calls = 0;
                    long now;
                    do {
                        Fixtures.expectOk(level2.execute(Fixtures.parse("save_note", writes[next[0]++ % writes.length]), run), "the Level 2 WRITE call");
                        calls++;
                        now = threads.getCurrentThreadCpuTime();
                    } while (now - start < budget);
                    batches[b] = (now - start) / 1e3 / calls;
                }
                Arrays.sort(batches);
                double median = batches[batches.length / 2];
                if (history == 0) {
                    empty = median;
                }
                System.out.printf("observations %6d B  history %5d  cpu %10.1f us/call (batches %.1f..%.1f)  x%.2f of history 0%n",
                        bytes, history, median, batches[0], batches[batches.length - 1], median / empty);
                run.end();
            }
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
