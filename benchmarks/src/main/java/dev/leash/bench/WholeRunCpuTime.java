package dev.leash.bench;

import dev.langchain4j.service.AiServices;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Step;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.plan.ScriptedPlanner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole runs of {@link WholeRunBenchmark} (9 calls, a READ lookup and a distinct 2 KB WRITE
 * note in turn, then the answer, under the real Level 2 tier, against langchain4j AiServices
 * doing the same tool calls with a scripted model), timed by the calling thread's CPU clock
 * rather than the wall clock, so that a machine busy with other work skews the ratio less than a
 * JMH score. Both sides run on the calling thread (the loop plans and calls tools on it). Warms
 * both up for {@code seconds} of CPU time each, then alternates batches of runs of the two sides
 * for about {@code seconds} each and prints the median CPU time per run over the batches, the
 * wall time per run of the same batches, and the ratio.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.leash.bench.WholeRunCpuTime 4</pre>
 */
public final class WholeRunCpuTime {

    private static final int BATCHES = 9;

    private WholeRunCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        String[][] notes = new String[WholeRunBenchmark.SCRIPTS][WholeRunBenchmark.CALLS];
        List<List<Step>> scripts = new ArrayList<>();
        for (int s = 0; s < WholeRunBenchmark.SCRIPTS; s++) {
            List<Step> script = new ArrayList<>();
            for (int i = 0; i < WholeRunBenchmark.CALLS; i++) {
                notes[s][i] = WholeRunBenchmark.note(s, i);
                script.add(Step.call(i % 2 == 0
                        ? Fixtures.parse("call-" + i, "lookup", "{\"query\":\"order " + i + "\"}")
                        : Fixtures.parse("call-" + i, "save_note", notes[s][i])));
            }
            script.add(Step.finish("done"));
            scripts.add(List.copyOf(script));
        }
        int[] next = {0};
        AgentLoop leash = Fixtures.agent(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding(),
                request -> new ScriptedPlanner(scripts.get(next[0]++ % WholeRunBenchmark.SCRIPTS)));
        WholeRunBenchmark.Assistant langchain4j = AiServices.builder(WholeRunBenchmark.Assistant.class)
                .chatModel(new WholeRunBenchmark.ScriptedChatModel(notes))
                .tools(new Fixtures.Langchain4jTools())
                .build();
        Runnable leashRun = () -> {
            RunResult result = leash.run(RunRequest.of("file the notes", "alex@novastar.example"));
            if (result.outcome() != Outcome.COMPLETED || result.counts().executedCalls() != WholeRunBenchmark.CALLS) {
                throw new IllegalStateException("the scripted run did not complete every call: " + result);
            }
        };
        Runnable langchain4jRun = () -> {
            if (!"done".equals(langchain4j.chat("file the notes"))) {
                throw new IllegalStateException("the scripted langchain4j run did not finish");
            }
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long budget = (long) (seconds * 1e9);
        batch(threads, leashRun, budget);
        batch(threads, langchain4jRun, budget);
        double[][] leashTimes = new double[2][BATCHES];
        double[][] langchain4jTimes = new double[2][BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] l = batch(threads, leashRun, budget / BATCHES);
            double[] c = batch(threads, langchain4jRun, budget / BATCHES);
            leashTimes[0][b] = l[0];
            leashTimes[1][b] = l[1];
            langchain4jTimes[0][b] = c[0];
            langchain4jTimes[1][b] = c[1];
        }
        double leashCpu = median(leashTimes[0]);
        double langchain4jCpu = median(langchain4jTimes[0]);
        System.out.printf("leash        cpu %8.1f us/run  wall %8.1f us/run%n", leashCpu, median(leashTimes[1]));
        System.out.printf("langchain4j  cpu %8.1f us/run  wall %8.1f us/run%n", langchain4jCpu, median(langchain4jTimes[1]));
        System.out.printf("ratio (cpu)  x%.2f%n", leashCpu / langchain4jCpu);
    }

    /** Runs {@code run} for about {@code budget} ns of CPU time: CPU and wall microseconds per run. */
    private static double[] batch(ThreadMXBean threads, Runnable run, long budget) {
        long start = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int runs = 0;
        long now;
        do {
            run.run();
            runs++;
            now = threads.getCurrentThreadCpuTime();
        } while (now - start < budget);
        return new double[] {(now - start) / 1e3 / runs, (System.nanoTime() - wall) / 1e3 / runs};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
