package dev.leash.bench;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.tool.Impact;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The durable audit sink against one fsync per record, taken in turn in one JVM, for a disk
 * whose fsync latency swings from one second to the next (where JMH, which runs one benchmark
 * after the other, compares two different disks). Each round writes {@code N} durable records
 * with every mode, in an order rotated from round to round; the figure that counts is the median
 * over rounds of each mode's rate divided by the baseline's in the same round.
 *
 * <p>Modes: {@code sink} ({@link JsonlAuditSink#recordDurably}, 100 ms checkpoint interval),
 * {@code sinkTrailing} (the same with an hour: the checkpoint's own fsync out of the picture),
 * {@code short} (an 84-byte line written and forced under a lock: {@code forcePerRecord} of
 * {@link AuditSinkBenchmark}), {@code same} (the very line the sink writes for the event, written
 * and forced under a lock). {@code MODE@T} runs it from {@code T} threads, each writing {@code N/T}
 * records, against {@code short@T}. Before the rounds, {@code -Dwarm=R} records go through a sink
 * and a baseline on {@code /dev/shm} so that the JIT compiler is done.
 *
 * <pre>java -Dwarm=50000 -cp benchmarks/target/benchmarks.jar dev.leash.bench.AuditSinkInterleaved \
 *     sink,sinkTrailing,same,short 100 100
 * java -Dwarm=50000 -cp benchmarks/target/benchmarks.jar dev.leash.bench.AuditSinkInterleaved \
 *     sink@2,short@2,sink@8,short@8,sink@32,short@32 10 640</pre>
 *
 * <p>Arguments: modes (comma-separated), rounds, records per mode and round. Files go to
 * {@code -Dleash.bench.dir} (default: the system temp directory) and are deleted at the end.
 */
public final class AuditSinkInterleaved {

    private static final AuditEvent EVENT = new AuditEvent.CallDecided("run-bench", Instant.parse("2026-11-27T03:00:00Z"),
            "call-1", "send_email", Impact.IRREVERSIBLE, "write_ahead", "allow", "audit.write-ahead",
            "about to send the quarterly report to cfo@example.com");
    private static final byte[] SHORT = ("{\"seq\":1,\"event\":{\"type\":\"decision\",\"reason\":\"about to send the"
            + " quarterly report\"}}\n").getBytes(StandardCharsets.UTF_8);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AuditSinkInterleaved() {
    }

    @FunctionalInterface
    private interface Writer {
        void write() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of((args.length > 0 ? args[0] : "sink,sinkTrailing,same,short").split(","));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int warm = Integer.getInteger("warm", 50_000);
        if (warm > 0 && Files.isDirectory(Path.of("/dev/shm"))) {
            Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "leash-audit-warm");
            try (JsonlAuditSink sink = open(dir.resolve("audit.jsonl"), Duration.ofMillis(100));
                 FileChannel channel = append(dir.resolve("short.jsonl"))) {
                for (int i = 0; i < warm; i++) {
                    sink.recordDurably(EVENT);
                    force(channel, SHORT);
                }
            } finally {
                delete(dir);
            }
        }
        Path base = Path.of(System.getProperty("leash.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "leash-audit-interleaved");
        try (JsonlAuditSink sink = open(dir.resolve("audit.jsonl"), Duration.ofMillis(100));
             JsonlAuditSink trailing = open(dir.resolve("trailing.jsonl"), Duration.ofHours(1));
             FileChannel shortChannel = append(dir.resolve("short.jsonl"));
             FileChannel sameChannel = append(dir.resolve("same.jsonl"))) {
            Path probe = dir.resolve("probe.jsonl");
            try (JsonlAuditSink one = open(probe, Duration.ofMillis(100))) {
                one.recordDurably(EVENT);
            }
            byte[] same = Files.readAllBytes(probe);
            Map<String, Writer> writers = Map.of(
                    "sink", () -> sink.recordDurably(EVENT),
                    "sinkTrailing", () -> trailing.recordDurably(EVENT),
                    "short", () -> force(shortChannel, SHORT),
                    "same", () -> force(sameChannel, same));
            System.out.printf("%s; sink line %d bytes, short line %d; %d rounds of %d records per mode%n",
                    Files.readString(Path.of("/proc/loadavg")).trim(), same.length, SHORT.length, rounds, n);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(modes);
                Collections.rotate(order, r);
                for (String mode : order) {
                    String[] parts = mode.split("@");
                    Writer writer = writers.get(parts[0]);
                    if (writer == null) {
                        throw new IllegalArgumentException("unknown mode " + parts[0] + " (sink, sinkTrailing, short, same)");
                    }
                    int threads = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    double seconds = run(writer, threads, n);
                    long cpu1 = THREADS.getCurrentThreadCpuTime();
                    rates.computeIfAbsent(mode, k -> new ArrayList<>()).add(n / threads * threads / seconds);
                    if (threads == 1) {
                        cpu.computeIfAbsent(mode, k -> new ArrayList<>()).add((cpu1 - cpu0) / 1e3 / n);
                    }
                }
            }
            for (String mode : modes) {
                List<Double> rate = rates.get(mode);
                double time = 0;
                for (double v : rate) {
                    time += 1 / v;
                }
                System.out.printf("%-16s records/s: median %.0f (min %.0f, max %.0f, all rounds together %.0f)%s%n",
                        mode, median(rate), Collections.min(rate), Collections.max(rate), rate.size() / time,
                        cpu.containsKey(mode) ? String.format("; caller CPU per record: median %.1f us", median(cpu.get(mode))) : "");
            }
            for (String mode : modes) {
                String[] parts = mode.split("@");
                String baseline = parts.length > 1 ? "short@" + parts[1] : "short";
                if (mode.equals(baseline) || !rates.containsKey(baseline)) {
                    continue;
                }
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    ratios.add(rates.get(mode).get(i) / rates.get(baseline).get(i));
                }
                Collections.sort(ratios);
                System.out.printf("%s / %s, same round: median %.3f, quartiles %.3f .. %.3f%n", mode, baseline,
                        median(ratios), ratios.get(rounds / 4), ratios.get(rounds * 3 / 4));
            }
        } finally {
            delete(dir);
        }
    }

    /** Seconds for {@code threads} threads to write {@code n / threads} records each. */
    private static double run(Writer writer, int threads, int n) throws Exception {
        if (threads == 1) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                writer.write();
            }
            return (System.nanoTime() - t0) / 1e9;
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < n / threads; i++) {
                        writer.write();
                    }
                } catch (Exception | Error e) {
                    failed.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("a writer failed", failed.get(0));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static JsonlAuditSink open(Path file, Duration checkpointInterval) {
        return JsonlAuditSink.builder(file).masker(SecretMasker.of(List.of("QS-7731-ALPHA")))
                .checkpointInterval(checkpointInterval).open();
    }

    /** A channel on {@code file} that writes at its end by position, as the sink writes its log. */
    static FileChannel append(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.position(channel.size());
        return channel;
    }

    /** The baseline: write the line and force it, one caller at a time. */
    static void force(FileChannel channel, byte[] line) throws IOException {
        synchronized (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int k = sorted.size();
        return k % 2 == 1 ? sorted.get(k / 2) : (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
