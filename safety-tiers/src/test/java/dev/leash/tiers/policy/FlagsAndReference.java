package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import java.util.Optional;

/**
 * The target flags and their read-everything reference ({@link TargetFlagsByScan}), with no
 * tool descriptions: each call is asked of both, which must decide the same.
 */
final class FlagsAndReference {

    private final Policy flags = new TargetFlags(name -> Optional.empty());
    private final Policy scanned = new TargetFlagsByScan(name -> Optional.empty());

    /** The flags' decision on {@code call}, checked equal to the reference's. */
    Optional<Decision> both(ProposedCall call) {
        Optional<Decision> decision = flags.evaluate(call);
        assertThat(scanned.evaluate(call)).as("the read-everything reference decides the same").isEqualTo(decision);
        return decision;
    }
}
