package dev.leash.core.suspend;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.run.RunRequest;
import dev.leash.core.suspend.internal.SuspendedRunJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run that waits for reviewers, in this process or another one:
 * the request, the completed turns (the conversation a model planner rebuilds its chat from),
 * the batch that was interrupted with what came of each of its calls so far, which of them wait
 * for which request, the counters, and the planner's own checkpoint. Immutable and thread-safe.
 *
 * @param runId the run
 * @param request the original request (goal, principal, session)
 * @param level the level the run started at; a run resumes only under the same level
 * @param turns completed turns, oldest first
 * @param batch the interrupted step
 * @param batchNumber its turn number
 * @param batchObservations one per call of {@code batch}, in order; those waiting are {@link
 *     Observation.Status#PENDING_APPROVAL}
 * @param pending the calls that wait, each with its request id
 * @param observed every observation the run context held (for taint tracking), oldest first
 * @param counters the loop's and the run context's counters
 * @param plannerCheckpoint {@link dev.leash.api.plan.Planner#checkpoint()} at suspension
 * @param inputTokens model tokens used so far (prompt)
 * @param outputTokens model tokens used so far (completion)
 * @param suspendedAt when the run suspended
 * @param attributes what the embedding application needs to rebuild the agent (the command
 *     line keeps its options here); never secrets
 */
public record SuspendedRun(String runId, RunRequest request, SafetyLevel level, List<Turn> turns,
                           Step.CallTools batch, int batchNumber, List<Observation> batchObservations,
                           List<PendingCall> pending, List<Observation> observed, Counters counters,
                           String plannerCheckpoint, long inputTokens, long outputTokens, Instant suspendedAt,
                           Map<String, String> attributes) {

    public SuspendedRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(request, "request is null");
        requireNonNull(level, "level is null");
        turns = List.copyOf(requireNonNull(turns, "turns is null"));
        requireNonNull(batch, "batch is null");
        batchObservations = List.copyOf(requireNonNull(batchObservations, "batchObservations is null"));
        if (batchObservations.size() != batch.calls().size()) {
            throw new IllegalArgumentException("batchObservations must have one observation per call of the batch");
        }
        pending = List.copyOf(requireNonNull(pending, "pending is null"));
        if (pending.isEmpty()) {
            throw new IllegalArgumentException("a suspended run waits for at least one request");
        }
        for (PendingCall p : pending) {
            if (p.index() < 0 || p.index() >= batch.calls().size()
                    || !batch.calls().get(p.index()).id().equals(p.callId())) {
                throw new IllegalArgumentException("pending call " + p.callId() + " is not at index " + p.index() + " of the batch");
            }
        }
        observed = List.copyOf(requireNonNull(observed, "observed is null"));
        requireNonNull(counters, "counters is null");
        plannerCheckpoint = plannerCheckpoint == null ? "" : plannerCheckpoint;
        requireNonNull(suspendedAt, "suspendedAt is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    /** The ids of the requests this run waits for. */
    public List<String> requestIds() {
        return pending.stream().map(PendingCall::requestId).toList();
    }

    /** This snapshot as JSON text, for a store. */
    public String toJson() {
        return SuspendedRunJson.write(this);
    }

    /** Reads what {@link #toJson()} wrote. */
    public static SuspendedRun fromJson(String json) {
        return SuspendedRunJson.read(json);
    }

    /** The same run with other attributes. */
    public SuspendedRun withAttributes(Map<String, String> more) {
        return new SuspendedRun(runId, request, level, turns, batch, batchNumber, batchObservations, pending, observed,
                counters, plannerCheckpoint, inputTokens, outputTokens, suspendedAt, more);
    }

    /**
     * A call of the batch that waits for a reviewer.
     *
     * @param index its position in the batch
     * @param callId the call's id
     * @param requestId the stored approval request
     */
    public record PendingCall(int index, String callId, String requestId) {
        public PendingCall {
            requireNonNull(callId, "callId is null");
            requireNonNull(requestId, "requestId is null");
        }
    }

    /**
     * Counters carried over a suspension.
     *
     * @param proposed calls proposed
     * @param executed calls that ran
     * @param failures calls that ran and failed
     * @param denials refusals counted toward the tier's threshold
     * @param approvalsRequested approval requests answered so far
     * @param approvalsGranted of those, granted
     */
    public record Counters(int proposed, int executed, int failures, int denials, int approvalsRequested,
                           int approvalsGranted) {
    }
}
