package dev.leash.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The deploy-time safety tier. The semantics (what each impact may do unattended) are a contract:
 *
 * <ul>
 *   <li>{@link #LEVEL_1} low-risk tasks: read tools only; write and irreversible tools are not
 *       offered and are denied if called; 3 denials end the run.
 *   <li>{@link #LEVEL_2} limited writes: writes inside allowlists, irreversible calls need a
 *       human; 3 denials end the run.
 *   <li>{@link #LEVEL_3} high-impact domains: every write and irreversible call needs a human;
 *       every denial and approval raises an alert; 2 denials end the run.
 * </ul>
 */
public enum SafetyLevel {
    LEVEL_1(1, 3),
    LEVEL_2(2, 3),
    LEVEL_3(3, 2);

    private final int number;
    private final int defaultMaxDenials;

    SafetyLevel(int number, int defaultMaxDenials) {
        this.number = number;
        this.defaultMaxDenials = defaultMaxDenials;
    }

    /** 1, 2 or 3. */
    public int number() {
        return number;
    }

    /** How many denials a run may collect before it is terminated, unless configured otherwise. */
    public int defaultMaxDenials() {
        return defaultMaxDenials;
    }

    /** The valid spellings, for error messages: {@code 1, 2, 3}. */
    public static List<String> validValues() {
        return Arrays.stream(values()).map(l -> Integer.toString(l.number)).toList();
    }

    public static SafetyLevel of(int number) {
        for (SafetyLevel level : values()) {
            if (level.number == number) {
                return level;
            }
        }
        throw unknown(Integer.toString(number), null);
    }

    /**
     * Parses {@code 1}, {@code 2}, {@code 3} (also {@code level2}, {@code LEVEL_2}, {@code L2}).
     *
     * @param source where the value came from, named in the error (e.g. {@code --level})
     * @throws ConfigurationException naming the valid levels
     */
    public static SafetyLevel parse(String value, String source) {
        if (value == null) {
            throw unknown("null", source);
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (v.startsWith("level")) {
            v = v.substring(5);
        } else if (v.startsWith("l")) {
            v = v.substring(1);
        }
        return switch (v) {
            case "1" -> LEVEL_1;
            case "2" -> LEVEL_2;
            case "3" -> LEVEL_3;
            default -> throw unknown(value, source);
        };
    }

    private static ConfigurationException unknown(String value, String source) {
        return ConfigurationException.invalidValue("safety.level", source, value,
                "one of the safety levels " + String.join(", ", validValues()));
    }

    @Override
    public String toString() {
        return "Level " + number;
    }
}
