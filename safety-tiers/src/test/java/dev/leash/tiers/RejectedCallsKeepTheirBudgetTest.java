package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.ToolMethod;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.config.LeashConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reviewer's "no" does not spend the budget of the call it refused. */
class RejectedCallsKeepTheirBudgetTest {

    public static final class Refunds {
        final List<BigDecimal> paid = new CopyOnWriteArrayList<>();

        @ToolMethod(name = "issue_refund", description = "Refund an order")
        @Irreversible
        public String issueRefund(@Arg("order") String order, @Arg("amount in EUR") BigDecimal amount) {
            paid.add(amount);
            return "refunded " + amount;
        }
    }

    @Test
    void aRefundTheReviewerRejectedLeavesRoomForTheOneSheApproves() {
        Refunds refunds = new Refunds();
        AtomicInteger asked = new AtomicInteger();
        LeashConfig config = LeashConfig.parse("""
                safety:
                  tools:
                    issue_refund: { budget: { argument: amount, max: 500, per: day } }
                """, "leash.yaml");
        var agent = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).addAnnotated(refunds);
                bind(AuditSink.class).toInstance(new InMemoryAuditSink());
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(ScriptedPlanner.parse("""
                        - calls: [ { tool: issue_refund, args: { order: A-1, amount: 400 } } ]
                        - calls: [ { tool: issue_refund, args: { order: A-2, amount: 400 } } ]
                        - finish: done
                        """, "test")));
                // The reviewer rejects the first refund and approves the second.
                TierModule.approvalGate(binder()).toInstance(request -> asked.incrementAndGet() == 1
                        ? ApprovalResult.rejected("dana", "wrong order")
                        : ApprovalResult.approved("dana", request));
            }
        }).getInstance(AgentLoop.class);

        RunResult result = agent.run(RunRequest.of("refund the broken order", "support@shop.example"));

        assertThat(result.turns().get(0).observations().get(0).status()).isEqualTo(Observation.Status.DENIED);
        assertThat(result.turns().get(1).observations().get(0).status()).isEqualTo(Observation.Status.OK);
        assertThat(refunds.paid).containsExactly(new BigDecimal("400"));
        assertThat(asked).hasValue(2);
    }
}
