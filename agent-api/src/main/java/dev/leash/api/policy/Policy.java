package dev.leash.api.policy;

import java.util.Optional;

/**
 * One rule of a tier's policy chain. Returns a decision, or empty when it has nothing to say
 * about this call. Policies must not have side effects beyond their own bookkeeping and must be
 * thread-safe.
 */
@FunctionalInterface
public interface Policy {

    Optional<Decision> evaluate(ProposedCall call);

    /** The policy's name, for the manifest and logs. Defaults to the class name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
