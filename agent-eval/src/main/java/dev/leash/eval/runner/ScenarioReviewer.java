package dev.leash.eval.runner;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.eval.scenario.Reviewer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scenario's simulated human as an approval gate: approves exactly the requests its
 * {@link Reviewer} approves (binding the approval to the request's hash), rejects the rest, and
 * counts the requests it was asked and those that carried a risk flag. Thread-safe.
 */
public final class ScenarioReviewer implements ApprovalGate {

    /** The reviewer name in approvals and audit records. */
    public static final String NAME = "scenario-reviewer";

    private final Reviewer reviewer;
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger approved = new AtomicInteger();
    private final AtomicInteger flagged = new AtomicInteger();

    public ScenarioReviewer(Reviewer reviewer) {
        this.reviewer = requireNonNull(reviewer, "reviewer is null");
    }

    @Override
    public ApprovalResult review(ApprovalRequest request) {
        asked.incrementAndGet();
        if (!request.routine()) {
            flagged.incrementAndGet();
        }
        if (reviewer.approves(request)) {
            approved.incrementAndGet();
            return ApprovalResult.approved(NAME, request);
        }
        String why = reviewer.mode() == Reviewer.Mode.CAUTIOUS
                ? " because it carries the risk flag(s) " + String.join(", ", request.flags().stream().map(f -> f.rule()).toList())
                : "";
        return ApprovalResult.rejected(NAME, "the scenario's reviewer (" + reviewer.describe() + ") does not approve "
                + request.call().tool() + why);
    }

    /** Approval requests so far. */
    public int asked() {
        return asked.get();
    }

    /** Requests so far that carried a risk flag. */
    public int flagged() {
        return flagged.get();
    }

    /** Requests approved so far. */
    public int approved() {
        return approved.get();
    }
}
