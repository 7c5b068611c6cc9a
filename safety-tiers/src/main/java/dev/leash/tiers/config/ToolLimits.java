package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Limits of one tool, from {@code safety.tools.<tool>}. Immutable.
 *
 * @param rate calls per period for the whole deployment (resilience4j), if set
 * @param budget calls or argument units per principal or per run (bucket4j / exact ledger), if set
 */
public record ToolLimits(Optional<Rate> rate, Optional<Budget> budget) {

    public ToolLimits {
        requireNonNull(rate, "rate is null");
        requireNonNull(budget, "budget is null");
    }

    public static ToolLimits none() {
        return new ToolLimits(Optional.empty(), Optional.empty());
    }

    public static ToolLimits rate(Rate rate) {
        return new ToolLimits(Optional.of(rate), Optional.empty());
    }

    public static ToolLimits budget(Budget budget) {
        return new ToolLimits(Optional.empty(), Optional.of(budget));
    }

    /** {@code rate 5/min, budget 20/day}, or {@code none}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        rate.ifPresent(r -> text.append("rate ").append(r));
        budget.ifPresent(b -> text.append(text.length() > 0 ? ", " : "").append("budget ").append(b));
        return text.length() == 0 ? "none" : text.toString();
    }
}
