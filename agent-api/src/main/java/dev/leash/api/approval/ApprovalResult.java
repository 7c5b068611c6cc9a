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

    /** The call may run, if {@code callHash} is the request's. */
    record Approved(String reviewer, String callHash, Instant at) implements ApprovalResult {
        public Approved {
            requireNonNull(reviewer, "reviewer is null");
            requireNonNull(callHash, "callHash is null");
            requireNonNull(at, "at is null");
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

    /** True only when approved for exactly {@code request}. */
    default boolean approves(ApprovalRequest request) {
        return this instanceof Approved a && a.callHash().equals(request.callHash());
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
        return new Approved(reviewer, request.callHash(), Instant.now());
    }

    static ApprovalResult rejected(String reviewer, String reason) {
        return new Rejected(reviewer, reason, Instant.now());
    }
}
