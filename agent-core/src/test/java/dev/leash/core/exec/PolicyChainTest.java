package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyChainTest {

    private static final ProposedCall CALL = new ProposedCall(ToolCall.of("send", null), ToolSpec.of("send", "", Impact.IRREVERSIBLE),
            Impact.IRREVERSIBLE, List.of(), OutboundContent.none(), new DefaultRunContext("run-test", "tester", "session-test", "test goal", SafetyLevel.LEVEL_2, Instant.now()));

    @Test
    void denyBeatsApprovalBeatsAllowWhateverTheOrder() {
        PolicyChain chain = PolicyChain.of(
                c -> Optional.of(Decision.allow("a", "fine")),
                c -> Optional.of(Decision.requireApproval("b", "ask")),
                c -> Optional.of(Decision.deny("c", "no")));

        assertThat(chain.evaluate(CALL)).isEqualTo(Decision.deny("c", "no"));
        assertThat(PolicyChain.of(c -> Optional.of(Decision.allow("a", "fine")), c -> Optional.of(Decision.requireApproval("b", "ask")))
                .evaluate(CALL)).isEqualTo(Decision.requireApproval("b", "ask"));
    }

    @Test
    void silenceIsADenial() {
        Decision decision = PolicyChain.of(c -> Optional.empty()).evaluate(CALL);

        assertThat(decision).isInstanceOf(Decision.Deny.class);
        assertThat(decision.rule()).isEqualTo("default-deny");
    }

    @Test
    void theReviewerSeesEveryReasonForApproval() {
        PolicyChain chain = PolicyChain.of(
                c -> Optional.of(Decision.requireApproval("taint-guard", "the address came from mail m3")),
                c -> Optional.of(Decision.allow("a", "fine")),
                c -> Optional.of(Decision.requireApproval("allowlist.email_domains", "x@evil.example is outside")));

        Decision decision = chain.evaluate(CALL);

        assertThat(decision).isInstanceOf(Decision.RequireApproval.class);
        assertThat(decision.rule()).isEqualTo("taint-guard+allowlist.email_domains");
        assertThat(decision.reason()).isEqualTo("the address came from mail m3; x@evil.example is outside");
    }
}
