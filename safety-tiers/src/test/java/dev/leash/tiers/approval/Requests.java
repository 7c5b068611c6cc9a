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
        return ApprovalRequest.of("run-1", "alex@example.com", SafetyLevel.LEVEL_3,
                ToolCall.of("issue_refund", TestRun.args("{\"order\": \"A-17\", \"amount\": " + amount + "}")),
                Impact.IRREVERSIBLE, "impact-gate", "IRREVERSIBLE calls need a human's approval at Level 3",
                List.of("mail m1 from customer@outside.example"), Instant.parse("2026-01-01T09:00:00Z"));
    }
}
