package dev.leash.api.tool;

import dev.leash.api.ConfigurationException;
import java.util.Locale;

/**
 * How much a call can change the world, in increasing order: {@code READ < WRITE < IRREVERSIBLE}.
 *
 * <ul>
 *   <li>{@link #READ}: observes only (though it may still send data out, e.g. a URL).
 *   <li>{@link #WRITE}: changes state that can be put back (a draft, a file, a row).
 *   <li>{@link #IRREVERSIBLE}: cannot be taken back (mail sent, money moved, data dropped).
 * </ul>
 */
public enum Impact {
    READ,
    WRITE,
    IRREVERSIBLE;

    /** True when this impact is strictly above {@code other}. */
    public boolean isAbove(Impact other) {
        return compareTo(other) > 0;
    }

    /** True when this impact is at most {@code other}. */
    public boolean isAtMost(Impact other) {
        return compareTo(other) <= 0;
    }

    /** The higher of two impacts. */
    public static Impact max(Impact a, Impact b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The lower-case name used in files and reports: {@code read}, {@code write}, {@code irreversible}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code read}, {@code write} or {@code irreversible}, in any case.
     *
     * @throws ConfigurationException naming the valid impacts
     */
    public static Impact parse(String value, String key) {
        if (value != null) {
            for (Impact impact : values()) {
                if (impact.name().equalsIgnoreCase(value.trim())) {
                    return impact;
                }
            }
        }
        throw ConfigurationException.invalidValue(key, null, value, "one of read, write, irreversible");
    }
}
