package dev.leash.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The CPU-time measurement the main-class tools share: warm-up for about {@code seconds} of the
 * calling thread's CPU time, then 9 batches for about as long in all, each the CPU time per call
 * of the calls it made. Read from the thread's CPU clock rather than the wall clock, so that a
 * machine busy with other work skews it less than a JMH score.
 */
final class CpuBatches {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuBatches() {
    }

    /** Microseconds of CPU time per call in each of 9 batches, sorted (the median is {@code [4]}). */
    static double[] sortedMicros(double seconds, Supplier<?> call) {
        long budget = (long) (seconds * 1e9);
        long until = THREADS.getCurrentThreadCpuTime() + budget;
        Object sink = null;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            sink = call.get();
        }
        double[] batches = new double[9];
        for (int b = 0; b < batches.length; b++) {
            long start = THREADS.getCurrentThreadCpuTime();
            int calls = 0;
            long now;
            do {
                sink = call.get();
                calls++;
                now = THREADS.getCurrentThreadCpuTime();
            } while (now - start < budget / batches.length);
            batches[b] = (now - start) / 1e3 / calls;
        }
        if (sink == null) {
            throw new IllegalStateException("the measured call returned null");
        }
        Arrays.sort(batches);
        return batches;
    }
}
