package dev.leash.core.suspend;

import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.run.Outcome;
import java.util.Optional;

/**
 * Where suspended runs and the answers to their approval requests are kept, durably. The agent
 * loop saves a run that waits, and on resume claims it, reads and takes the answers, and
 * finishes it. Implementations are thread-safe and safe across processes sharing the store:
 * {@link #claim} succeeds for one caller only, and {@link #take} hands out an answer once.
 */
public interface SuspensionStore {

    /** Stores a run that waits; durable when this returns. */
    void save(SuspendedRun run);

    /**
     * Takes the run for resuming: only one caller gets it, until {@link #release} or {@link
     * #finish}. Empty when the run is not suspended (unknown, finished, or being resumed).
     */
    Optional<SuspendedRun> claim(String runId);

    /** Gives a claimed run back, still waiting (some request is undecided). */
    void release(String runId);

    /**
     * The run is over (or goes on with new requests under a new {@link #save}): it is no longer
     * resumable, and requests of it still undecided are withdrawn.
     */
    void finish(String runId, Outcome outcome);

    /** How a run stands: {@code suspended}, {@code resuming}, or the outcome it finished with. */
    Optional<String> status(String runId);

    /**
     * The answer to a request if it is decided, without taking it: empty while undecided; an
     * expired request reads as {@link ApprovalResult.TimedOut}.
     */
    Optional<ApprovalResult> decided(String requestId);

    /**
     * Takes the answer for exactly this run, call and argument hash, once: an answer counts only
     * for its own request, before expiry, and only the first time. Anything else (mismatch,
     * already taken, expired, undecided) is returned as a denial ({@link ApprovalResult.Failed}
     * or {@link ApprovalResult.TimedOut}).
     */
    ApprovalResult take(String requestId, String runId, String callId, String callHash);
}
