package dev.leash.api.approval;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A reviewer's answer. Only {@link Approved} with the request's hash lets the call run; anything
 * else (rejected, timed out, failed) is a denial. {@link Pending} is not an answer: the gate has
 * stored the request for a reviewer who answers later, and the run suspends instead of waiting
 * (an executor that cannot suspend treats it as a denial).
 */
public sealed interface ApprovalResult
        permits ApprovalResult.Approved, ApprovalResult.Rejected, ApprovalResult.TimedOut, ApprovalResult.Failed,
        ApprovalResult.Pending {

    /** Who answered ({@code system} for timeouts and failures). */
    String reviewer();

    Instant at();

    /**
     * The call may run, if this approval is bound to the request: the same run, principal, call id
     * and argument hash, and it arrives before the request expires. A gate answers one request with one
     * approval; it is used once (the executor consumes it for that call only).
     *
     * @param reviewer who approved
     * @param callHash the {@link CallHash} the reviewer saw
     * @param at when the reviewer answered
     * @param runId the run the reviewer looked at
     * @param callId the call (within that run) the reviewer looked at
     * @param principal the principal of that run
     */
    record Approved(String reviewer, String callHash, Instant at, String runId, String callId, String principal)
            implements ApprovalResult {
        public Approved {
            requireNonNull(reviewer, "reviewer is null");
            requireNonNull(callHash, "callHash is null");
            requireNonNull(at, "at is null");
            requireNonNull(runId, "runId is null");
            requireNonNull(callId, "callId is null");
            requireNonNull(principal, "principal is null");
        }

        /**
         * An approval that names only the argument hash. It is bound to no run or call, so it
         * approves nothing; kept so that older gates compile and fail closed.
         */
        public Approved(String reviewer, String callHash, Instant at) {
            this(reviewer, callHash, at, "", "", "");
        }
    }

    /** The reviewer said no. */
    record Rejected(String reviewer, String reason, Instant at) implements ApprovalResult {
        public Rejected {
            requireNonNull(reviewer, "reviewer is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(at, "at is null");
        }
    }

    /** No answer in time. */
    record TimedOut(String reviewer, Instant at) implements ApprovalResult {
    }

    /** The gate could not get an answer (unreachable reviewer, malformed answer). */
    record Failed(String reviewer, String error, Instant at) implements ApprovalResult {
        public Failed {
            requireNonNull(error, "error is null");
        }
    }

    /**
     * No answer yet: the request is stored under {@code requestId} and a reviewer will decide it
     * later. The call does not run now; the run suspends.
     *
     * @param requestId the stored request's id, which reviewers answer
     * @param at when the request was stored
     */
    record Pending(String requestId, Instant at) implements ApprovalResult {
        public Pending {
            requireNonNull(requestId, "requestId is null");
            requireNonNull(at, "at is null");
        }

        @Override
        public String reviewer() {
            return "system";
        }
    }

    /** True only when approved for exactly {@code request}: see {@link #bindingProblem}. */
    default boolean approves(ApprovalRequest request) {
        return this instanceof Approved && bindingProblem(request).isEmpty();
    }

    /**
     * Why this approval does not apply to {@code request} (another run, principal, call or
     * arguments); empty when it applies or when this is not an approval. Expiry is checked by
     * whoever consumes the answer, against its own clock ({@link ApprovalRequest#expiredAt}).
     */
    default java.util.Optional<String> bindingProblem(ApprovalRequest request) {
        if (!(this instanceof Approved a)) {
            return java.util.Optional.empty();
        }
        if (a.runId().isEmpty() || a.callId().isEmpty()) {
            return java.util.Optional.of("the approval names no run and call, so it cannot be bound to this call");
        }
        if (!a.runId().equals(request.runId())) {
            return java.util.Optional.of("the approval was for another run (" + a.runId() + "), not " + request.runId());
        }
        if (!a.principal().equals(request.principal())) {
            return java.util.Optional.of("the approval was for another principal (" + a.principal() + ")");
        }
        if (!a.callId().equals(request.callId())) {
            return java.util.Optional.of("the approval was for another call (" + a.callId() + "), not " + request.callId());
        }
        if (!a.callHash().equals(request.callHash())) {
            return java.util.Optional.of("the approval was for different arguments");
        }
        return java.util.Optional.empty();
    }

    /** {@code approved}, {@code rejected}, {@code timed_out}, {@code failed} or {@code pending}. */
    default String kind() {
        if (this instanceof Pending) {
            return "pending";
        }
        if (this instanceof Approved) {
            return "approved";
        }
        if (this instanceof Rejected) {
            return "rejected";
        }
        return this instanceof TimedOut ? "timed_out" : "failed";
    }

    static ApprovalResult approved(String reviewer, ApprovalRequest request) {
        return new Approved(reviewer, request.callHash(), Instant.now(), request.runId(), request.callId(),
                request.principal());
    }

    static ApprovalResult rejected(String reviewer, String reason) {
        return new Rejected(reviewer, reason, Instant.now());
    }
}
