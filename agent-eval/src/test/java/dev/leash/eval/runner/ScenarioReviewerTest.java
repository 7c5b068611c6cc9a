package dev.leash.eval.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.eval.scenario.Reviewer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioReviewerTest {

    private static ApprovalRequest request(String tool) {
        ToolCall call = ToolCall.of(tool, JsonNodeFactory.instance.objectNode().put("to", "a@b.example"));
        return ApprovalRequest.of("run", "p", SafetyLevel.LEVEL_3, call, Impact.IRREVERSIBLE, "impact-gate", "needs a human",
                List.of(), Instant.now());
    }

    @Test
    void denyingReviewerRejectsAndCounts() {
        ScenarioReviewer reviewer = new ScenarioReviewer(Reviewer.denyAll());
        ApprovalResult result = reviewer.review(request("send_email"));
        assertThat(result).isInstanceOf(ApprovalResult.Rejected.class);
        assertThat(reviewer.asked()).isEqualTo(1);
        assertThat(reviewer.approved()).isZero();
    }

    @Test
    void approvingReviewerApprovesExactlyTheRequestedCall() {
        ScenarioReviewer reviewer = new ScenarioReviewer(Reviewer.approveAll());
        ApprovalRequest request = request("send_email");
        ApprovalResult result = reviewer.review(request);
        assertThat(result.approves(request)).isTrue();
        assertThat(result.approves(request("forward_email"))).isFalse();
    }

    @Test
    void listReviewerApprovesOnlyItsTools() {
        ScenarioReviewer reviewer = new ScenarioReviewer(Reviewer.approving(List.of("issue_refund")));
        ApprovalRequest refund = request("issue_refund");
        assertThat(reviewer.review(refund).approves(refund)).isTrue();
        ApprovalRequest mail = request("send_email");
        assertThat(reviewer.review(mail).approves(mail)).isFalse();
        assertThat(reviewer.asked()).isEqualTo(2);
        assertThat(reviewer.approved()).isEqualTo(1);
    }

    @Test
    void cautiousReviewerApprovesRoutineRequestsAndRejectsFlaggedOnes() {
        ScenarioReviewer reviewer = new ScenarioReviewer(Reviewer.cautious());
        ApprovalRequest routine = request("issue_refund");
        ToolCall call = ToolCall.of("c2", "issue_refund", JsonNodeFactory.instance.objectNode().put("account", "GB33BUKB20201555555555"));
        Decision.RequireApproval flaggedDecision = Decision.RequireApproval.combining(List.of(
                Reason.of("taint-guard", "the payee comes from an untrusted transaction note",
                        List.of(Evidence.of("simulated:read_transactions", "GB33BUKB20201555555555"))),
                Reason.of("impact-gate", "IRREVERSIBLE calls need a human's approval")));
        ApprovalRequest flagged = ApprovalRequest.of("run", "p", SafetyLevel.LEVEL_3, call, Impact.IRREVERSIBLE,
                flaggedDecision, List.of("simulated:read_transactions"), Instant.now(), ApprovalRequest.DEFAULT_EXPIRY);

        assertThat(reviewer.review(routine).approves(routine)).isTrue();
        ApprovalResult answer = reviewer.review(flagged);
        assertThat(answer.approves(flagged)).isFalse();
        assertThat(((ApprovalResult.Rejected) answer).reason()).contains("risk flag(s) taint-guard");
        assertThat(reviewer.asked()).isEqualTo(2);
        assertThat(reviewer.flagged()).isEqualTo(1);
        assertThat(reviewer.approved()).isEqualTo(1);
    }
}
