package dev.leash.guards.internal;

import dev.leash.api.plan.Observation;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Remembers what a guard worked out about an observation (as the guards did before they kept
 * per-run state; used by the oracles of the index tests), so that a call late in a long run does
 * not analyse every earlier result again. Observations are immutable, so an analysis stays
 * valid; entries go when their observations are no longer referenced (the run is over).
 * Thread-safe.
 *
 * @param <V> what is remembered
 */
public final class PerObservation<V> {

    private final Map<Observation, V> cache = new WeakHashMap<>();
    private final Function<Observation, V> analysis;

    public PerObservation(Function<Observation, V> analysis) {
        this.analysis = analysis;
    }

    /** The analysis of {@code observation}, computed once. */
    public V of(Observation observation) {
        synchronized (cache) {
            V known = cache.get(observation);
            if (known != null) {
                return known;
            }
        }
        V computed = analysis.apply(observation);
        synchronized (cache) {
            cache.putIfAbsent(observation, computed);
        }
        return computed;
    }
}
