package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;

/**
 * A value that must never leave the deployment, in any encoding. {@link #toString()} never shows
 * the value. Immutable.
 *
 * @param kind where the secret came from
 * @param label a name for people and logs, never the value (e.g. {@code env OPENAI_API_KEY})
 * @param value the secret itself, at least {@link #MIN_LENGTH} characters
 */
public record Secret(Kind kind, String label, String value) {

    /** Shorter values would match ordinary text and cannot be protected. */
    public static final int MIN_LENGTH = 6;

    /** Where a secret came from. */
    public enum Kind {
        /** {@code safety.secrets.values}. */
        CONFIG,
        /** An environment variable named in {@code safety.secrets.env}. */
        ENV,
        /** A credential the tools use. */
        CREDENTIAL,
        /** A canary token planted in the system prompt. */
        CANARY
    }

    public Secret {
        requireNonNull(kind, "kind is null");
        requireNonNull(label, "label is null");
        requireNonNull(value, "value is null");
        if (value.strip().length() < MIN_LENGTH) {
            throw tooShort(label, value.strip().length());
        }
    }

    /** True for canary tokens. */
    public boolean isCanary() {
        return kind == Kind.CANARY;
    }

    static ConfigurationException tooShort(String key, int length) {
        return ConfigurationException.invalidValue(key, null, "(hidden, " + length + " characters)",
                "a secret of at least " + MIN_LENGTH + " characters; shorter values would match ordinary text"
                        + " and cannot be protected");
    }

    @Override
    public String toString() {
        return "Secret[kind=" + kind + ", label=" + label + ", value=****]";
    }
}
