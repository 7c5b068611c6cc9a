package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.time.Instant;
import java.util.List;

/**
 * The {@code gate: store} approval gate: it stores the request in the {@link ApprovalStore},
 * announces it to each {@link PendingNotifier} (a webhook with a link to the console, for
 * instance), and answers {@link ApprovalResult.Pending} at once, so the run suspends instead of
 * holding a thread. A request that cannot be stored is a failure, and the call is denied.
 * Thread-safe.
 */
public final class StoreGate implements ApprovalGate {

    private final ApprovalStore store;
    private final String agent;
    private final List<PendingNotifier> notifiers;

    public StoreGate(ApprovalStore store, String agent, List<PendingNotifier> notifiers) {
        this.store = requireNonNull(store, "store is null");
        this.agent = requireNonNull(agent, "agent is null");
        this.notifiers = List.copyOf(requireNonNull(notifiers, "notifiers is null"));
    }

    @Override
    public ApprovalResult review(ApprovalRequest request) {
        String id;
        try {
            id = store.submit(request, agent);
        } catch (RuntimeException e) {
            return new ApprovalResult.Failed("system", "the approval request could not be stored: " + e.getMessage(), Instant.now());
        }
        for (PendingNotifier notifier : notifiers) {
            try {
                notifier.announce(id, request);
            } catch (RuntimeException e) {
                // An announcement that fails leaves the request pending and visible in the console.
            }
        }
        return new ApprovalResult.Pending(id, Instant.now());
    }
}
