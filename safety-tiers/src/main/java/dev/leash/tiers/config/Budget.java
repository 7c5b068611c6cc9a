package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A budget of one tool: a number of calls ({@code budget: "20/day"}) or a sum of one numeric
 * argument ({@code budget: { argument: amount, max: 500, per: day }}), per principal over a
 * rolling window or per run ({@code "3/run"}, {@code per: run}). Immutable.
 */
public sealed interface Budget permits Budget.Calls, Budget.ArgumentSum {

    BudgetWindow per();

    /**
     * At most {@code max} calls per window.
     *
     * @param max calls allowed, at least 1
     * @param per the window
     */
    record Calls(long max, BudgetWindow per) implements Budget {
        public Calls {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1: " + max);
            }
            requireNonNull(per, "per is null");
        }

        @Override
        public String toString() {
            return max + "/" + per;
        }
    }

    /**
     * The sum of argument {@code argument} over the window stays at most {@code max}, counted
     * exactly in decimal.
     *
     * @param argument the numeric argument counted, e.g. {@code amount}
     * @param max the most the sum may reach, positive
     * @param per the window
     */
    record ArgumentSum(String argument, BigDecimal max, BudgetWindow per) implements Budget {
        public ArgumentSum {
            requireNonNull(argument, "argument is null");
            requireNonNull(max, "max is null");
            if (max.signum() <= 0) {
                throw new IllegalArgumentException("max must be positive: " + max);
            }
            requireNonNull(per, "per is null");
        }

        @Override
        public String toString() {
            return max.toPlainString() + " " + argument + "/" + per;
        }
    }
}
