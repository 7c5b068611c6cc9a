package dev.leash.tiers.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.ConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values out of a parsed YAML tree, turning every surprise into a {@link
 * ConfigurationException} that names the full key and the file. Stateless apart from the source
 * name; not shared between threads.
 */
final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)");

    private final String source;

    ConfigReader(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Checks that {@code node} is a mapping whose keys are all in {@code allowed}. */
    void requireKeys(JsonNode node, String key, List<String> allowed) {
        if (!node.isObject()) {
            throw ConfigurationException.invalidValue(key.isEmpty() ? "(top level)" : key, source, describe(node),
                    "a mapping with keys " + String.join(", ", allowed));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ConfigurationException.unknownKey(key(key, name), source, allowed);
            }
        }
    }

    /** The child, or empty when absent or null. */
    static Optional<JsonNode> child(JsonNode node, String name) {
        JsonNode child = node.get(name);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(child);
    }

    String text(JsonNode node, String key) {
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw ConfigurationException.invalidValue(key, source, describe(node), "a non-empty text value");
        }
        return node.asText().trim();
    }

    List<String> textList(JsonNode node, String key) {
        if (!node.isArray()) {
            throw ConfigurationException.invalidValue(key, source, describe(node), "a list of text values, e.g. [a, b]");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(text(node.get(i), key + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    int positiveInt(JsonNode node, String key) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw ConfigurationException.invalidValue(key, source, describe(node), "a whole number of at least 1");
        }
        return node.asInt();
    }

    long positiveLong(JsonNode node, String key) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw ConfigurationException.invalidValue(key, source, describe(node), "a whole number of at least 1");
        }
        return node.asLong();
    }

    /** A positive decimal, read exactly (from the YAML text, not through a double). */
    BigDecimal positiveDecimal(JsonNode node, String key) {
        BigDecimal value;
        try {
            value = node.isNumber() ? new BigDecimal(node.asText()) : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (!node.isValueNode() || value == null || value.signum() <= 0) {
            throw ConfigurationException.invalidValue(key, source, describe(node), "a positive number, e.g. 500 or 99.95");
        }
        return value;
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}; a bare number
     * is seconds.
     */
    Duration duration(JsonNode node, String key) {
        Optional<Duration> parsed = Optional.empty();
        if (node.isIntegralNumber() && node.asLong() > 0) {
            parsed = Optional.of(Duration.ofSeconds(node.asLong()));
        } else if (node.isTextual()) {
            parsed = parseDuration(node.asText());
        }
        return parsed.filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                ConfigurationException.invalidValue(key, source, describe(node),
                        "a positive duration such as 500ms, 30s, 2m, 1h or 1d"));
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return unit(m.group(2)).map(unit -> unit.multipliedBy(amount));
    }

    /** One unit of a rate, budget window or duration: {@code s}, {@code min}, {@code h}, {@code day}, ... */
    static Optional<Duration> unit(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms":
                return Optional.of(Duration.ofMillis(1));
            case "s": case "sec": case "secs": case "second": case "seconds":
                return Optional.of(Duration.ofSeconds(1));
            case "m": case "min": case "mins": case "minute": case "minutes":
                return Optional.of(Duration.ofMinutes(1));
            case "h": case "hr": case "hour": case "hours":
                return Optional.of(Duration.ofHours(1));
            case "d": case "day": case "days":
                return Optional.of(Duration.ofDays(1));
            case "week": case "weeks":
                return Optional.of(Duration.ofDays(7));
            default:
                return Optional.empty();
        }
    }

    static String describe(JsonNode node) {
        if (node == null) {
            return "null";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        return node.isArray() ? "a list" : "a mapping";
    }
}
