package dev.leash.api;

import java.util.Collection;
import java.util.Optional;

/**
 * Start-up configuration is wrong: an unknown safety level, an unknown key, a bad value. Names
 * the key and, where there is one, the file.
 */
public final class ConfigurationException extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String source;

    private ConfigurationException(String key, String source, String message) {
        super(message);
        this.key = key;
        this.source = source;
    }

    /** The configuration key at fault, e.g. {@code safety.tools.send_email.rate}. */
    public String key() {
        return key;
    }

    /** The file or variable the value came from, if known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public static ConfigurationException invalidValue(String key, String source, Object value, String expected) {
        return new ConfigurationException(key, source,
                "Invalid value " + quote(value) + " for '" + key + "'" + from(source) + ": expected " + expected);
    }

    public static ConfigurationException unknownKey(String key, String source, Collection<String> validKeys) {
        return new ConfigurationException(key, source,
                "Unknown configuration key '" + key + "'" + from(source) + "; valid keys here: " + String.join(", ", validKeys));
    }

    public static ConfigurationException missing(String key, String source, String hint) {
        return new ConfigurationException(key, source,
                "Missing configuration '" + key + "'" + from(source) + ": " + hint);
    }

    public static ConfigurationException unreadable(String source, String problem) {
        return new ConfigurationException("", source, "Cannot read configuration" + from(source) + ": " + problem);
    }

    private static String from(String source) {
        return source == null ? "" : " in " + source;
    }

    private static String quote(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
