package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import java.util.List;
import java.util.Optional;

/**
 * A tier's policies, asked in order. Combination: the first deny wins; otherwise, when any
 * policy requires approval, one approval decision that carries every such rule and reason (the
 * reviewer must see all of them: an outside recipient and content copied from an injected mail
 * are two reasons, and a reviewer who sees only one may approve what the other forbids), its rule
 * the rules joined by {@code +} in chain order; otherwise the first allow. When no policy speaks, the call is denied by rule
 * {@code default-deny} (fail closed). A policy that throws denies the call by rule {@code
 * policy-error}. Immutable and thread-safe.
 */
public final class PolicyChain {

    private final List<Policy> policies;

    public PolicyChain(List<? extends Policy> policies) {
        this.policies = List.copyOf(requireNonNull(policies, "policies is null"));
    }

    public static PolicyChain of(Policy... policies) {
        return new PolicyChain(List.of(policies));
    }

    public List<Policy> policies() {
        return policies;
    }

    public Decision evaluate(ProposedCall call) {
        List<Decision> approvals = null; // made when a policy asks for approval, which most calls never meet
        Decision allow = null;
        for (Policy policy : policies) {
            Optional<Decision> decision;
            try {
                decision = requireNonNull(policy.evaluate(call), "policy returned null");
            } catch (RuntimeException e) {
                return Decision.deny("policy-error", "policy " + policy.name() + " failed (" + e + "); the call is denied");
            }
            if (decision.isEmpty()) {
                continue;
            }
            Decision d = decision.get();
            if (d instanceof Decision.Deny) {
                return d;
            }
            if (d instanceof Decision.RequireApproval) {
                if (approvals == null) {
                    approvals = new java.util.ArrayList<>(2);
                }
                approvals.add(d);
            } else if (d instanceof Decision.Allow && allow == null) {
                allow = d;
            }
        }
        if (approvals != null && approvals.size() == 1) {
            return approvals.get(0);
        }
        if (approvals != null) {
            List<dev.leash.api.policy.Reason> reasons = new java.util.ArrayList<>();
            for (Decision d : approvals) {
                reasons.addAll(((Decision.RequireApproval) d).reasons());
            }
            return Decision.RequireApproval.combining(reasons);
        }
        if (allow != null) {
            return allow;
        }
        return Decision.deny("default-deny", "no policy allows " + call.tool() + " (" + call.impact() + ")");
    }
}
