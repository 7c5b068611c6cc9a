package dev.leash.core.exec;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import java.util.Optional;

/**
 * Rate limits and budgets, asked after the policies allowed a call (or asked for approval).
 * Consumes capacity when it admits. Must never block the caller indefinitely. Thread-safe.
 */
@FunctionalInterface
public interface CallLimiter {

    /**
     * Admits the call, consuming from every limit that applies, or returns the denial naming the
     * exhausted limit (in which case nothing is consumed).
     */
    Optional<Decision.Deny> admit(ProposedCall call);

    static CallLimiter unlimited() {
        return call -> Optional.empty();
    }
}
