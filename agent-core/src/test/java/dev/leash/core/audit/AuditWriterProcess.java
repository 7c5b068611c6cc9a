package dev.leash.core.audit;

import dev.leash.api.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A writer for the crash test, run in its own JVM: {@code AuditWriterProcess LOG THREADS
 * [CHECKPOINT_INTERVAL_MILLIS]}. Each thread writes durable records forever and prints
 * {@code durable <thread> <n>} after each one returns, until the process is killed.
 */
public final class AuditWriterProcess {

    private AuditWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        JsonlAuditSink.Builder builder = JsonlAuditSink.builder(log).masker(SecretMasker.of(List.of("S3CRET-VALUE")));
        if (args.length > 2) {
            builder.checkpointInterval(Duration.ofMillis(Long.parseLong(args[2])));
        }
        JsonlAuditSink sink = builder.open();
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
