package dev.leash.bench;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.tool.Impact;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable-record throughput of {@link JsonlAuditSink} with 1, 2, 8 and 32 threads calling
 * {@code recordDurably} (a lone caller commits its own record; concurrent callers share fsyncs),
 * against baselines that write and force once per record under a lock: {@code forcePerRecord*}
 * with a short fixed line (84 bytes, no chain), {@code forcePerRecordSinkBytes1Thread} with the
 * very line the sink writes for the same event (429 bytes at seq 1: seq, both hashes, the event), and
 * against the disk's own fsync latency (one byte rewritten in place and forced, no append). Files go to
 * {@code -Dleash.bench.dir} (default: the system temp directory), so point it at the disk that
 * matters.
 *
 * <p>The sink runs Jackson, the masker and SHA-256 per record, so a cold JVM measures the JIT
 * compiler: on a 2-core machine its thread CPU time per durable record (kernel time included)
 * fell from 400–1,000 µs over the first 250 records to 100–300 µs by the 3,000th, against about
 * 80 µs once warm (the per-record fsync baseline: 60–70 µs). Give it tens of thousands of records
 * of warm-up (several warm-up iterations) before its figures mean anything. On a disk shared with
 * other writers the fsync latency swings tenfold from one second to the next: run the sink and
 * its baseline several times in turn (or use {@code -f 3}) and compare medians.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AuditSinkBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditSinkBenchmark {

    private static final AuditEvent EVENT = new AuditEvent.CallDecided("run-bench", Instant.parse("2026-11-27T03:00:00Z"),
            "call-1", "send_email", Impact.IRREVERSIBLE, "write_ahead", "allow", "audit.write-ahead",
            "about to send the quarterly report to cfo@example.com");

    private static Path directory() throws IOException {
        Path base = Path.of(System.getProperty("leash.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "leash-audit-bench");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The sink under test, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Sink {
        Path dir;
        JsonlAuditSink sink;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory();
            sink = JsonlAuditSink.open(dir.resolve("audit.jsonl"), SecretMasker.of(List.of("QS-7731-ALPHA")));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            sink.close();
            delete(dir);
        }
    }

    /** Baseline: every caller writes and forces its own record, one at a time. */
    @State(Scope.Benchmark)
    public static class ForcePerRecord {
        Path dir;
        FileChannel channel;
        final byte[] line = ("{\"seq\":1,\"event\":{\"type\":\"decision\",\"reason\":\"about to send the quarterly report\"}}\n")
                .getBytes(StandardCharsets.UTF_8);

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory();
            channel = AuditSinkInterleaved.append(dir.resolve("naive.jsonl"));
        }

        void append() throws IOException {
            AuditSinkInterleaved.force(channel, line);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    /** Baseline with the sink's own bytes: the line the sink writes for {@link #EVENT}, forced once per record. */
    @State(Scope.Benchmark)
    public static class ForcePerRecordSinkBytes {
        Path dir;
        FileChannel channel;
        byte[] line;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory();
            Path log = dir.resolve("sink.jsonl");
            try (JsonlAuditSink sink = JsonlAuditSink.open(log, SecretMasker.of(List.of("QS-7731-ALPHA")))) {
                sink.recordDurably(EVENT);
            }
            line = Files.readAllBytes(log);
            channel = AuditSinkInterleaved.append(dir.resolve("naive.jsonl"));
        }

        void append() throws IOException {
            AuditSinkInterleaved.force(channel, line);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    @Benchmark
    @Threads(1)
    public void durableGroupCommit1Thread(Sink state) {
        state.sink.recordDurably(EVENT);
    }

    @Benchmark
    @Threads(2)
    public void durableGroupCommit2Threads(Sink state) {
        state.sink.recordDurably(EVENT);
    }

    @Benchmark
    @Threads(1)
    public void forcePerRecordSinkBytes1Thread(ForcePerRecordSinkBytes state) throws IOException {
        state.append();
    }

    @Benchmark
    @Threads(8)
    public void durableGroupCommit8Threads(Sink state) {
        state.sink.recordDurably(EVENT);
    }

    /** The disk's own fsync latency: one byte rewritten in place and forced, nothing else. */
    @State(Scope.Benchmark)
    public static class RawForce {
        Path dir;
        FileChannel channel;
        final ByteBuffer one = ByteBuffer.allocate(1);

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = directory();
            channel = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        synchronized void force() throws IOException {
            one.clear();
            channel.write(one, 0);
            channel.force(false);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    @Benchmark
    @Threads(32)
    public void durableGroupCommit32Threads(Sink state) {
        state.sink.recordDurably(EVENT);
    }

    @Benchmark
    @Threads(1)
    public void rawFsync1Thread(RawForce state) throws IOException {
        state.force();
    }

    @Benchmark
    @Threads(32)
    public void forcePerRecord32Threads(ForcePerRecord state) throws IOException {
        state.append();
    }

    @Benchmark
    @Threads(1)
    public void forcePerRecord1Thread(ForcePerRecord state) throws IOException {
        state.append();
    }

    @Benchmark
    @Threads(2)
    public void forcePerRecord2Threads(ForcePerRecord state) throws IOException {
        state.append();
    }

    @Benchmark
    @Threads(8)
    public void forcePerRecord8Threads(ForcePerRecord state) throws IOException {
        state.append();
    }
}
