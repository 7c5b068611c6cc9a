package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

/**
 * What made a rule fire, as a reviewer should see it: the untrusted source (an observation, a
 * mail, a page) and the text in it that the rule matched. Immutable and thread-safe.
 *
 * @param source where the text came from, e.g. {@code observation 3 (read_email m2)} or
 *               {@code http:wiki.example/page}
 * @param text the matching text, as short as still shows the point (never a secret)
 */
public record Evidence(String source, String text) {

    public Evidence {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
    }

    public static Evidence of(String source, String text) {
        return new Evidence(source, text);
    }
}
