package dev.leash.approvals;

import dev.leash.api.approval.ApprovalRequest;

/**
 * Tells reviewers that a request waits (a chat message, a mail, a webhook). Announcing never
 * decides anything: the answer is given in the console or with {@code leash approvals}.
 * Implementations are thread-safe and should not block for long.
 */
@FunctionalInterface
public interface PendingNotifier {
    void announce(String requestId, ApprovalRequest request);
}
