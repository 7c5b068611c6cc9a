package dev.leash.eval.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
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
}
