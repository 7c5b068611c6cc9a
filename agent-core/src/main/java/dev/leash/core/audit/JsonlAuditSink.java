package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditException;
import dev.leash.api.audit.AuditSink;
import dev.leash.core.audit.internal.AuditJson;
import dev.leash.core.audit.internal.MaskingGenerator;
import dev.leash.core.audit.internal.RecordLine;
import dev.leash.core.exec.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The audit log as a file of JSON Lines: one event a line, append-only, each line hash-chained to
 * the one before with SHA-256, with a {@link Checkpoint} file beside it. The exact line format is
 * documented in {@code docs/audit.md}:
 *
 * <pre>{"seq":N,"prev":"&lt;hash of line N-1&gt;","event":{"type":"decision",...},"hash":"&lt;SHA-256 of the line up to ,"hash"&gt;"}</pre>
 *
 * <p><b>Secrets.</b> Every string of an event (values and keys, and numbers whose text contains a
 * secret) passes through the masker before it is hashed or written.
 *
 * <p><b>Write-ahead and group commit.</b> Lines are appended in the order callers handed them
 * over. {@link #recordDurably} returns only after its line, and every line before it, has been
 * forced to disk ({@link FileChannel#force}). Its caller writes and forces the batch itself when
 * no commit is under way (one thread alone pays one write and one fsync per record, no hand-off
 * to another thread); records that arrive while a force is under way are written and forced
 * together by the next caller to commit, so concurrent runs share fsyncs; when durable callers
 * take turns, a commit waits up to 100 µs for another caller's record to share its force. A
 * second thread replaces the checkpoint atomically with the latest durable record, at most once
 * per {@linkplain Builder#checkpointInterval checkpoint interval} while commits keep coming
 * (the checkpoint may trail the log, never lead it), so the checkpoint's own fsync seldom
 * competes with the log's. {@link #record} only queues: its line is written with the next batch
 * and forced with the next durable record, {@link #flush()}, {@link #close()}, and in any case
 * once it has waited the flush interval, however steady the traffic.
 *
 * <p><b>Zero padding.</b> The sink writes zeros ahead of its records and forces them once per
 * extent (64 KiB first, doubling up to 4 MiB); records are written over them, so a record's force
 * flushes its data and no change of the file's size. {@link #close()} cuts the zeros off; a writer
 * that stops without closing leaves them after its last record, and readers take the first NUL
 * byte for the end of the log ({@link AuditVerifier}).
 *
 * <p><b>Failure.</b> When a write, force or checkpoint update fails, the sink fails for good: the
 * waiting and every later {@link #recordDurably} throw {@link AuditException} (so the executor
 * denies the call it was about to run), and later {@link #record} calls are dropped and counted
 * ({@link #dropped()}); {@link #failure()} says why. Open a new sink to continue.
 *
 * <p><b>Opening.</b> An existing log is verified first. A log that fails verification is not
 * appended to ({@link AuditException}); an incomplete last line left by a crash is cut off and
 * an {@code incident} of kind {@code audit_log_recovered} records how many bytes were discarded;
 * zero padding after the last record is written over. So is what a power failure can leave
 * ({@link AuditVerifier.Kind#UNFORCED_HOLE}): NUL bytes followed by data, all after the last
 * record the checkpoint names, none of it ever forced; the log is cut at the first NUL's line
 * and the incident says so.
 * The file is locked while the sink is open: a second writer is refused.
 *
 * <p>Thread-safe. Close it to flush queued records and release the file.
 */
public final class JsonlAuditSink implements AuditSink, Closeable {

    /** Opens the channel of the log; a seam for tests that need a channel that fails. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;
    }

    private static final int MAX_BATCH = 4096;
    /** The longest a commit waits for company (see awaitCompany): a small part of one fsync. */
    private static final long COMPANY_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The first extent of zeros written ahead of the records; each next one is twice as long, up to {@link #MAX_EXTENT}. */
    private static final int MIN_EXTENT = 64 << 10;
    private static final int MAX_EXTENT = 4 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();
    private static final ChannelOpener FILES = file -> FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final Path file;
    private final Path headFile;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final Redactor masker;
    private final long flushIntervalNanos;
    private final ObjectMapper mapper = AuditJson.mapper();
    // The queue: entries in the order they were handed over, guarded by queueLock.
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private final Condition space = queueLock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final int capacity;
    // Held while a batch is taken from the queue, written and forced (by the writer thread or by a
    // caller of recordDurably): guards seq, prevHash, unforced, oldestUnforcedNanos and chain.
    private final ReentrantLock commit = new ReentrantLock();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicLong dropped = new AtomicLong();
    // The id of the thread whose recordDurably made the last commit (-1: none); written under commit.
    private volatile long lastCommitter = -1;
    private final Thread writer;
    private volatile AuditException failure;
    private volatile Checkpoint durable;
    private boolean closed;

    // Commit state, guarded by commit.
    private long seq;
    private String prevHash;
    private long unforced;
    private long oldestUnforcedNanos;
    // Where the next line goes (the end of the last record written) and the length of the file:
    // [end, allocated) is zeros, written and forced ahead of the records (see preallocate).
    private long end;
    private long allocated;
    private int extent = MIN_EXTENT;

    // The checkpointer thread's state, guarded by headLock.
    private final Object headLock = new Object();
    private final Thread checkpointer;
    private Checkpoint headTarget;
    private long headWritten;
    private boolean headStopping;
    private boolean headUrgent;
    private boolean headIdle;
    private long nextHeadNanos;
    private final long checkpointIntervalNanos;
    // The lines of the batch being written, chained to prevHash; guarded by commit.
    private final RecordLine.Chain chain;

    private enum Kind { EVENT, FLUSH, CLOSE }

    private record Entry(Kind kind, Json json, CompletableFuture<Void> done) {
    }

    private JsonlAuditSink(Path file, Path headFile, FileChannel channel, FileLock fileLock, Redactor masker,
                           Duration flushInterval, Duration checkpointInterval, int capacity, long seq, String prevHash,
                           long headSeq, long end, long allocated) {
        this.file = file;
        this.headFile = headFile;
        this.channel = channel;
        this.fileLock = fileLock;
        this.masker = masker;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.checkpointIntervalNanos = checkpointInterval.toNanos();
        this.nextHeadNanos = System.nanoTime();
        this.capacity = capacity;
        this.seq = seq;
        this.prevHash = prevHash;
        this.end = end;
        this.allocated = allocated;
        this.chain = new RecordLine.Chain(prevHash);
        this.headWritten = headSeq;
        this.durable = new Checkpoint(seq, prevHash);
        this.writer = new Thread(this::writeLoop, "leash-audit-writer-" + file.getFileName());
        this.writer.setDaemon(true);
        this.checkpointer = new Thread(this::checkpointLoop, "leash-audit-checkpoint-" + file.getFileName());
        this.checkpointer.setDaemon(true);
    }

    private void start() {
        writer.start();
        checkpointer.start();
    }

    /**
     * Opens (or creates) the log {@code file} with default settings, masking every string with
     * {@code masker}.
     *
     * @throws AuditException when the file cannot be opened, is locked by another writer, or fails verification
     */
    public static JsonlAuditSink open(Path file, Redactor masker) {
        return builder(file).masker(masker).open();
    }

    /** Opens (or creates) the log {@code file}, masking these secret values (see {@link SecretMasker}). */
    public static JsonlAuditSink open(Path file, Collection<String> secrets) {
        return builder(file).masker(SecretMasker.of(secrets)).open();
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** The log file. */
    public Path path() {
        return file;
    }

    /** The checkpoint file beside it ({@code FILE.head}). */
    public Path checkpointPath() {
        return headFile;
    }

    /** The last record known to be on disk (seq 0 before the first). */
    public Checkpoint lastDurable() {
        return durable;
    }

    /** Why the sink stopped writing, if it did. */
    public Optional<AuditException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Records given to {@link #record} after the sink had failed or closed, and so not written. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Queues the event; it is written in order with the next batch. Never blocks on the disk (only
     * when the queue is full). After a failure or close the event is dropped and counted.
     *
     * @throws AuditException when the event cannot be serialised or masked
     */
    @Override
    public void record(AuditEvent event) {
        Json json = serialise(event);
        if (!enqueue(new Entry(Kind.EVENT, json, null), true)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Writes the event and returns once it is on disk, with every record queued before it.
     *
     * @throws AuditException when it cannot be made durable (the caller must not perform the action)
     */
    @Override
    public void recordDurably(AuditEvent event) {
        Json json = serialise(event);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!enqueue(new Entry(Kind.EVENT, json, done), false)) {
            throw notWritable();
        }
        commitUntil(done);
        await(done);
    }

    /**
     * Before a commit, when the last durable commit was made by another thread (durable callers
     * are taking turns): wait a little (at most {@link #COMPANY_WAIT_NANOS}, yielding the
     * processor) until another record is queued, so that it shares this force instead of paying
     * the next one. Two threads that take turns would otherwise never meet: the one that has just
     * committed is still serialising its next record when the other takes the lock. A lone writer
     * never waits (it made the last commit itself).
     */
    private void awaitCompany() {
        long last = lastCommitter;
        if (last == -1 || last == Thread.currentThread().getId()) {
            return;
        }
        long deadline = System.nanoTime() + COMPANY_WAIT_NANOS;
        while (queuedEntries() < 2 && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }

    private int queuedEntries() {
        queueLock.lock();
        try {
            return queue.size();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Commits the queue on the calling thread until {@code done} is complete: at once when no
     * commit is under way; otherwise after the one under way, whose caller may have taken this
     * record along (then there is nothing left to do).
     */
    private void commitUntil(CompletableFuture<Void> done) {
        try {
            commit.lockInterruptibly();
        } catch (InterruptedException e) {
            // await() reports the interrupt; the writer thread still writes the record.
            Thread.currentThread().interrupt();
            wakeWriter();
            return;
        }
        try {
            List<Entry> batch = new ArrayList<>();
            while (!done.isDone()) {
                awaitCompany();
                batch.clear();
                drain(batch, false);
                if (batch.isEmpty()) {
                    wakeWriter();
                    return;
                }
                processGuarded(batch);
                lastCommitter = Thread.currentThread().getId();
            }
        } finally {
            commit.unlock();
        }
    }

    /** Returns once every record handed over so far is on disk and the checkpoint names the last one. */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!enqueue(new Entry(Kind.FLUSH, null, done), true)) {
            throw notWritable();
        }
        await(done);
        awaitCheckpoint(durable.seq());
    }

    private void awaitCheckpoint(long target) {
        synchronized (headLock) {
            headUrgent = true;
            headLock.notifyAll();
            while (headWritten < target) {
                if (failure != null) {
                    throw notWritable();
                }
                try {
                    headLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AuditException("interrupted while waiting for the audit checkpoint " + headFile, e);
                }
            }
        }
    }

    /**
     * Writes and forces what is queued, updates the checkpoint and releases the file. Idempotent.
     *
     * @throws AuditException when the sink failed at some point: the log misses records
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            putUninterruptibly(new Entry(Kind.CLOSE, null, done));
        } finally {
            gate.writeLock().unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new AuditException("the audit log " + file + " is incomplete: " + failure.getMessage()
                    + (dropped.get() > 0 ? "; " + dropped.get() + " later records were dropped" : ""), failure);
        }
    }

    @Override
    public String toString() {
        return "JsonlAuditSink[" + file + "]";
    }

    /** Queues the entry; {@code wake}: the writer thread is to write it (no caller commits it). */
    private boolean enqueue(Entry entry, boolean wake) {
        gate.readLock().lock();
        try {
            if (closed || failure != null) {
                return false;
            }
            try {
                queueLock.lockInterruptibly();
                try {
                    while (queue.size() >= capacity) {
                        space.await();
                    }
                    queue.addLast(entry);
                    if (wake) {
                        queued.signal();
                    }
                } finally {
                    queueLock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException("interrupted while handing a record to the audit log " + file, e);
            }
            return true;
        } finally {
            gate.readLock().unlock();
        }
    }

    private void putUninterruptibly(Entry entry) {
        queueLock.lock();
        try {
            while (queue.size() >= capacity) {
                space.awaitUninterruptibly();
            }
            queue.addLast(entry);
            queued.signal();
        } finally {
            queueLock.unlock();
        }
    }

    private void wakeWriter() {
        queueLock.lock();
        try {
            queued.signal();
        } finally {
            queueLock.unlock();
        }
    }

    /** Moves queued entries to {@code batch}, oldest first, up to a close entry unless {@code withClose}. */
    private void drain(List<Entry> batch, boolean withClose) {
        queueLock.lock();
        try {
            Entry next;
            while (batch.size() < MAX_BATCH && (next = queue.peekFirst()) != null
                    && (withClose || next.kind() != Kind.CLOSE)) {
                batch.add(queue.pollFirst());
            }
            space.signalAll();
        } finally {
            queueLock.unlock();
        }
    }

    /** The writer thread: waits until something is queued, or {@code nanos} pass (negative: no limit). */
    private boolean awaitQueued(long nanos) {
        queueLock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos < 0) {
                    queued.awaitUninterruptibly();
                } else if (nanos == 0) {
                    return false;
                } else {
                    try {
                        nanos = Math.max(0, queued.awaitNanos(nanos));
                    } catch (InterruptedException e) {
                        // Only close() stops the writer, through the queue.
                    }
                }
            }
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    private AuditException notWritable() {
        AuditException cause = failure;
        if (cause != null) {
            return new AuditException("the audit log " + file + " cannot be written: " + cause.getMessage(), cause);
        }
        return new AuditException("the audit log " + file + " is closed");
    }

    private void await(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while waiting for the audit log " + file
                    + " to reach the disk; the record may not be durable", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuditException audit) {
                throw new AuditException(audit.getMessage(), audit);
            }
            throw new AuditException("the audit log " + file + " cannot be written: " + cause, cause);
        }
    }

    // ---- serialisation and masking (caller threads) ----

    /** An event's JSON: {@code bytes[0, length)}, UTF-8, one line. */
    private record Json(byte[] bytes, int length) {
    }

    /** A byte stream whose array is handed on as it is, not copied. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(512);
        }

        Json json() {
            return new Json(buf, count);
        }
    }

    /** The event as JSON, masked while it is written (one pass, no tree): see {@link MaskingGenerator}. */
    private Json serialise(AuditEvent event) {
        requireNonNull(event, "event is null");
        Bytes out = new Bytes();
        try (JsonGenerator generator = new MaskingGenerator(mapper.getFactory().createGenerator(out, JsonEncoding.UTF8),
                masker)) {
            mapper.writeValue(generator, event);
        } catch (IOException | IllegalArgumentException e) {
            throw new AuditException("cannot serialise the audit event " + event.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AuditException("cannot mask the audit event " + event.getClass().getSimpleName() + ": " + e, e);
        }
        return out.json();
    }

    // ---- the writer thread ----

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>();
        while (true) {
            long wait;
            commit.lock();
            try {
                // The wait ends when the oldest unforced record is due, however busy the queue is.
                wait = unforced > 0 && failure == null
                        ? Math.max(0, oldestUnforcedNanos + flushIntervalNanos - System.nanoTime()) : -1;
            } finally {
                commit.unlock();
            }
            boolean work = awaitQueued(wait);
            boolean closing;
            commit.lock();
            try {
                batch.clear();
                drain(batch, true);
                if (work && batch.isEmpty()) {
                    continue; // a caller of recordDurably committed it meanwhile
                }
                closing = processGuarded(batch);
            } finally {
                commit.unlock();
            }
            if (closing) {
                return;
            }
        }
    }

    /** {@link #process}, failing the sink (and never leaving a caller waiting) on an {@link Error}. */
    private boolean processGuarded(List<Entry> batch) {
        try {
            return process(batch);
        } catch (Error e) {
            fail(new IllegalStateException("the audit writer failed: " + e, e), batch);
            boolean closing = batch.stream().anyMatch(entry -> entry.kind() == Kind.CLOSE);
            if (closing) {
                release(batch);
            }
            return closing;
        }
    }

    /** Writes a batch; returns true when the sink is closed. */
    private boolean process(List<Entry> batch) {
        boolean closing = false;
        for (Entry entry : batch) {
            closing |= entry.kind() == Kind.CLOSE;
        }
        if (failure != null) {
            for (Entry entry : batch) {
                if (entry.done() != null && entry.kind() != Kind.CLOSE) {
                    entry.done().completeExceptionally(failure);
                }
            }
            if (closing) {
                release(batch);
            }
            return closing;
        }
        boolean force = batch.isEmpty();
        chain.clear();
        int events = 0;
        for (Entry entry : batch) {
            if (entry.kind() == Kind.EVENT) {
                chain.append(seq + 1, entry.json().bytes(), entry.json().length());
                seq++;
                events++;
            }
            force |= entry.done() != null;
        }
        if (events > 0) {
            prevHash = chain.lastHash();
        }
        try {
            if (end + chain.size() > allocated) {
                preallocate(end + chain.size());
            }
            ByteBuffer buffer = ByteBuffer.wrap(chain.buffer(), 0, chain.size());
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
            if (unforced == 0 && events > 0) {
                oldestUnforcedNanos = System.nanoTime();
            }
            unforced += events;
            // Forced when someone waits for it, and in any case once the oldest unforced record has
            // waited the flush interval: steady traffic of record() alone never postpones it.
            force |= unforced > 0 && System.nanoTime() - oldestUnforcedNanos >= flushIntervalNanos;
            if (force && unforced > 0) {
                channel.force(false);
                unforced = 0;
                durable = new Checkpoint(seq, prevHash);
            }
            // Durable records are released as soon as they are on disk; the checkpointer follows
            // on its own thread, so its fsync does not hold up the next batch.
            if (force) {
                requestCheckpoint(durable);
            }
            for (Entry entry : batch) {
                if (entry.done() != null && entry.kind() != Kind.CLOSE) {
                    entry.done().complete(null);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e, batch);
        }
        if (closing) {
            release(batch);
        }
        return closing;
    }

    /**
     * Extends the file to at least {@code needed} bytes with zeros, written for real and forced
     * once, so that the records written over them later change no file size: their forces then
     * flush data alone, with no metadata to commit. Each extent is twice the one before, up to
     * {@link #MAX_EXTENT}, so a short log pays a short one. Guarded by commit.
     */
    private void preallocate(long needed) throws IOException {
        long target = Math.max(needed, allocated + extent);
        target = (target + 4095) & ~4095L;
        while (allocated < target) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - allocated));
            allocated += channel.write(zeros, allocated);
        }
        channel.force(false);
        extent = Math.min(MAX_EXTENT, extent * 2);
    }

    /** On a clean close: cuts the zeros ahead of the last record off, so the file ends with it. Guarded by commit. */
    private void trimPadding() {
        if (failure != null || allocated <= end) {
            return;
        }
        try {
            channel.truncate(end);
            channel.force(false);
            allocated = end;
        } catch (IOException | RuntimeException e) {
            // Nothing is lost: every record is on disk, and readers take the zeros left after
            // them for the end of the log, as after a crash.
        }
    }

    private void fail(Exception e, List<Entry> batch) {
        AuditException error = new AuditException("the audit log " + file + " could not be written (" + e + ")", e);
        gate.readLock().lock();
        try {
            failure = error;
        } finally {
            gate.readLock().unlock();
        }
        for (Entry entry : batch) {
            if (entry.done() != null && entry.kind() != Kind.CLOSE) {
                entry.done().completeExceptionally(error);
            }
        }
    }

    private void requestCheckpoint(Checkpoint checkpoint) {
        synchronized (headLock) {
            headTarget = checkpoint;
            // A checkpointer waiting for its interval to pass takes the newest target when it does.
            if (headIdle) {
                headLock.notifyAll();
            }
        }
    }

    /**
     * Replaces the checkpoint with the latest durable record, at most once per checkpoint interval
     * (sooner when {@link #flush()} or {@link #close()} waits for it), coalescing the commits in
     * between: the checkpoint trails the log, so its own fsync and rename seldom compete with the
     * log's forces.
     */
    private void checkpointLoop() {
        while (true) {
            Checkpoint target;
            synchronized (headLock) {
                while (true) {
                    boolean pending = headTarget != null && headTarget.seq() > headWritten;
                    if (!pending && headStopping) {
                        return;
                    }
                    long early = nextHeadNanos - System.nanoTime();
                    if (pending && (headUrgent || headStopping || early <= 0)) {
                        break;
                    }
                    try {
                        if (pending) {
                            TimeUnit.NANOSECONDS.timedWait(headLock, early);
                        } else {
                            headIdle = true;
                            try {
                                headLock.wait();
                            } finally {
                                headIdle = false;
                            }
                        }
                    } catch (InterruptedException e) {
                        // Only close() stops the checkpointer, after the last checkpoint is written.
                    }
                }
                target = headTarget;
                headUrgent = false;
            }
            try {
                target.writeTo(headFile);
            } catch (IOException | RuntimeException e) {
                fail(e, List.of());
                synchronized (headLock) {
                    headLock.notifyAll();
                }
                return;
            }
            synchronized (headLock) {
                headWritten = target.seq();
                nextHeadNanos = System.nanoTime() + checkpointIntervalNanos;
                headLock.notifyAll();
            }
        }
    }

    private void release(List<Entry> batch) {
        synchronized (headLock) {
            headStopping = true;
            headLock.notifyAll();
        }
        boolean interrupted = false;
        while (checkpointer.isAlive()) {
            try {
                checkpointer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        trimPadding();
        try {
            if (fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException | RuntimeException ignored) {
            // Closing the channel releases the lock as well.
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new AuditException("the audit log " + file + " could not be closed (" + e + ")", e);
            }
        }
        for (Entry entry : batch) {
            if (entry.kind() == Kind.CLOSE) {
                entry.done().complete(null);
            }
        }
    }

    // ---- opening ----

    private static JsonlAuditSink open(Builder b, ChannelOpener opener) {
        Path file = b.file;
        Path head = Checkpoint.pathFor(file);
        FileChannel channel = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = opener.open(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new AuditException("the audit log " + file + " is already open for writing (by this or another"
                        + " process); one writer per file");
            }
            long seq = 0;
            String prev = RecordLine.GENESIS;
            long headSeq = 0;
            long discarded = 0;
            String recovered = null; // what the recovery incident says was cut off, and under which rule
            String rule = null;
            // Where the records end: any zeros after them (left by a writer that did not close)
            // are written over.
            long end = 0;
            if (channel.size() > 0 || Files.exists(head)) {
                AuditVerifier.Result existing = AuditVerifier.verify(file, head);
                if (existing.tampered()) {
                    throw new AuditException("refusing to append to the audit log " + file + ", it fails verification: "
                            + existing.problem().get().describe() + ". Move it aside (keep it as evidence) and start a"
                            + " new log");
                }
                seq = existing.lastSeq();
                prev = existing.lastHash();
                headSeq = existing.checkpoint().map(Checkpoint::seq).orElse(-1L);
                end = existing.intactBytes();
                if (existing.tornTailOnly()) {
                    AuditVerifier.Problem problem = existing.problem().get();
                    if (problem.kind() == AuditVerifier.Kind.UNFORCED_HOLE) {
                        // Nothing from the first NUL on was forced: it goes, holes, records and zeros.
                        discarded = channel.size() - existing.intactBytes();
                        rule = "audit.unforced_hole";
                        recovered = "discarded " + discarded + " bytes after seq " + seq + " (from byte "
                                + existing.intactBytes() + " on), none of them ever forced: " + problem.detail();
                    } else {
                        // The incomplete line is cut off, and with it any zeros after it.
                        discarded = channel.size() - existing.intactBytes() - existing.paddingBytes();
                        rule = "audit.torn_tail";
                        recovered = "discarded an incomplete last line of " + discarded + " bytes after seq " + seq
                                + ", left by a writer that stopped in the middle of a record";
                    }
                    channel.truncate(existing.intactBytes());
                    channel.force(true);
                }
            } else {
                Checkpoint.empty().writeTo(head);
            }
            // What is in the file now may only be in the page cache (a killed writer's last records):
            // force it before any checkpoint can name it.
            if (channel.size() > 0) {
                channel.force(true);
            }
            JsonlAuditSink sink = new JsonlAuditSink(file, head, channel, lock, b.masker, b.flushInterval,
                    b.checkpointInterval, b.capacity,
                    seq, prev, headSeq, end, channel.size());
            sink.start();
            if (discarded > 0) {
                try {
                    sink.recordDurably(new AuditEvent.Incident("audit-log", b.clock.instant(), "audit_log_recovered",
                            rule, recovered));
                } catch (AuditException e) {
                    try {
                        sink.close();
                    } catch (AuditException expected) {
                        e.addSuppressed(expected);
                    }
                    throw e;
                }
            }
            return sink;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot open the audit log " + file + ": " + e, e);
        }
    }

    /**
     * Settings of a {@link JsonlAuditSink}; {@link #open()} opens it. Not thread-safe.
     */
    public static final class Builder {
        private final Path file;
        private Redactor masker = Redactor.none();
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration checkpointInterval = Duration.ofMillis(100);
        private int capacity = 65_536;
        private Clock clock = Clock.systemUTC();
        private ChannelOpener opener = FILES;

        private Builder(Path file) {
            this.file = requireNonNull(file, "file is null");
        }

        /** Masks every string before it is hashed or written. Default: none (give one whenever secrets exist). */
        public Builder masker(Redactor masker) {
            this.masker = requireNonNull(masker, "masker is null");
            return this;
        }

        /** How long a record from {@link JsonlAuditSink#record} may wait before it is forced. Default: 1 s. */
        public Builder flushInterval(Duration interval) {
            requireNonNull(interval, "interval is null");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("flushInterval must be positive: " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /**
         * The least time between two rewrites of the checkpoint while records keep coming (a flush
         * or close still writes it at once). A longer interval lets a single writer commit at the
         * disk's fsync rate; truncation of records newer than the checkpoint is then detected only
         * as far as the checkpoint reaches. Zero rewrites it after every commit. Default: 100 ms.
         */
        public Builder checkpointInterval(Duration interval) {
            requireNonNull(interval, "interval is null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("checkpointInterval must not be negative: " + interval);
            }
            this.checkpointInterval = interval;
            return this;
        }

        /** Records that may wait for the writer before callers block. Default: 65,536. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** The clock of records the sink writes itself. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        Builder channelOpener(ChannelOpener opener) {
            this.opener = requireNonNull(opener, "opener is null");
            return this;
        }

        /**
         * Opens the log.
         *
         * @throws AuditException when it cannot be opened, is locked by another writer, or fails verification
         */
        public JsonlAuditSink open() {
            return JsonlAuditSink.open(this, opener);
        }
    }
}
