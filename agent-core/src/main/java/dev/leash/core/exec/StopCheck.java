package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import dev.leash.api.run.RunContext;
import java.util.Optional;

/**
 * The kill switch as the executor sees it: asked before each call is checked and again right
 * before it is invoked. A stop ends the run {@code TERMINATED_BY_POLICY} with an incident naming
 * who stopped it, and the call does not run.
 *
 * <p>Implementations must answer quickly (a cached view of a shared store, refreshed in the
 * background or on a short interval) and must be thread-safe. An implementation that cannot tell
 * whether a run is stopped answers with a stop (fail closed). The default {@link #none()} never
 * stops anything.
 */
@FunctionalInterface
public interface StopCheck {

    /** The stop that applies to {@code run}, if any. */
    Optional<Stop> stopped(RunContext run);

    /** Never stops a run: the default of an executor without a kill switch. */
    static StopCheck none() {
        return run -> Optional.empty();
    }

    /**
     * Why a run must stop.
     *
     * @param rule the rule that fired, e.g. {@code kill-switch.agent}
     * @param stoppedBy who gave the stop (an operator's name), or {@code system}
     * @param reason what they said, or why the state could not be read
     */
    record Stop(String rule, String stoppedBy, String reason) {
        public Stop {
            requireNonNull(rule, "rule is null");
            requireNonNull(stoppedBy, "stoppedBy is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
