package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * An approval request as the store keeps it, with its answer once there is one. Immutable.
 *
 * @param id the request's id (what reviewers answer)
 * @param agent the agent whose run asks
 * @param request the exact request: call, impact, every reason with its evidence, hash, expiry
 * @param status where it stands
 * @param answeredBy the reviewer who answered, if any
 * @param answeredAt when
 * @param seenHash the call hash the reviewer saw when answering
 * @param answerReason the reviewer's reason
 * @param usedAt when the run took the answer (an answer is taken once)
 */
public record StoredRequest(String id, String agent, ApprovalRequest request, Status status,
                            Optional<String> answeredBy, Optional<Instant> answeredAt, Optional<String> seenHash,
                            Optional<String> answerReason, Optional<Instant> usedAt) {

    /** Where a request stands. */
    public enum Status { PENDING, APPROVED, REJECTED, WITHDRAWN }

    public StoredRequest {
        requireNonNull(id, "id is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(request, "request is null");
        requireNonNull(status, "status is null");
        requireNonNull(answeredBy, "answeredBy is null");
        requireNonNull(answeredAt, "answeredAt is null");
        requireNonNull(seenHash, "seenHash is null");
        requireNonNull(answerReason, "answerReason is null");
        requireNonNull(usedAt, "usedAt is null");
    }

    /** Undecided and not expired at {@code now}. */
    public boolean open(Instant now) {
        return status == Status.PENDING && !request.expiredAt(now);
    }

    /** {@code pending}, {@code expired}, {@code approved}, {@code rejected} or {@code withdrawn}. */
    public String state(Instant now) {
        if (status == Status.PENDING && request.expiredAt(now)) {
            return "expired";
        }
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
