package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated human who answers approval requests:
 *
 * <ul>
 *   <li>{@code deny} (the default): rejects every request;
 *   <li>{@code approve}: approves whatever it is shown;
 *   <li>{@code cautious}: approves a request only when it is routine (its sole reason is the tier's
 *       impact gate) and rejects any request carrying a risk flag;
 *   <li>{@code {approve: [tool names]}}: approves calls of those tools, rejects the rest.
 * </ul>
 *
 * Immutable and thread-safe.
 *
 * @param mode which of the above
 * @param approvedTools the tools approved in mode {@link Mode#TOOLS}; empty otherwise
 */
public record Reviewer(Mode mode, Set<String> approvedTools) {

    /** The kinds of reviewer. */
    public enum Mode {
        DENY, APPROVE, CAUTIOUS, TOOLS;

        /** The name as written in a scenario ({@code deny}, {@code approve}, {@code cautious}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Reviewer {
        requireNonNull(mode, "mode is null");
        approvedTools = Set.copyOf(requireNonNull(approvedTools, "approvedTools is null"));
        if (mode != Mode.TOOLS && !approvedTools.isEmpty()) {
            throw new IllegalArgumentException("only an {approve: [tools]} reviewer lists tools");
        }
    }

    public static Reviewer denyAll() {
        return new Reviewer(Mode.DENY, Set.of());
    }

    public static Reviewer approveAll() {
        return new Reviewer(Mode.APPROVE, Set.of());
    }

    public static Reviewer cautious() {
        return new Reviewer(Mode.CAUTIOUS, Set.of());
    }

    public static Reviewer approving(List<String> tools) {
        return tools.isEmpty() ? denyAll() : new Reviewer(Mode.TOOLS, Set.copyOf(tools));
    }

    /** {@code deny}, {@code approve} or {@code cautious}; empty for any other name. */
    public static Optional<Reviewer> named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "deny" -> Optional.of(denyAll());
            case "approve" -> Optional.of(approveAll());
            case "cautious" -> Optional.of(cautious());
            default -> Optional.empty();
        };
    }

    /** Whether this reviewer approves {@code request}. */
    public boolean approves(ApprovalRequest request) {
        return switch (mode) {
            case DENY -> false;
            case APPROVE -> true;
            case CAUTIOUS -> request.routine();
            case TOOLS -> approvedTools.contains(request.call().tool());
        };
    }

    /**
     * Whether this reviewer would approve a routine request for a call of {@code tool}: what a
     * benign task needs of it. A cautious reviewer approves routine requests.
     */
    public boolean approvesRoutine(String tool) {
        return switch (mode) {
            case DENY -> false;
            case APPROVE, CAUTIOUS -> true;
            case TOOLS -> approvedTools.contains(tool);
        };
    }

    /** As written in a scenario: {@code deny}, {@code approve}, {@code cautious} or {@code {approve: [a, b]}}. */
    public String describe() {
        return mode == Mode.TOOLS ? "{approve: " + new TreeSet<>(approvedTools) + "}" : mode.label();
    }
}
