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

    /**
     * The admitted {@code call} (the same object) did not run: a reviewer said no, or its
     * write-ahead record could not be written. Give back what it took from budgets, so that a
     * refused call does not spend them. The executor calls exactly one of {@code release} and
     * {@link #settle} for every admitted call. Default: nothing.
     */
    default void release(ProposedCall call) {
    }

    /** The admitted {@code call} is about to run: what it took stays spent. Default: nothing. */
    default void settle(ProposedCall call) {
    }

    static CallLimiter unlimited() {
        return call -> Optional.empty();
    }
}
