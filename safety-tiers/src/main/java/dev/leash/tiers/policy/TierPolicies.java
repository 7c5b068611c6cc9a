package dev.leash.tiers.policy;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Policy;
import dev.leash.core.exec.PolicyChain;
import dev.leash.tiers.config.AllowConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The policy chain of a level, in this order:
 *
 * <ol>
 *   <li>{@link Allowlists} on the call's targets (first, so that a recipient outside the allowlist
 *       is the reason a reviewer sees at Level 3);
 *   <li>the {@link ImpactGate} of the level;
 *   <li>the guards: leak and taint guards and any other extra policies, in the order given (in
 *       the Guice modules, the {@code @TierGuards Set<Policy>} multibinding).
 * </ol>
 *
 * <p>{@link PolicyChain} combines them: the first deny wins, then the first approval, then allow.
 */
public final class TierPolicies {

    private TierPolicies() {
    }

    /** The chain for {@code level}: allowlists, impact gate, then {@code guards}. */
    public static PolicyChain chain(SafetyLevel level, AllowConfig allow, Collection<? extends Policy> guards) {
        // Guards first: a deny wins wherever it stands, but of several approvals the first one's
        // reason is what the reviewer reads, and a guard's names where the content came from.
        List<Policy> policies = new ArrayList<>(guards);
        policies.add(new Allowlists(level, allow));
        policies.add(new ImpactGate(level));
        return new PolicyChain(policies);
    }
}
