package dev.leash.bench;

import dev.leash.api.run.RunRequest;
import dev.leash.core.loop.AgentLoop;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The CPU time of one scripted run of {@link WholeRunBenchmark} (10 steps: 9 tool calls and the
 * answer, under the real Level 2 tier; langchain4j AiServices doing the same), read from a CPU
 * clock, so that a machine busy with other work skews it less than a JMH score: the calling
 * thread's ({@code thread}, the default: the loop and the guards run there) or the process's
 * ({@code process}: all its threads, the collector's and the compiler's included). Both sides are set up as the benchmark sets them up; a warm-up of {@code seconds} each,
 * then 9 batches of runs for about {@code seconds} of CPU time in all; prints the best and the
 * median CPU time per run over the batches, and their ratio.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.WholeRunCpuTime 4 thread</pre>
 */
public final class WholeRunCpuTime {

    private WholeRunCpuTime() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        boolean process = args.length > 1 && "process".equals(args[1]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.util.function.LongSupplier clock = process ? os::getProcessCpuTime
                : ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
        WholeRunBenchmark bench = new WholeRunBenchmark();
        bench.setUp();
        AgentLoop leash = (AgentLoop) field(bench, "leash");
        WholeRunBenchmark.Assistant langchain4j = (WholeRunBenchmark.Assistant) field(bench, "langchain4j");
        RunRequest request = RunRequest.of("file the notes", "alex@novastar.example");
        double[] leashRun = measure(clock, seconds, () -> leash.run(request));
        double[] langchain4jRun = measure(clock, seconds, () -> langchain4j.chat("file the notes"));
        System.out.printf("leash        cpu best %9.1f  median %9.1f us/run%n", leashRun[0], leashRun[1]);
        System.out.printf("langchain4j  cpu best %9.1f  median %9.1f us/run%n", langchain4jRun[0], langchain4jRun[1]);
        System.out.printf("ratio (medians) %.2f%n", leashRun[1] / langchain4jRun[1]);
    }

    private static Object field(WholeRunBenchmark bench, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = WholeRunBenchmark.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(bench);
    }

    /** {best, median} CPU microseconds per run of {@code run}. */
    private static double[] measure(java.util.function.LongSupplier clock, double seconds, Runnable run) {
        long warmUntil = clock.getAsLong() + (long) (seconds * 1e9);
        while (clock.getAsLong() < warmUntil) {
            run.run();
        }
        double[] batches = new double[9];
        long budget = (long) (seconds * 1e9 / batches.length);
        for (int b = 0; b < batches.length; b++) {
            long start = clock.getAsLong();
            int runs = 0;
            long now;
            do {
                for (int i = 0; i < 8; i++) {
                    run.run();
                }
                runs += 8;
                now = clock.getAsLong();
            } while (now - start < budget);
            batches[b] = (now - start) / 1e3 / runs;
        }
        Arrays.sort(batches);
        return new double[] {batches[0], batches[batches.length / 2]};
    }
}
