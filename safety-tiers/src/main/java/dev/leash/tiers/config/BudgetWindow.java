package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a budget is counted over: a rolling time window per principal ({@code day}, {@code h},
 * ...), or one run ({@code run}). Immutable.
 *
 * @param duration the window length; empty for a per-run budget
 */
public record BudgetWindow(Optional<Duration> duration) {

    public BudgetWindow {
        requireNonNull(duration, "duration is null");
        duration.ifPresent(d -> {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("window must be positive: " + d);
            }
        });
    }

    /** A budget for each run. */
    public static BudgetWindow perRun() {
        return new BudgetWindow(Optional.empty());
    }

    /** A budget for each principal over a rolling window. */
    public static BudgetWindow per(Duration duration) {
        return new BudgetWindow(Optional.of(duration));
    }

    public boolean isPerRun() {
        return duration.isEmpty();
    }

    /** Parses {@code run}, or a time unit ({@code day}, {@code h}, {@code min}, ...). */
    static Optional<BudgetWindow> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("run")) {
            return Optional.of(perRun());
        }
        return ConfigReader.unit(t).filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0).map(BudgetWindow::per);
    }

    static String unitLabel(Duration d) {
        if (d.equals(Duration.ofDays(7))) {
            return "week";
        }
        if (d.equals(Duration.ofDays(1))) {
            return "day";
        }
        if (d.equals(Duration.ofHours(1))) {
            return "h";
        }
        if (d.equals(Duration.ofMinutes(1))) {
            return "min";
        }
        if (d.equals(Duration.ofSeconds(1))) {
            return "s";
        }
        return d.toString();
    }

    /** {@code run}, {@code day}, {@code h}, ... */
    @Override
    public String toString() {
        return duration.map(BudgetWindow::unitLabel).orElse("run");
    }
}
