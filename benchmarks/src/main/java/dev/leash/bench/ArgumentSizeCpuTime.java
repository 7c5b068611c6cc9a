package dev.leash.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time of {@link ArgumentSizeBenchmark}'s Level 2 WRITE call and of langchain4j's call with
 * the same argument, read from the calling thread's CPU clock (the guards run there), so that a
 * machine busy with other work skews it less than a JMH score. For each size: a warm-up of
 * {@code seconds} per side, then 9 batches of calls for about {@code seconds} of CPU time in all;
 * prints the best and the median CPU time per call over the batches, and the ratio of the medians.
 * A third argument names the kinds of body ({@code note}, {@code letter}, {@code base64}, {@code russian}; {@code note} if none).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.ArgumentSizeCpuTime 3 1024,1048576 note,base64</pre>
 */
public final class ArgumentSizeCpuTime {

    private ArgumentSizeCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "1024,1048576").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] kinds = (args.length > 2 ? args[2] : "note").split(",");
        for (String kind : kinds) {
            for (int bytes : sizes) {
                ArgumentSizeBenchmark bench = new ArgumentSizeBenchmark();
                bench.bytes = bytes;
                bench.kind = kind;
                bench.setUp();
                double[] leash = measure(seconds, bench::levelTwoWrite);
                double[] langchain4j = measure(seconds, bench::langchain4jWrite);
                System.out.printf("%-6s %8d B  leash cpu best %10.1f median %10.1f us  langchain4j best %9.1f median %9.1f us  ratio %.2f%n",
                        kind, bytes, leash[0], leash[1], langchain4j[0], langchain4j[1], leash[1] / langchain4j[1]);
            }
        }
    }

    /** {best, median} CPU microseconds per call of {@code call}. */
    private static double[] measure(double seconds, Runnable call) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUntil = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
        while (threads.getCurrentThreadCpuTime() < warmUntil) {
            call.run();
        }
        double[] batches = new double[9];
        long budget = (long) (seconds * 1e9 / batches.length);
        for (int b = 0; b < batches.length; b++) {
            long start = threads.getCurrentThreadCpuTime();
            int calls = 0;
            long now;
            do {
                call.run();
                calls++;
                now = threads.getCurrentThreadCpuTime();
            } while (now - start < budget);
            batches[b] = (now - start) / 1e3 / calls;
        }
        Arrays.sort(batches);
        return new double[] {batches[0], batches[batches.length / 2]};
    }
}
