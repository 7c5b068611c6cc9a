package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs work on the caller's own thread with a time limit: when the limit passes, the watchdog
 * interrupts the caller's thread, and {@link #call} reports a {@link TimeoutException} once the
 * work has returned or thrown. No thread is handed the work and no thread is created per call;
 * one watchdog thread serves every caller, so a process that builds any number of agents holds a
 * constant number of threads.
 *
 * <p>Work that ignores interruption runs to its end; its result is then discarded and the call
 * still reports the timeout (the limit bounds what is accepted, not what a blocking tool does).
 *
 * <p>The watchdog is armed lazily: a call only registers its deadline, and the watchdog thread is
 * woken only when that deadline is earlier than the time it is already going to wake at. Under
 * steady traffic with one timeout (calls far shorter than the limit), the thread wakes about once
 * per limit, not once per call; at each wake it looks at the calls still running and sleeps until
 * the earliest of their deadlines.
 *
 * <p>{@link #shared()} is the process-wide watchdog every executor and loop uses unless given
 * another one; its thread is a daemon and needs no closing. A watchdog made with {@link
 * #create()} is owned by its creator, who closes it; a closed watchdog refuses new work with a
 * {@link RejectedExecutionException}. The thread is started on first use. Thread-safe.
 */
public final class Watchdog implements AutoCloseable {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    /** {@link #wakeAt} while the thread scans: whoever registers meanwhile wakes it again. */
    private static final long SCANNING = Long.MIN_VALUE;
    /** {@link #wakeAt} while the thread sleeps with nothing to watch. */
    private static final long IDLE = Long.MAX_VALUE;

    private final String name;
    private final boolean closeable;
    private final Set<Ticket> running = ConcurrentHashMap.newKeySet();
    /**
     * When the thread will next look at the running calls ({@link System#nanoTime()} scale), or
     * {@link #SCANNING} / {@link #IDLE}. Invariant: every registered deadline is at or after it,
     * or the thread has been woken to look again.
     */
    private volatile long wakeAt = IDLE;
    private volatile Thread thread;
    private volatile boolean closed;

    private Watchdog(String name, boolean closeable) {
        this.name = name;
        this.closeable = closeable;
    }

    /** The process-wide watchdog: one daemon thread, created on first use, never closed. */
    public static Watchdog shared() {
        return Shared.INSTANCE;
    }

    /** A watchdog of its own (one thread), to be closed by whoever created it. */
    public static Watchdog create() {
        return new Watchdog("leash-watchdog", true);
    }

    /** One call being watched; its state is the handshake between the caller and the watchdog. */
    private static final class Ticket extends AtomicInteger {
        final Thread caller;
        final long deadline;

        Ticket(Thread caller, long deadline) {
            super(RUNNING);
            this.caller = caller;
            this.deadline = deadline;
        }

        /** Called by the watchdog thread once the deadline has passed. */
        void expire() {
            if (compareAndSet(RUNNING, INTERRUPTING)) {
                caller.interrupt();
                set(INTERRUPTED);
            }
        }
    }

    /**
     * Runs {@code work} on this thread, interrupting it when {@code limit} has passed.
     *
     * @return what the work returned, when it returned within the limit
     * @throws TimeoutException when the limit passed first (the work has ended by then)
     * @throws ExecutionException when the work threw within the limit (its cause)
     * @throws InterruptedException when this thread was interrupted by someone else
     * @throws RejectedExecutionException when this watchdog has been closed
     */
    public <T> T call(Callable<T> work, Duration limit) throws TimeoutException, ExecutionException, InterruptedException {
        requireNonNull(work, "work is null");
        requireNonNull(limit, "limit is null");
        long nanos = limit.toNanos();
        if (nanos <= 0) {
            throw new TimeoutException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (closed) {
            throw new RejectedExecutionException("the watchdog " + name + " is closed");
        }
        long now = System.nanoTime();
        // Saturate: a limit of centuries must not wrap around into the past.
        long deadline = now + nanos < now ? Long.MAX_VALUE - 1 : now + nanos;
        Ticket ticket = new Ticket(Thread.currentThread(), deadline);
        running.add(ticket);
        // After the registration: if the thread will not look before this deadline, wake it.
        if (deadline < wakeAt) {
            wake();
        }
        T result = null;
        Throwable failure = null;
        try {
            result = work.call();
        } catch (Throwable t) {
            failure = t;
        }
        running.remove(ticket);
        if (ticket.compareAndSet(RUNNING, DONE)) {
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }
        // The deadline passed: wait until its interrupt has been delivered, then clear it, so that
        // it cannot hit whatever this thread does next.
        while (ticket.get() != INTERRUPTED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        throw new TimeoutException();
    }

    private void wake() {
        Thread t = thread;
        if (t == null) {
            t = start();
        }
        LockSupport.unpark(t);
    }

    private synchronized Thread start() {
        if (thread == null) {
            Thread t = new Thread(this::watch, name);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return thread;
    }

    /** The watchdog thread: expire what is due, then sleep until the earliest deadline left. */
    private void watch() {
        while (!closed) {
            wakeAt = SCANNING;
            // Order the SCANNING mark before the reads of the running calls: a caller that
            // registers after this scan has missed it sees the mark (or the new wake time) and
            // wakes this thread again.
            VarHandle.fullFence();
            long now = System.nanoTime();
            long earliest = IDLE;
            for (Ticket ticket : running) {
                if (ticket.deadline <= now) {
                    running.remove(ticket);
                    ticket.expire();
                } else if (ticket.deadline < earliest) {
                    earliest = ticket.deadline;
                }
            }
            wakeAt = earliest;
            if (earliest == IDLE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, earliest - System.nanoTime());
            }
        }
        // Closed: like a timer shut down with its alarms cancelled, calls still running are no
        // longer watched and finish undisturbed.
    }

    /** Stops a watchdog made by {@link #create()}; the shared one cannot be closed. */
    @Override
    public void close() {
        if (!closeable) {
            throw new UnsupportedOperationException("the shared watchdog lives as long as the process");
        }
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private static final class Shared {
        static final Watchdog INSTANCE = new Watchdog("leash-watchdog-shared", false);
    }
}
