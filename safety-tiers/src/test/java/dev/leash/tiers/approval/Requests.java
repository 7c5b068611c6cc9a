package dev.leash.tiers.approval;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.tiers.support.TestRun;
import java.time.Instant;
import java.util.List;

final class Requests {

    private Requests() {
    }

    static ApprovalRequest refund(String amount) {
        return refund("run-1", "alex@example.com", "call-1", amount);
    }

    /** The same refund, in a run, for a principal, as a call of its own. */
    static ApprovalRequest refund(String runId, String principal, String callId, String amount) {
        return ApprovalRequest.of(runId, principal, SafetyLevel.LEVEL_3,
                ToolCall.of(callId, "issue_refund", TestRun.args("{\"order\": \"A-17\", \"amount\": " + amount + "}")),
                Impact.IRREVERSIBLE, "impact-gate", "IRREVERSIBLE calls need a human's approval at Level 3",
                List.of("mail m1 from customer@outside.example"), Instant.now());
    }
}
