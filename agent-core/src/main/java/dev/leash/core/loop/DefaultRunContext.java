package dev.leash.core.loop;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunContext;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.RandomAccess;
import java.util.List;
import java.util.Optional;

/**
 * The loop's {@link RunContext}: the state of one run. Also usable on its own, to drive a {@code
 * GuardedExecutor}, a policy or a tool in a test without the loop. Thread-safe.
 */
public final class DefaultRunContext implements RunContext {

    private final String runId;
    private final String principal;
    private final String session;
    private final String goal;
    private final SafetyLevel level;
    private final Instant deadline;
    private Observation[] observations = new Observation[16];
    private int observed;
    private List<Runnable> endCallbacks = new ArrayList<>();
    private boolean ended;
    private int denials;
    private int approvalsRequested;
    private int approvalsGranted;
    private Termination termination;

    public DefaultRunContext(String runId, String principal, String session, String goal, SafetyLevel level, Instant deadline) {
        this.runId = requireNonNull(runId);
        this.principal = requireNonNull(principal);
        this.session = requireNonNull(session);
        this.goal = requireNonNull(goal);
        this.level = requireNonNull(level);
        this.deadline = requireNonNull(deadline);
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String principal() {
        return principal;
    }

    @Override
    public String session() {
        return session;
    }

    @Override
    public String goal() {
        return goal;
    }

    @Override
    public SafetyLevel level() {
        return level;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    /**
     * A snapshot, in constant time: the list reads an array whose first {@code n} slots never
     * change again (a later observation goes to a later slot or to a new, larger array).
     */
    @Override
    public synchronized List<Observation> observations() {
        return new Snapshot(observations, observed);
    }

    /** A run of {@code principal} at {@code level} with an hour to go, for tests. */
    public static DefaultRunContext of(String principal, SafetyLevel level) {
        return new DefaultRunContext("run-" + java.util.UUID.randomUUID(), principal, "session-test", "test", level,
                Instant.now().plusSeconds(3600));
    }

    /** Puts back the counters and observations of a run that suspended (the loop does this on resume). */
    synchronized void restore(int restoredDenials, int restoredRequested, int restoredGranted, List<Observation> seen) {
        denials = restoredDenials;
        approvalsRequested = restoredRequested;
        approvalsGranted = restoredGranted;
        for (Observation observation : seen) {
            observe(observation);
        }
    }

    /** Adds an observation (the loop does this after every call). */
    public synchronized void observe(Observation observation) {
        requireNonNull(observation, "observation is null");
        if (observed == observations.length) {
            observations = Arrays.copyOf(observations, observed * 2);
        }
        observations[observed++] = observation;
    }

    @Override
    public void onEnd(Runnable callback) {
        requireNonNull(callback, "callback is null");
        synchronized (this) {
            if (!ended) {
                endCallbacks.add(callback);
                return;
            }
        }
        runQuietly(callback);
    }

    /**
     * Ends the run: runs every {@link #onEnd} callback once, in the order registered (the loop
     * calls this when it returns the run's result). Idempotent.
     */
    public void end() {
        List<Runnable> callbacks;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            callbacks = endCallbacks;
            endCallbacks = List.of();
        }
        callbacks.forEach(DefaultRunContext::runQuietly);
    }

    /** Whether {@link #end()} was called. */
    public synchronized boolean ended() {
        return ended;
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // One failing callback must not keep the others from releasing their state.
        }
    }

    @Override
    public synchronized int denials() {
        return denials;
    }

    @Override
    public synchronized int recordDenial() {
        return ++denials;
    }

    @Override
    public synchronized void recordApproval(boolean granted) {
        approvalsRequested++;
        if (granted) {
            approvalsGranted++;
        }
    }

    @Override
    public synchronized int approvalsRequested() {
        return approvalsRequested;
    }

    @Override
    public synchronized int approvalsGranted() {
        return approvalsGranted;
    }

    @Override
    public synchronized void terminate(String rule, String reason) {
        if (termination == null) {
            termination = new Termination(rule, reason);
        }
    }

    @Override
    public synchronized Optional<Termination> termination() {
        return Optional.ofNullable(termination);
    }

    /** An immutable view of the first {@code size} observations. */
    private static final class Snapshot extends AbstractList<Observation> implements RandomAccess {
        private final Observation[] items;
        private final int size;

        Snapshot(Observation[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        public Observation get(int index) {
            java.util.Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
