package dev.leash.tiers.store;

import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.StopCheck;

/**
 * The state a tier shares with the other replicas of a deployment: its budgets and rates, and the
 * kill switch. Opened once per process from {@code leash.yaml}'s {@code store} block; {@link
 * #close()} releases its connections. Thread-safe.
 */
public interface SharedStore extends AutoCloseable {

    /** The limiter of {@code safety.tools}, exact across every replica on this store. */
    CallLimiter limiter();

    /** The kill switch as the executor asks it. */
    StopCheck stops();

    @Override
    void close();
}
