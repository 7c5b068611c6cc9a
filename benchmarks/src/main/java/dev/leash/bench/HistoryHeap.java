package dev.leash.bench;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap a run's analyses hold: a Level 2 tier, a run that has read {@code count} untrusted
 * mails of {@code bytes} bytes, then one WRITE call (the guards and flags read the history), then
 * the run's end. Prints the heap after GC at each point; what the call adds over the run's own
 * observations is what the guards keep for the run, and what the end gives back is what they
 * release.
 *
 * <pre>java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.leash.bench.HistoryHeap 1000 65536</pre>
 */
public final class HistoryHeap {

    private HistoryHeap() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 65536;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ToolExecutor level2 = Fixtures.tier(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding());
        String writeJson = Fixtures.noteJson(2048);
        // Warm the tier on a small run so that class loading is not counted.
        DefaultRunContext warm = Fixtures.run(SafetyLevel.LEVEL_2, 3, 256);
        Fixtures.expectOk(level2.execute(Fixtures.parse("save_note", writeJson), warm), "the warm-up call");
        warm.end();
        long empty = heapAfterGc(memory);
        DefaultRunContext run = Fixtures.run(SafetyLevel.LEVEL_2, count, bytes);
        long observed = heapAfterGc(memory);
        long start = System.nanoTime();
        Fixtures.expectOk(level2.execute(Fixtures.parse("save_note", writeJson), run), "the Level 2 WRITE call");
        long firstCall = System.nanoTime() - start;
        long analysed = heapAfterGc(memory);
        run.end();
        long ended = heapAfterGc(memory);
        double mb = 1024.0 * 1024.0;
        System.out.printf("observations: %d x %d bytes%n", count, bytes);
        System.out.printf("heap after GC: before the run %.1f MB; with the observations %.1f MB (+%.1f);"
                        + " after the first WRITE call %.1f MB (+%.1f held for the run, %.1fx the observations' text);"
                        + " after the run's end %.1f MB (%.1f released)%n",
                empty / mb, observed / mb, (observed - empty) / mb, analysed / mb, (analysed - observed) / mb,
                (analysed - observed) / (double) ((long) count * bytes), ended / mb, (analysed - ended) / mb);
        System.out.printf("first WRITE call (reads the whole history once): %.1f ms%n", firstCall / 1e6);
        if (run.observations().size() != count) {
            throw new IllegalStateException("the run lost observations");
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
