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
 *   <li>the guards: leak and taint guards and any other extra policies, in the order given (in
 *       the Guice modules, the {@code @TierGuards Set<Policy>} multibinding);
 *   <li>the {@link TargetFlags} (risk flags about what a write acts on), {@link HiddenText}
 *       (a write that holds characters a reviewer cannot see), {@link Coercion} (a write that
 *       makes a demand backed by leverage) and {@link SafetyOverride} (a write that stands down
 *       an emergency or life-safety system);
 *   <li>{@link Allowlists} on the call's targets: a target outside is denied at every level;
 *   <li>the {@link ImpactGate} of the level.
 * </ol>
 *
 * <p>{@link PolicyChain} combines them: a deny wins wherever it stands; otherwise every approval
 * reason is kept, risk flags and the impact gate alike, so the reviewer sees them all.
 */
public final class TierPolicies {

    private TierPolicies() {
    }

    /** The chain for {@code level} without knowledge of the registered tools. */
    public static PolicyChain chain(SafetyLevel level, AllowConfig allow, Collection<? extends Policy> guards) {
        return chain(level, allow, guards, name -> java.util.Optional.empty());
    }

    /**
     * The chain for {@code level}: {@code guards}, target flags, allowlists, impact gate.
     *
     * @param tools the registered tools by name (the target flags read their lowest impact)
     */
    public static PolicyChain chain(SafetyLevel level, AllowConfig allow, Collection<? extends Policy> guards,
                                    java.util.function.Function<String, java.util.Optional<dev.leash.api.tool.Tool>> tools) {
        // Guards first: a deny wins wherever it stands, but of several approvals the first one's
        // reason is what the reviewer reads, and a guard's names where the content came from.
        List<Policy> policies = new ArrayList<>(guards);
        policies.add(new TargetFlags(tools));
        policies.add(new HiddenText());
        policies.add(new Coercion());
        policies.add(new SafetyOverride());
        policies.add(new Allowlists(level, allow));
        policies.add(new ImpactGate(level));
        return new PolicyChain(policies);
    }
}
