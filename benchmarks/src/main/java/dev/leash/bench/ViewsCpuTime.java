package dev.leash.bench;

import dev.leash.guards.internal.Views;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time of {@code Views.of} on the texts of {@link ViewsBenchmark}, read from the calling
 * thread's CPU clock rather than the wall clock, so that a machine busy with other work skews it
 * less than a JMH score: warm-up for about {@code seconds} of CPU time per text, then batches for
 * about as long; prints the median CPU time per call over the batches.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.ViewsCpuTime 2 note,prose,note1m</pre>
 */
public final class ViewsCpuTime {

    private ViewsCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        String[] texts = (args.length > 1 ? args[1] : "note,prose,note1m").split(",");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String name : texts) {
            ViewsBenchmark benchmark = new ViewsBenchmark();
            benchmark.text = name;
            benchmark.setUp();
            long until = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
            while (threads.getCurrentThreadCpuTime() < until) {
                benchmark.viewsOf();
            }
            long views = 0;
            double[] batches = new double[9];
            for (int b = 0; b < batches.length; b++) {
                long start = threads.getCurrentThreadCpuTime();
                long end = start + (long) (seconds * 1e9 / batches.length);
                int calls = 0;
                long now;
                do {
                    views += benchmark.viewsOf().size();
                    calls++;
                    now = threads.getCurrentThreadCpuTime();
                } while (now < end);
                batches[b] = (now - start) / 1e3 / calls;
            }
            Arrays.sort(batches);
            System.out.printf("%-7s Views.of median %.1f us CPU (batches %.1f to %.1f; %d views)%n", name,
                    batches[batches.length / 2], batches[0], batches[batches.length - 1], views);
        }
    }
}
