package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>{@link #shared()} is the process-wide watchdog every executor and loop uses unless given
 * another one; its thread is a daemon and needs no closing. A watchdog made with {@link
 * #create()} is owned by its creator, who closes it. Thread-safe.
 */
public final class Watchdog implements AutoCloseable {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final ScheduledThreadPoolExecutor timer;
    private final boolean closeable;

    private Watchdog(String name, boolean closeable) {
        this.closeable = closeable;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The process-wide watchdog: one daemon thread, created on first use, never closed. */
    public static Watchdog shared() {
        return Shared.INSTANCE;
    }

    /** A watchdog of its own (one thread), to be closed by whoever created it. */
    public static Watchdog create() {
        return new Watchdog("leash-watchdog", true);
    }

    /**
     * Runs {@code work} on this thread, interrupting it when {@code limit} has passed.
     *
     * @return what the work returned, when it returned within the limit
     * @throws TimeoutException when the limit passed first (the work has ended by then)
     * @throws ExecutionException when the work threw within the limit (its cause)
     * @throws InterruptedException when this thread was interrupted by someone else
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
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            if (state.compareAndSet(RUNNING, INTERRUPTING)) {
                caller.interrupt();
                state.set(INTERRUPTED);
            }
        }, nanos, TimeUnit.NANOSECONDS);
        T result = null;
        Throwable failure = null;
        try {
            result = work.call();
        } catch (Throwable t) {
            failure = t;
        }
        if (state.compareAndSet(RUNNING, DONE)) {
            alarm.cancel(false);
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }
        // The alarm fired: wait until its interrupt has been delivered, then clear it, so that
        // it cannot hit whatever this thread does next.
        while (state.get() != INTERRUPTED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        throw new TimeoutException();
    }

    /** Stops a watchdog made by {@link #create()}; the shared one cannot be closed. */
    @Override
    public void close() {
        if (!closeable) {
            throw new UnsupportedOperationException("the shared watchdog lives as long as the process");
        }
        timer.shutdownNow();
    }

    private static final class Shared {
        static final Watchdog INSTANCE = new Watchdog("leash-watchdog-shared", false);
    }
}
