package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tiers.support.TestRun;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImpactGateReasonTest {

    private static ProposedCall call(SafetyLevel level, Impact impact, Optional<ImpactReason> reason) {
        ToolCall call = ToolCall.of("sql_query", TestRun.args("{\"sql\": \"SELECT CSVWRITE('/f', 'SELECT 1')\"}"));
        return new ProposedCall(call, ToolSpec.of("sql_query", "", Impact.IRREVERSIBLE), impact, List.of(),
                OutboundContent.none(), TestRun.of(level), reason);
    }

    private static final Optional<ImpactReason> CSVWRITE =
            Optional.of(ImpactReason.of("sql.function", "CSVWRITE reads or writes files on the database host"));

    @Test
    void anAllowNamesTheToolItsImpactAndTheLevelAtEveryLevel() {
        assertThat(new ImpactGate(SafetyLevel.LEVEL_1).evaluate(call(SafetyLevel.LEVEL_1, Impact.READ, Optional.empty())))
                .hasValue(Decision.allow(ImpactGate.RULE, "sql_query (READ) is allowed at Level 1"));
        assertThat(new ImpactGate(SafetyLevel.LEVEL_2).evaluate(call(SafetyLevel.LEVEL_2, Impact.WRITE, Optional.empty())))
                .hasValue(Decision.allow(ImpactGate.RULE, "sql_query (WRITE) is allowed at Level 2 inside the allowlists"));
        assertThat(new ImpactGate(SafetyLevel.LEVEL_3).evaluate(call(SafetyLevel.LEVEL_3, Impact.READ, CSVWRITE)))
                .hasValue(Decision.allow(ImpactGate.RULE, "sql_query (READ) is allowed at Level 3"));
        assertThat(new ImpactGate(SafetyLevel.LEVEL_3).evaluate(call(SafetyLevel.LEVEL_3, Impact.WRITE, Optional.empty())))
                .hasValueSatisfying(d -> assertThat(d).isInstanceOf(Decision.RequireApproval.class));
        assertThat(new ImpactGate(SafetyLevel.LEVEL_1).evaluate(call(SafetyLevel.LEVEL_1, Impact.WRITE, Optional.empty())))
                .hasValueSatisfying(d -> assertThat(d).isInstanceOf(Decision.Deny.class));
    }

    @Test
    void aDenialNamesTheFunctionThatMadeTheCallIrreversible() {
        Decision decision = new ImpactGate(SafetyLevel.LEVEL_1).evaluate(call(SafetyLevel.LEVEL_1, Impact.IRREVERSIBLE, CSVWRITE))
                .orElseThrow();

        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(decision.rule()).isEqualTo("impact-gate+sql.function");
        assertThat(decision.reason()).contains("not allowed at Level 1").contains("CSVWRITE reads or writes files");
    }

    @Test
    void anApprovalRequestNamesItToo() {
        Decision decision = new ImpactGate(SafetyLevel.LEVEL_2).evaluate(call(SafetyLevel.LEVEL_2, Impact.IRREVERSIBLE, CSVWRITE))
                .orElseThrow();

        assertThat(decision).isInstanceOf(Decision.RequireApproval.class);
        assertThat(decision.rule()).isEqualTo("impact-gate+sql.function");
        assertThat(decision.reason()).contains("CSVWRITE");
    }

    @Test
    void withoutAReasonTheRuleIsTheImpactGateAlone() {
        Decision decision = new ImpactGate(SafetyLevel.LEVEL_2).evaluate(call(SafetyLevel.LEVEL_2, Impact.IRREVERSIBLE,
                Optional.empty())).orElseThrow();

        assertThat(decision.rule()).isEqualTo("impact-gate");
    }

    @Test
    void aHiddenImpactIsARiskFlagOfItsOwnForTheReviewer() {
        Decision.RequireApproval decision = (Decision.RequireApproval) new ImpactGate(SafetyLevel.LEVEL_3)
                .evaluate(call(SafetyLevel.LEVEL_3, Impact.IRREVERSIBLE, CSVWRITE)).orElseThrow();

        assertThat(decision.flagged()).isTrue();
        assertThat(decision.reasons()).extracting(dev.leash.api.policy.Reason::rule)
                .containsExactly("impact-gate", "sql.function");
    }

    @Test
    void aPlainStatementNamesItsClauseButStaysRoutine() {
        Optional<ImpactReason> update = Optional.of(ImpactReason.of("sql.write", "UPDATE changes rows", false));
        Decision.RequireApproval decision = (Decision.RequireApproval) new ImpactGate(SafetyLevel.LEVEL_3)
                .evaluate(call(SafetyLevel.LEVEL_3, Impact.WRITE, update)).orElseThrow();

        assertThat(decision.flagged()).isFalse();
        assertThat(decision.rule()).isEqualTo("impact-gate");
        assertThat(decision.reason()).contains("UPDATE changes rows");
    }
}
