package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated human who answers approval requests: {@code deny} (the default), {@code approve},
 * or {@code {approve: [tool names]}} (approves calls of those tools, rejects the rest).
 *
 * @param approvesAll true for {@code approve}
 * @param approvedTools the tools approved when not {@code approvesAll}; empty for {@code deny}
 */
public record Reviewer(boolean approvesAll, Set<String> approvedTools) {

    public Reviewer {
        approvedTools = Set.copyOf(requireNonNull(approvedTools, "approvedTools is null"));
        if (approvesAll && !approvedTools.isEmpty()) {
            throw new IllegalArgumentException("a reviewer that approves everything lists no tools");
        }
    }

    public static Reviewer denyAll() {
        return new Reviewer(false, Set.of());
    }

    public static Reviewer approveAll() {
        return new Reviewer(true, Set.of());
    }

    public static Reviewer approving(List<String> tools) {
        return new Reviewer(false, Set.copyOf(tools));
    }

    /** Whether this reviewer approves a call of {@code tool}. */
    public boolean approves(String tool) {
        return approvesAll || approvedTools.contains(tool);
    }

    /** As written in a scenario: {@code deny}, {@code approve} or {@code {approve: [a, b]}}. */
    public String describe() {
        if (approvesAll) {
            return "approve";
        }
        return approvedTools.isEmpty() ? "deny" : "{approve: " + new TreeSet<>(approvedTools) + "}";
    }
}
