package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where reviewers answer: the web console and {@code leash approvals} both go through it. A
 * reviewer sees and decides only the requests in their scope, never a run of their own
 * principal; an answer counts only for a pending, unexpired request and the exact call hash the
 * reviewer saw (the store checks that again, atomically). Every attempt, counted or refused, is
 * audited with who, when, and the hash they saw. Thread-safe.
 */
public final class ApprovalDesk {

    /**
     * What came of an answer.
     *
     * @param counted true when the answer was recorded and decides the request
     * @param message for the reviewer
     */
    public record Verdict(boolean counted, String message) {
    }

    private final ApprovalStore store;
    private final Map<String, Reviewer> reviewers;
    private final AuditSink audit;
    private final Clock clock;

    public ApprovalDesk(ApprovalStore store, List<Reviewer> reviewers, AuditSink audit) {
        this(store, reviewers, audit, Clock.systemUTC());
    }

    public ApprovalDesk(ApprovalStore store, List<Reviewer> reviewers, AuditSink audit, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        Map<String, Reviewer> byName = new LinkedHashMap<>();
        for (Reviewer r : requireNonNull(reviewers, "reviewers is null")) {
            if (byName.put(r.name(), r) != null) {
                throw new IllegalArgumentException("two reviewers are named " + r.name());
            }
        }
        this.reviewers = Map.copyOf(byName);
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ApprovalStore store() {
        return store;
    }

    /** The reviewer named {@code name}, if configured. */
    public Optional<Reviewer> reviewer(String name) {
        return Optional.ofNullable(name == null ? null : reviewers.get(name));
    }

    /** The reviewer, when {@code password} (or token) is theirs. */
    public Optional<Reviewer> authenticate(String name, String password) {
        return reviewer(name).filter(r -> r.verify(password));
    }

    /** Pending requests {@code reviewer} may decide, risk-flagged first. */
    public List<StoredRequest> pendingFor(Reviewer reviewer) {
        return store.pending().stream().filter(r -> mayDecide(reviewer, r)).toList();
    }

    /** Past and present requests {@code reviewer} may see, newest first. */
    public List<StoredRequest> historyFor(Reviewer reviewer, int limit) {
        return store.history(Math.max(limit, 1) * 4).stream().filter(r -> mayDecide(reviewer, r)).limit(limit).toList();
    }

    /** One request, if {@code reviewer} may see it; otherwise empty, as if it did not exist. */
    public Optional<StoredRequest> visibleTo(Reviewer reviewer, String id) {
        return store.find(id).filter(r -> mayDecide(reviewer, r));
    }

    private static boolean mayDecide(Reviewer reviewer, StoredRequest r) {
        return reviewer.mayDecide(r.request().principal(), r.agent());
    }

    /**
     * Approves or rejects request {@code id} as {@code reviewerName}, who saw {@code seenHash}.
     * Refused (and audited) when the reviewer is unknown or out of scope, the request is not
     * pending or has expired, the hash is not the request's, or another answer came first.
     */
    public Verdict decide(String reviewerName, String id, boolean approve, String reason, String seenHash) {
        requireNonNull(id, "id is null");
        String seen = seenHash == null ? "" : seenHash;
        String text = reason == null ? "" : reason.strip();
        Optional<Reviewer> reviewer = reviewer(reviewerName);
        Optional<StoredRequest> found = store.find(id);
        String refusal = null;
        if (reviewer.isEmpty()) {
            refusal = "there is no reviewer named " + reviewerName;
        } else if (found.isEmpty() || !mayDecide(reviewer.get(), found.get())) {
            refusal = "there is no request " + id + " that " + reviewerName + " may decide";
        } else if (!found.get().open(clock.instant())) {
            refusal = "request " + id + " is " + found.get().state(clock.instant()) + "; it can no longer be answered";
        } else if (!found.get().request().callHash().equals(seen)) {
            refusal = "the call hash " + (seen.isEmpty() ? "(none)" : seen) + " is not the one of request " + id
                    + " (" + found.get().request().callHash() + "); reload the request and answer what it asks";
        } else if (!approve && text.isEmpty()) {
            refusal = "a rejection needs a reason (the agent is told it)";
        }
        Instant now = clock.instant();
        if (refusal == null && !store.answer(id, approve, reviewerName, text, seen)) {
            refusal = "request " + id + " was answered by someone else, or expired, first";
        }
        String runId = found.map(r -> r.request().runId()).orElse("unknown");
        String callId = found.map(r -> r.request().callId()).orElse("unknown");
        String who = reviewerName == null ? "unknown" : reviewerName;
        if (refusal != null) {
            audit.record(new AuditEvent.ApprovalAnswered(runId, now, callId, seen, "refused_answer", who,
                    (approve ? "approve" : "reject") + " of " + id + " not counted: " + refusal));
            return new Verdict(false, refusal);
        }
        audit.record(new AuditEvent.ApprovalAnswered(runId, now, callId, seen, approve ? "approved" : "rejected", who,
                "request " + id + (text.isEmpty() ? "" : ": " + text)));
        return new Verdict(true, (approve ? "approved " : "rejected ") + id);
    }
}
