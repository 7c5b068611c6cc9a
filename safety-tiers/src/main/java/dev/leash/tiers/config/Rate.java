package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit such as {@code "5/min"}: at most {@code permits} calls in each {@code period}.
 * Units: {@code s}, {@code min}, {@code h}, {@code day} (and their long and plural spellings).
 * Immutable.
 *
 * @param permits calls allowed per period, at least 1
 * @param period the period, positive
 */
public record Rate(int permits, Duration period) {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*([A-Za-z]+)\\s*");

    public Rate {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        requireNonNull(period, "period is null");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /**
     * Parses {@code N/unit}.
     *
     * @param key the configuration key, named in the error
     * @param source the file, named in the error
     * @throws ConfigurationException on anything else
     */
    public static Rate parse(String text, String key, String source) {
        Matcher m = text == null ? null : RATE.matcher(text);
        if (m != null && m.matches()) {
            Optional<Duration> unit = ConfigReader.unit(m.group(2));
            int permits = Integer.parseInt(m.group(1));
            if (unit.isPresent() && permits > 0) {
                return new Rate(permits, unit.get());
            }
        }
        throw ConfigurationException.invalidValue(key, source, text,
                "a rate such as \"5/min\" (N per s, min, h or day)");
    }

    /** {@code 5/min}, as written in configuration. */
    @Override
    public String toString() {
        return permits + "/" + BudgetWindow.unitLabel(period);
    }
}
