package dev.leash.core.audit;

import dev.leash.api.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A writer for the crash test, run in its own JVM: {@code AuditWriterProcess LOG THREADS}. Each
 * thread writes durable records forever and prints {@code durable <thread> <n>} after each one
 * returns, until the process is killed.
 */
public final class AuditWriterProcess {

    private AuditWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        JsonlAuditSink sink = JsonlAuditSink.open(log, List.of("S3CRET-VALUE"));
        for (int t = 0; t < threads; t++) {
            String runId = "run-" + t;
            Thread thread = new Thread(() -> {
                for (long n = 1; ; n++) {
                    sink.record(new AuditEvent.StepProposed(runId, Instant.now(), (int) n, "call_tools",
                            "padding ".repeat((int) (n % 40)) + "S3CRET-VALUE"));
                    sink.recordDurably(new AuditEvent.Incident(runId, Instant.now(), "test", "crash-test", "n=" + n));
                    synchronized (System.out) {
                        System.out.println("durable " + runId + " " + n);
                        System.out.flush();
                    }
                }
            });
            thread.start();
        }
        Thread.currentThread().join();
    }
}
