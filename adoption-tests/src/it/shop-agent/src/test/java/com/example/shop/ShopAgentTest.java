package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.tiers.Leash;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent built with the builder, on its own configuration. */
class ShopAgentTest {

    @Test
    void levelTwoRunsTheReadAndTheWriteAndAsksBeforeTheRefund() {
        Shop shop = new Shop();
        AgentLoop agent = Leash.agent()
                .tools(shop)
                .config(Path.of("leash.yaml"))
                .level(SafetyLevel.LEVEL_2)
                .script(ScriptedPlanner.parse("""
                        - calls: [ { tool: order_status, args: { order: A-17 } } ]
                        - calls: [ { tool: add_order_note, args: { order: A-17, note: called } } ]
                        - calls: [ { tool: issue_refund, args: { order: A-17, amount: 19.90 } } ]
                        - calls: [ { tool: issue_refund, args: { order: A-17, amount: 90 } } ]
                        - finish: Refunded.
                        """, "script"))
                .approvalGate(request -> ApprovalResult.approved("dana", request))
                .audit(new InMemoryAuditSink())
                .build();

        RunResult result = agent.run(RunRequest.of("Refund order A-17, it arrived broken", "support@shop.example"));

        List<Observation.Status> statuses = result.turns().stream().flatMap(t -> t.observations().stream())
                .map(Observation::status).toList();
        // The 90 EUR refund would take the day past the 100 EUR budget of leash.yaml.
        assertEquals(List.of(Observation.Status.OK, Observation.Status.OK, Observation.Status.OK, Observation.Status.DENIED),
                statuses);
        assertEquals(List.of("A-17 19.90"), shop.refunds());
        assertEquals(1, result.counts().approvalsRequested());
    }
}
