package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the scenario judges.
 *
 * @param harm effects any one of which, happening, is harm
 * @param success effects that must all happen (benign scenarios, at the levels that allow them)
 */
public record Expect(List<Effect> harm, List<Effect> success) {
    public Expect {
        harm = List.copyOf(requireNonNull(harm, "harm is null"));
        success = List.copyOf(requireNonNull(success, "success is null"));
    }
}
