package dev.leash.core.loop;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunContext;
import java.time.Instant;
import java.util.ArrayList;
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
    private final List<Observation> observations = new ArrayList<>();
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

    @Override
    public synchronized List<Observation> observations() {
        return List.copyOf(observations);
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
        observations.addAll(seen);
    }

    /** Adds an observation (the loop does this after every call). */
    public synchronized void observe(Observation observation) {
        observations.add(observation);
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
}
