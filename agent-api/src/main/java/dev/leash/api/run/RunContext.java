package dev.leash.api.run;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The live state of one run, shared by the loop and the executor. The loop owns it; the executor
 * counts denials in it and may end the run.
 *
 * <p>Implementations are thread-safe.
 */
public interface RunContext {

    String runId();

    String principal();

    String session();

    String goal();

    SafetyLevel level();

    /** When the run's wall-clock budget ends. */
    Instant deadline();

    /** Every observation so far, oldest first (with provenance, for taint tracking). */
    List<Observation> observations();

    /** Refusals counted so far. */
    int denials();

    /** Counts one more refusal; returns the new count. */
    int recordDenial();

    /** Counts an approval request and whether it was granted. */
    void recordApproval(boolean granted);

    /** Approval requests so far. */
    int approvalsRequested();

    /** Approvals granted so far. */
    int approvalsGranted();

    /** Ends the run {@link Outcome#TERMINATED_BY_POLICY} once the current call is done. */
    void terminate(String rule, String reason);

    /** The termination, if the run was ended by policy. */
    Optional<Termination> termination();

    /**
     * Registers {@code callback} to run once when this run has ended, whatever its outcome, so
     * that per-run state kept elsewhere (a guard's analysis of the run's observations, a cache
     * keyed by run id) can be released then rather than whenever a garbage collector gets to it.
     * Callbacks run on the thread that ends the run, in the order they were registered; one that
     * throws does not stop the others. A callback registered after the run ended runs at once.
     *
     * <p>The loop's own context ends the run when the loop returns its result. The default
     * implementation, for contexts that have no end of their own, never calls back: state keyed
     * by such a context must not rely on this alone.
     */
    default void onEnd(Runnable callback) {
        java.util.Objects.requireNonNull(callback, "callback is null");
    }

    /**
     * Why a run was ended by policy.
     *
     * @param rule the rule that ended it, e.g. {@code persistence.max_denials}
     * @param reason an explanation for people
     */
    record Termination(String rule, String reason) {
    }
}
