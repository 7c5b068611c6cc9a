package dev.leash.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time of {@link LeakScanBenchmark}'s scan (the leak detector reading a {@code save_note}
 * call's decoded views), read from the calling thread's CPU clock, so that a machine busy with
 * other work skews it less than a JMH score. For each text ({@code note}, {@code prose}), size
 * and number of secrets: a warm-up of {@code seconds}, then 9 batches of scans for about
 * {@code seconds} of CPU time in all; prints the best and the median CPU time per scan over the
 * batches.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.LeakScanCpuTime 3 note,prose 2048,1048576 3,1000</pre>
 */
public final class LeakScanCpuTime {

    private LeakScanCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        String[] texts = (args.length > 1 ? args[1] : "note,prose").split(",");
        int[] sizes = ints(args.length > 2 ? args[2] : "2048,1048576");
        int[] secretCounts = ints(args.length > 3 ? args[3] : "3,1000");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String text : texts) {
            for (int bytes : sizes) {
                for (int secrets : secretCounts) {
                    LeakScanBenchmark bench = new LeakScanBenchmark();
                    bench.text = text;
                    bench.bytes = bytes;
                    bench.secrets = secrets;
                    bench.setUp();
                    long warmUntil = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
                    while (threads.getCurrentThreadCpuTime() < warmUntil) {
                        bench.scan();
                    }
                    double[] batches = new double[9];
                    long budget = (long) (seconds * 1e9 / batches.length);
                    for (int b = 0; b < batches.length; b++) {
                        long start = threads.getCurrentThreadCpuTime();
                        int scans = 0;
                        long now;
                        // the clock is read every few scans: a read costs about a microsecond
                        int between = bytes <= 65536 ? 32 : 1;
                        do {
                            for (int i = 0; i < between; i++) {
                                bench.scan();
                            }
                            scans += between;
                            now = threads.getCurrentThreadCpuTime();
                        } while (now - start < budget);
                        batches[b] = (now - start) / 1e3 / scans;
                    }
                    Arrays.sort(batches);
                    System.out.printf("%-5s %8d B  secrets %5d  cpu best %10.2f  median %10.2f us/scan%n",
                            text, bytes, secrets, batches[0], batches[batches.length / 2]);
                }
            }
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
