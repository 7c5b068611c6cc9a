package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditException;
import dev.leash.core.audit.internal.EventSyntax;
import dev.leash.core.audit.internal.RecordLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log written by {@link JsonlAuditSink}: every line's hash, the chain of
 * {@code prev} hashes, the sequence numbers, and the log against its {@link Checkpoint}. It
 * reports the <em>first</em> bad record: its line number (1-based), the sequence number that
 * belongs there, and what is wrong ({@link Kind}).
 *
 * <p>What a crash can leave is not tampering: a log ahead of its checkpoint is fine (records
 * written after the last checkpoint), and an incomplete last line is reported as {@link
 * Kind#TORN_TAIL}. A log shorter than its checkpoint is {@link Kind#TRUNCATED}. NUL bytes
 * from somewhere to the end of the file are the zeros a writer puts ahead of its records (there
 * while it has the log open, or after it stopped without closing it): the log ends at the first
 * of them ({@link Result#paddingBytes()} counts them). A NUL followed by anything else, or inside
 * a line, is {@link Kind#MISPLACED_NUL}.
 *
 * <p>The log is read as a stream, once (and past the first bad record only to classify it):
 * memory does not grow with the size of the log, only with its longest line. A large log is
 * read in a few parts at once, one per processor: each part checks its records' hashes and the
 * links between them, and the parts are then joined link to link. When anything at all is wrong
 * the log is read again from the start, in one pass, so the problem reported is always the first
 * one, exactly as a single pass finds it.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditVerifier {

    private static final int CHUNK = 1 << 20;
    /** Below this many bytes per part, a log is read in one pass. */
    private static final long PART_BYTES = 8L << 20;
    private static final int MAX_PARTS = 8;

    private AuditVerifier() {
    }

    /** What is wrong with a record. */
    public enum Kind {
        /** The line's content does not match its hash, or the line is not a record at all. */
        EDITED("edited", true),
        /** Records are missing: the sequence jumps. */
        DELETED("deleted", true),
        /** Records are out of order: the missing sequence number turns up later in the file. */
        REORDERED("reordered", true),
        /** A line that is not part of the chain: a copy of another record, or a forged line. */
        INSERTED("inserted", true),
        /** The log ends before the last record its checkpoint says was durable. */
        TRUNCATED("truncated", true),
        /** The record the checkpoint names has another hash: the log was rewritten. */
        CHECKPOINT_MISMATCH("does not match the checkpoint", true),
        /** The log has records but no checkpoint file: truncation cannot be ruled out. */
        CHECKPOINT_MISSING("checkpoint missing", true),
        /** The checkpoint file exists but cannot be read as a checkpoint. */
        CHECKPOINT_UNREADABLE("checkpoint unreadable", true),
        /**
         * A NUL byte followed by other data: NUL bytes may only pad the end of a log (zeros the
         * writer put ahead of its records), never sit inside a line or before more data.
         */
        MISPLACED_NUL("NUL bytes inside the log", true),
        /**
         * NUL bytes followed by more data, all after the last record the checkpoint names: what a
         * power failure leaves when records written over the zero padding but not yet forced
         * reach the disk out of order. A force writes every earlier byte of the file, so no
         * record from the first NUL on was ever forced; the log is intact up to it.
         */
        UNFORCED_HOLE("hole after the last forced record", false),
        /** The last line is incomplete: a writer stopped in the middle of a record (a crash). */
        TORN_TAIL("torn last line", false);

        private final String label;
        private final boolean tampering;

        Kind(String label, boolean tampering) {
            this.label = label;
            this.tampering = tampering;
        }

        /** A short description, e.g. {@code edited}. */
        public String label() {
            return label;
        }

        /** False only for what a crash can leave ({@link #TORN_TAIL}, {@link #UNFORCED_HOLE}). */
        public boolean isTampering() {
            return tampering;
        }
    }

    /**
     * The first bad record.
     *
     * @param kind what is wrong
     * @param line 1-based line number in the log (one past the last line when records are missing at the end)
     * @param seq the sequence number that belongs at that line
     * @param detail an explanation for people
     */
    public record Problem(Kind kind, long line, long seq, String detail) {
        public Problem {
            requireNonNull(kind, "kind is null");
            requireNonNull(detail, "detail is null");
        }

        /** One line: {@code line 7 (seq 7): edited: the content does not match its hash}. */
        public String describe() {
            return "line " + line + " (seq " + seq + "): " + kind.label() + ": " + detail;
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param log the log checked
     * @param checkpointFile the checkpoint compared with it
     * @param records complete records that passed, from the start of the log
     * @param lastSeq sequence number of the last record that passed (0 for none)
     * @param lastHash its hash (64 zeros for none)
     * @param intactBytes length of the log up to the end of the last record that passed
     * @param checkpoint the checkpoint, when it could be read
     * @param problem the first problem, if any
     * @param paddingBytes NUL bytes that end the file after its last line (and after a torn
     *     tail, if any): zeros a writer puts ahead of its records, there while it has the log open
     *     or after it stopped without closing it; not part of the log
     */
    public record Result(Path log, Path checkpointFile, long records, long lastSeq, String lastHash, long intactBytes,
                         Optional<Checkpoint> checkpoint, Optional<Problem> problem, long paddingBytes) {
        public Result {
            requireNonNull(log, "log is null");
            requireNonNull(checkpointFile, "checkpointFile is null");
            requireNonNull(lastHash, "lastHash is null");
            requireNonNull(checkpoint, "checkpoint is null");
            requireNonNull(problem, "problem is null");
            if (paddingBytes < 0) {
                throw new IllegalArgumentException("paddingBytes must not be negative: " + paddingBytes);
            }
        }

        /** A result without padding. */
        public Result(Path log, Path checkpointFile, long records, long lastSeq, String lastHash, long intactBytes,
                      Optional<Checkpoint> checkpoint, Optional<Problem> problem) {
            this(log, checkpointFile, records, lastSeq, lastHash, intactBytes, checkpoint, problem, 0);
        }

        /** No problem at all. */
        public boolean intact() {
            return problem.isEmpty();
        }

        /** Only an incomplete last line, as a crash leaves; every complete record is intact. */
        public boolean tornTailOnly() {
            return problem.isPresent() && !problem.get().kind().isTampering();
        }

        /**
         * Every record is intact and chained, but there is no checkpoint beside the log (a copy
         * made without its {@code FILE.head}): nothing is wrong with what is there, only a cut-off
         * tail cannot be ruled out. Weaker than {@link #intact()}; still {@link #tampered()} for a
         * writer, which refuses to append to such a log.
         */
        public boolean checkpointMissingOnly() {
            return problem.isPresent() && problem.get().kind() == Kind.CHECKPOINT_MISSING;
        }

        /** A problem a crash cannot explain. */
        public boolean tampered() {
            return problem.isPresent() && problem.get().kind().isTampering();
        }

        /** A sentence for people. */
        public String summary() {
            String head = checkpoint.map(c -> "checkpoint at seq " + c.seq()).orElse("no checkpoint");
            String padding = paddingBytes == 0 ? "" : "; the log ends at byte " + intactBytes + (tornTailOnly()
                    ? " plus the torn line" : "") + ", followed by " + paddingBytes + " NUL bytes of padding (left by a"
                    + " writer that has the log open or stopped without closing it)";
            if (intact()) {
                return "intact: " + records + " records, " + head + padding;
            }
            if (problem.get().kind() == Kind.UNFORCED_HOLE) {
                return "intact up to a hole left by a power failure: " + records + " complete records, " + head + "; "
                        + problem.get().describe();
            }
            if (tornTailOnly()) {
                return "intact up to a torn last line (a crash while writing): " + records + " complete records, "
                        + head + "; " + problem.get().describe() + padding;
            }
            if (checkpointMissingOnly()) {
                return "chain intact, no checkpoint: " + records + " records, each hash and link intact, but there is"
                        + " no checkpoint " + checkpointFile.getFileName() + " beside the log, so a cut-off tail cannot"
                        + " be detected (copy " + checkpointFile.getFileName() + " with the log, or give --checkpoint)";
            }
            return "NOT intact: first bad record at " + problem.get().describe();
        }
    }

    /** Verifies {@code log} against its checkpoint {@code FILE.head}. */
    public static Result verify(Path log) {
        return verify(log, Checkpoint.pathFor(log));
    }

    /**
     * Verifies {@code log} against the checkpoint in {@code checkpointFile} (for instance a copy
     * kept on another machine).
     *
     * @throws AuditException when the log cannot be read
     */
    public static Result verify(Path log, Path checkpointFile) {
        return verify(log, checkpointFile, Math.min(MAX_PARTS, Runtime.getRuntime().availableProcessors()), PART_BYTES);
    }

    /**
     * Verifies with at most {@code parts} parts read at once, each of at least {@code partBytes}
     * bytes (tests choose small parts; the result never depends on them).
     */
    static Result verify(Path log, Path checkpointFile, int parts, long partBytes) {
        requireNonNull(log, "log is null");
        requireNonNull(checkpointFile, "checkpointFile is null");
        try {
            Optional<Checkpoint> checkpoint = Optional.empty();
            AuditException unreadable = null;
            try {
                checkpoint = Checkpoint.read(checkpointFile);
            } catch (AuditException e) {
                unreadable = e;
            }
            long size = Files.size(log);
            int count = (int) Math.max(1, Math.min(parts, size / Math.max(1, partBytes)));
            if (count > 1) {
                Result joined = inParts(log, checkpointFile, checkpoint, unreadable, size, count);
                if (joined != null) {
                    return joined;
                }
            }
            try (InputStream in = Files.newInputStream(log)) {
                return new Scan(log, checkpointFile, checkpoint, unreadable, new Lines(in, 0, Long.MAX_VALUE)).run();
            }
        } catch (NoSuchFileException e) {
            throw new AuditException("there is no audit log " + log);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + log + ": " + e.getMessage(), e);
        }
    }

    /** Whether reading in {@code count} parts alone decides (for tests: an intact log never needs a second pass). */
    static boolean decidedInParts(Path log, Path checkpointFile, int count) throws IOException {
        return inParts(log, checkpointFile, Checkpoint.read(checkpointFile), null, Files.size(log), count) != null;
    }

    /**
     * Reads the log in {@code count} parts at once; the result when every record is intact and
     * chained, or null when anything is wrong (or a part could not be read): then one pass
     * finds and names the first problem.
     */
    private static Result inParts(Path log, Path checkpointFile, Optional<Checkpoint> checkpoint,
                                  AuditException unreadable, long size, int count) {
        long headSeq = checkpoint.map(Checkpoint::seq).orElse(-1L);
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            parts.add(new Part(log, size / count * k, k == count - 1 ? Long.MAX_VALUE : size / count * (k + 1), headSeq));
        }
        List<Thread> threads = new ArrayList<>();
        for (int k = 1; k < count; k++) {
            Thread thread = new Thread(parts.get(k), "leash-audit-verify-" + k);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        parts.get(0).run();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException("interrupted while verifying the audit log " + log, e);
            }
        }
        Scan joined = new Scan(log, checkpointFile, checkpoint, unreadable, null);
        byte[] link = Scan.GENESIS;
        boolean ended = false;
        for (Part part : parts) {
            if (!part.ok) {
                return null;
            }
            if (part.lines == 0) {
                ended |= part.reachedEnd;
                continue;
            }
            if (ended || part.firstSeq != joined.accepted + 1 || !Arrays.equals(part.firstPrev, link)) {
                return null;
            }
            joined.accepted += part.lines;
            joined.lineCount += part.lines;
            joined.intactBytes = part.intactBytes;
            link = part.lastHash;
            if (part.hashAtHead != null) {
                joined.hashAtCheckpoint = part.hashAtHead;
            }
            ended = part.reachedEnd;
        }
        System.arraycopy(link, 0, joined.lastHash, 0, 64);
        // The lines end in the first part that reached the end of the file or a NUL (the parts
        // after it checked that only NUL follows).
        Part last = null;
        for (Part part : parts) {
            if (part.reachedEnd) {
                last = part;
                break;
            }
        }
        joined.torn = last == null ? 0 : last.tail;
        joined.padding = last == null || last.nulAt < 0 ? 0 : size - last.nulAt;
        return joined.result(joined.checkCheckpoint());
    }

    /**
     * One part of a log: the complete lines that start in {@code [from, to)}, checked as records
     * and linked to one another (the first line's link and the last line's hash are kept for
     * joining the parts).
     */
    private static final class Part implements Runnable {
        private final Path log;
        private final long from;
        private final long to;
        private final long headSeq;
        boolean ok;
        long lines;
        long firstSeq;
        byte[] firstPrev;
        final byte[] lastHash = new byte[64];
        byte[] hashAtHead;
        long intactBytes;
        boolean reachedEnd;
        long tail;
        long nulAt = -1;

        Part(Path log, long from, long to, long headSeq) {
            this.log = log;
            this.from = from;
            this.to = to;
            this.headSeq = headSeq;
        }

        @Override
        public void run() {
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
                long start = Math.max(0, from - 1);
                channel.position(start);
                Lines lines = new Lines(Channels.newInputStream(channel), start, to);
                // A part other than the first starts after the line end at or after from - 1
                // (a NUL there: the padding goes on, checked up to this part's end).
                if (from > 0 && !lines.next()) {
                    ok = lines.dataAfterNul < 0;
                    return;
                }
                LineCheck check = new LineCheck();
                long lastSeq = 0;
                while (lines.nextStart() < to) {
                    if (!lines.next()) {
                        if (lines.dataAfterNul >= 0) {
                            return;
                        }
                        reachedEnd = true;
                        tail = lines.tail;
                        nulAt = lines.nulAt;
                        break;
                    }
                    RecordLine.Layout layout = check.record(lines.buffer, lines.lineStart, lines.lineLength);
                    if (layout == null) {
                        return;
                    }
                    byte[] buffer = lines.buffer;
                    if (this.lines == 0) {
                        firstSeq = layout.seq();
                        firstPrev = Arrays.copyOfRange(buffer, layout.prevAt(), layout.prevAt() + 64);
                    } else if (layout.seq() != lastSeq + 1
                            || !Arrays.equals(buffer, layout.prevAt(), layout.prevAt() + 64, lastHash, 0, 64)) {
                        return;
                    }
                    lastSeq = layout.seq();
                    System.arraycopy(buffer, layout.hashAt(), lastHash, 0, 64);
                    if (lastSeq == headSeq) {
                        hashAtHead = lastHash.clone();
                    }
                    this.lines++;
                    intactBytes = lines.offsetAfter;
                }
                ok = true;
            } catch (IOException | RuntimeException e) {
                ok = false;
            }
        }
    }

    /** Checks a line as a record: its layout, its event, and its hash (one digest, reused). */
    private static final class LineCheck {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final MessageDigest digest;
        private final byte[] computed = new byte[64];
        private final byte[] sum = new byte[32];

        LineCheck() {
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        /** The layout of {@code buffer[from, from + length)}, or null when it is not a record. */
        RecordLine.Layout layout(byte[] buffer, int from, int length) {
            RecordLine.Layout layout = RecordLine.layout(buffer, from, length);
            if (layout == null || !EventSyntax.isEvent(buffer, layout.eventFrom(), layout.bodyEnd())) {
                return null;
            }
            return layout;
        }

        /** Whether the line's stated hash is the SHA-256 of its body. */
        boolean hashValid(byte[] buffer, int from, RecordLine.Layout layout) {
            digest.update(buffer, from, layout.bodyEnd() - from);
            try {
                digest.digest(sum, 0, sum.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 failed", e);
            }
            for (int i = 0; i < sum.length; i++) {
                computed[2 * i] = HEX[(sum[i] >> 4) & 0xf];
                computed[2 * i + 1] = HEX[sum[i] & 0xf];
            }
            return Arrays.equals(computed, 0, 64, buffer, layout.hashAt(), layout.hashAt() + 64);
        }

        /** The layout of a line that is a record with a valid hash, or null. */
        RecordLine.Layout record(byte[] buffer, int from, int length) {
            RecordLine.Layout layout = layout(buffer, from, length);
            return layout != null && hashValid(buffer, from, layout) ? layout : null;
        }
    }

    /**
     * The lines of a stream, one at a time, in a buffer reused from line to line. The lines end
     * at the end of the stream or at the first NUL byte, whichever comes first; from a NUL on,
     * every byte (up to a limit) must be NUL as well, which is checked as the rest is read
     * without keeping it.
     */
    private static final class Lines {
        private final InputStream in;
        private final long limit;
        private byte[] buffer = new byte[CHUNK];
        private int start;
        private int end;
        private int scanned;
        private boolean eof;
        private boolean ended;
        private long before;
        // The line returned last: buffer[lineStart, lineStart + lineLength).
        int lineStart;
        int lineLength;
        long offsetAfter;
        /** Once next() returned false: bytes after the last line end and before the first NUL. */
        long tail;
        /** Where the first NUL is (-1: none). */
        long nulAt = -1;
        /** Where the first byte other than NUL after {@link #nulAt} is (-1: none before the limit). */
        long dataAfterNul = -1;
        /** How far the bytes were read once the lines ended. */
        long readTo;

        /** {@code position}: where {@code in} starts in the file; padding is checked up to offset {@code limit}. */
        Lines(InputStream in, long position, long limit) {
            this.in = in;
            this.before = position;
            this.limit = limit;
        }

        /** Where in the file the next line starts. */
        long nextStart() {
            return before + start;
        }

        /** Moves to the next complete line; false at the end or at a NUL (what is left is a torn tail). */
        boolean next() throws IOException {
            if (ended) {
                return false;
            }
            while (true) {
                byte[] b = buffer;
                for (int i = scanned; i < end; i++) {
                    byte c = b[i];
                    if (c == '\n') {
                        lineStart = start;
                        lineLength = i - start;
                        start = i + 1;
                        scanned = start;
                        offsetAfter = before + start;
                        return true;
                    }
                    if (c == 0) {
                        tail = i - start;
                        nulAt = before + i;
                        checkPadding(i);
                        return false;
                    }
                }
                scanned = end;
                if (eof) {
                    ended = true;
                    tail = end - start;
                    readTo = before + end;
                    return false;
                }
                fill();
            }
        }

        /** Reads on from {@code buffer[i]}, a NUL, to the end or the limit, noting the first byte that is not NUL. */
        private void checkPadding(int i) throws IOException {
            ended = true;
            while (true) {
                for (; i < end && before + i < limit; i++) {
                    if (buffer[i] != 0) {
                        dataAfterNul = before + i;
                        readTo = before + i;
                        return;
                    }
                }
                if (eof || before + i >= limit) {
                    readTo = before + i;
                    return;
                }
                // Nothing before the end of the buffer is needed any more.
                before += end;
                start = 0;
                end = 0;
                scanned = 0;
                i = 0;
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    eof = true;
                } else {
                    end = read;
                }
            }
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                before += start;
                end -= start;
                scanned -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                eof = true;
            } else {
                end += read;
            }
        }
    }

    /**
     * A line found to be a well-formed record: its {@code prev} at {@code bytes[prevAt, prevAt + 64)}
     * and its hash at {@code bytes[hashAt, hashAt + 64)}. While scanning, {@code bytes} is the read
     * buffer (valid until the next line is read); {@link #detach()} copies what is needed.
     */
    private record Line(long seq, byte[] bytes, int prevAt, int hashAt, boolean hashValid) {
        Line detach() {
            byte[] own = new byte[128];
            System.arraycopy(bytes, prevAt, own, 0, 64);
            System.arraycopy(bytes, hashAt, own, 64, 64);
            return new Line(seq, own, 0, 64, hashValid);
        }

        boolean linksTo(byte[] hash) {
            return Arrays.equals(bytes, prevAt, prevAt + 64, hash, 0, 64);
        }
    }

    /** One verification pass over a log. */
    private static final class Scan {
        static final byte[] GENESIS = RecordLine.GENESIS.getBytes(StandardCharsets.US_ASCII);

        private final Path log;
        private final Path checkpointFile;
        private final Lines lines;
        private final LineCheck check = new LineCheck();
        long lineCount;
        long accepted;
        final byte[] lastHash = GENESIS.clone();
        long intactBytes;
        long torn;
        long padding;
        long nulAt = -1;
        long dataAfterNul = -1;
        private final Optional<Checkpoint> checkpoint;
        private final AuditException unreadableCheckpoint;
        byte[] hashAtCheckpoint;

        /** {@code lines} may be null for a scan whose state is filled in by the parts. */
        Scan(Path log, Path checkpointFile, Optional<Checkpoint> checkpoint, AuditException unreadableCheckpoint,
             Lines lines) {
            this.log = log;
            this.checkpointFile = checkpointFile;
            this.checkpoint = checkpoint;
            this.unreadableCheckpoint = unreadableCheckpoint;
            this.lines = lines;
            if (checkpoint.map(Checkpoint::seq).orElse(-1L) == 0) {
                hashAtCheckpoint = GENESIS.clone();
            }
        }

        Result run() throws IOException {
            long headSeq = checkpoint.map(Checkpoint::seq).orElse(-1L);
            while (lines.next()) {
                lineCount++;
                Line line = parse();
                if (!fits(line)) {
                    return result(classify(line == null ? null : line.detach(), lineCount));
                }
                accepted++;
                System.arraycopy(line.bytes(), line.hashAt(), lastHash, 0, 64);
                intactBytes = lines.offsetAfter;
                if (accepted == headSeq) {
                    hashAtCheckpoint = lastHash.clone();
                }
            }
            torn = lines.tail;
            nulAt = lines.nulAt;
            dataAfterNul = lines.dataAfterNul;
            padding = nulAt >= 0 && dataAfterNul < 0 ? lines.readTo - nulAt : 0;
            return result(checkCheckpoint());
        }

        /** The current line as a record, or null when it is not one. */
        private Line parse() {
            byte[] buffer = lines.buffer;
            RecordLine.Layout layout = check.layout(buffer, lines.lineStart, lines.lineLength);
            if (layout == null) {
                return null;
            }
            boolean valid = check.hashValid(buffer, lines.lineStart, layout);
            return new Line(layout.seq(), buffer, layout.prevAt(), layout.hashAt(), valid);
        }

        private boolean fits(Line line) {
            return line != null && line.hashValid() && line.seq() == accepted + 1 && line.linksTo(lastHash);
        }

        /** What is wrong with the first line that does not fit; reads on to tell copies, moves and gaps apart. */
        private Problem classify(Line line, long lineNo) throws IOException {
            long expected = accepted + 1;
            boolean nextFits = false;
            boolean first = true;
            long again = -1;
            long later = -1;
            long at = lineNo;
            boolean ahead = line != null && line.hashValid() && line.seq() > expected;
            while ((first || ahead && (again < 0 || later < 0)) && lines.next()) {
                at++;
                Line next = parse();
                if (first) {
                    nextFits = fits(next);
                    first = false;
                }
                if (ahead && next != null && next.hashValid()) {
                    if (again < 0 && next.seq() == line.seq()) {
                        again = at;
                    }
                    if (later < 0 && next.seq() == expected) {
                        later = at;
                    }
                }
            }
            if (line != null && line.hashValid() && line.seq() < expected) {
                return new Problem(Kind.INSERTED, lineNo, expected, "the line repeats seq " + line.seq()
                        + (line.seq() >= 1 ? " (already at line " + line.seq() + ")" : "") + " instead of continuing with seq "
                        + expected);
            }
            if (ahead) {
                if (again >= 0) {
                    return new Problem(Kind.INSERTED, lineNo, expected, "the line is a copy of seq " + line.seq()
                            + ", which appears again at line " + again);
                }
                if (later >= 0) {
                    return new Problem(Kind.REORDERED, lineNo, expected, "the line holds seq " + line.seq()
                            + " where seq " + expected + " belongs; seq " + expected + " is at line " + later);
                }
                return new Problem(Kind.DELETED, lineNo, expected, (line.seq() - expected == 1
                        ? "record seq " + expected + " is missing"
                        : "records seq " + expected + " to " + (line.seq() - 1) + " are missing")
                        + " (the line holds seq " + line.seq() + ")");
            }
            if (nextFits) {
                return new Problem(Kind.INSERTED, lineNo, expected, "the line is not part of the chain ("
                        + (line == null ? "not a record" : !line.hashValid() ? "its hash does not match" : "wrong link")
                        + "); the chain continues at line " + (lineNo + 1));
            }
            if (line == null) {
                return new Problem(Kind.EDITED, lineNo, expected, "the line is not a well-formed record");
            }
            if (!line.hashValid()) {
                return new Problem(Kind.EDITED, lineNo, expected, "the content does not match its hash");
            }
            if (lineNo == 1) {
                return new Problem(Kind.EDITED, lineNo, expected, "the first record must have prev " + RecordLine.GENESIS);
            }
            return new Problem(Kind.EDITED, lineNo - 1, expected - 1, "line " + lineNo + " links to another hash than this"
                    + " record's: this record was rewritten (with its own hash recomputed)");
        }

        Problem checkCheckpoint() {
            long end = lineCount + 1L;
            if (dataAfterNul >= 0 && unreadableCheckpoint == null && checkpoint.isPresent()
                    && checkpoint.get().seq() <= accepted
                    && new String(hashAtCheckpoint, StandardCharsets.ISO_8859_1).equals(checkpoint.get().hash())) {
                // Every record the checkpoint names comes before the NUL: the rest was never forced.
                return new Problem(Kind.UNFORCED_HOLE, end, accepted + 1, "a NUL byte at byte " + nulAt
                        + " is followed by other data at byte " + dataAfterNul + ", after seq " + accepted
                        + ", the last record before it (the checkpoint names seq " + checkpoint.get().seq() + "): records"
                        + " written over the zero padding reached the disk out of order before they were forced (a power"
                        + " failure); every record before byte " + intactBytes + " is intact, nothing from it on was forced");
            }
            if (dataAfterNul >= 0) {
                return new Problem(Kind.MISPLACED_NUL, end, accepted + 1, "a NUL byte at byte " + nulAt
                        + (torn > 0 ? ", inside the line that starts at byte " + intactBytes : ", where line " + end
                        + " would start") + ", is followed by other data at byte " + dataAfterNul + ": a log may end"
                        + " with NUL padding, but nothing may follow it and no line may hold a NUL");
            }
            if (unreadableCheckpoint != null) {
                return new Problem(Kind.CHECKPOINT_UNREADABLE, end, accepted + 1, unreadableCheckpoint.getMessage());
            }
            if (checkpoint.isEmpty()) {
                if (accepted > 0 || torn > 0) {
                    // Named after the last record: nothing is wrong at any line, the file beside it is missing.
                    return new Problem(Kind.CHECKPOINT_MISSING, Math.max(1, lineCount), accepted, "the checkpoint "
                            + checkpointFile + " is missing, so a truncated tail cannot be ruled out");
                }
                return null;
            }
            Checkpoint head = checkpoint.get();
            if (head.seq() > accepted) {
                String cut = head.seq() - accepted == 1 ? "record seq " + head.seq() + " is missing"
                        : "records seq " + (accepted + 1) + " to " + head.seq() + " are missing";
                return new Problem(Kind.TRUNCATED, end, accepted + 1, "the log ends at seq " + accepted
                        + " but its checkpoint says seq " + head.seq() + " was durable: " + cut
                        + (torn > 0 ? " (the last line is cut off)" : ""));
            }
            String hashThere = new String(hashAtCheckpoint, StandardCharsets.ISO_8859_1);
            if (!hashThere.equals(head.hash())) {
                return new Problem(Kind.CHECKPOINT_MISMATCH, Math.max(1, head.seq()), head.seq(),
                        "the checkpoint's hash for seq " + head.seq() + " differs from the log's: the log was rewritten"
                                + " up to this record");
            }
            if (torn > 0) {
                return new Problem(Kind.TORN_TAIL, end, accepted + 1, "the last line (" + torn
                        + " bytes, no line end" + (padding > 0 ? " before the NUL padding" : "") + ") is incomplete: a writer stopped in the middle of a record; every record"
                        + " before it is intact");
            }
            return null;
        }

        Result result(Problem problem) {
            return new Result(log, checkpointFile, accepted, accepted, new String(lastHash, StandardCharsets.ISO_8859_1),
                    intactBytes, checkpoint, Optional.ofNullable(problem), problem != null && problem.kind().isTampering()
                    ? 0 : padding);
        }
    }
}
