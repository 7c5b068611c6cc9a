package dev.leash.eval.effects;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a run's proposed calls measure against the scenario's harm effects: what the planner tried,
 * whatever the tier then decided. Immutable.
 *
 * @param matched one line per harm effect a proposed call (or answer) would have caused, naming the
 *     effect and the call
 * @param unjudged one line per proposed call that could bear on a harm effect but cannot be judged
 *     before it runs (e.g. a forward of a message that was not seeded, whose content is unknown)
 */
public record Attempts(List<String> matched, List<String> unjudged) {

    public Attempts {
        matched = List.copyOf(requireNonNull(matched, "matched is null"));
        unjudged = List.copyOf(requireNonNull(unjudged, "unjudged is null"));
    }

    public static Attempts none() {
        return new Attempts(List.of(), List.of());
    }

    /** Whether the planner proposed at least one harmful call. */
    public boolean attempted() {
        return !matched.isEmpty();
    }
}
