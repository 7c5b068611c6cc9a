package dev.leash.api.approval;

/**
 * Puts a call to a human and returns the answer. Must not throw: a gate that cannot get an
 * answer returns {@link ApprovalResult.Failed} or {@link ApprovalResult.TimedOut}, and the call
 * is denied. Must not block beyond its configured timeout. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ApprovalGate {

    ApprovalResult review(ApprovalRequest request);

    /** A gate that rejects everything: the default when nobody is watching. */
    static ApprovalGate denyAll() {
        return request -> ApprovalResult.rejected("deny-gate", "no reviewer is configured; approval-gated calls are denied");
    }
}
