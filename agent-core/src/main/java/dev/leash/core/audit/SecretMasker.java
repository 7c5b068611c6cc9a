package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.core.audit.internal.PatternSet;
import dev.leash.core.exec.Redactor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Redactor} for a set of known secret values: each occurrence of a secret, plain or in a
 * common encoding (Base64, URL-safe Base64, URL encoding, hex), is replaced by {@value #MASK}.
 * Every character covered by an occurrence of any form is masked: a secret inside another is
 * masked whole, and overlapping occurrences become one {@value #MASK}. One pass over the text
 * whatever the number of secrets (one automaton over every form, built once). Immutable and
 * thread-safe.
 *
 * <p>A secret shorter than {@value #MIN_LENGTH} characters is refused: masking it would replace
 * ordinary text (every {@code x} of a log for the key {@code x}) and could never be undone. What a
 * masker may touch is the caller's rule: the audit log masks only the values of an event, never
 * its JSON keys, its type id, its timestamps or its run and call ids.
 */
public final class SecretMasker implements Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "[REDACTED]";

    /** Shortest secret that can be masked without corrupting ordinary text; the guards use the same. */
    public static final int MIN_LENGTH = 6;

    /** Up to this many forms, a text is first searched form by form (the JDK's indexOf is faster then). */
    private static final int FEW = 16;

    private final PatternSet forms;
    private final List<String> few;

    private SecretMasker(PatternSet forms, List<String> few) {
        this.forms = forms;
        this.few = few;
    }

    /**
     * A masker for these secrets.
     *
     * @throws IllegalArgumentException for a null or blank secret (it would mask everything or
     *     nothing) or one shorter than {@value #MIN_LENGTH} characters
     */
    public static SecretMasker of(Collection<String> secrets) {
        requireNonNull(secrets, "secrets is null");
        Map<String, String> bySource = new LinkedHashMap<>();
        int i = 0;
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("a secret to mask is null or blank");
            }
            bySource.put("secret " + (++i), secret);
        }
        try {
            return ofSources(bySource);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A masker for secrets named by where they came from ({@code LEASH_MODEL_API_KEY},
     * {@code safety.secrets.values[0]}, {@code credential smtp/alex}), so that a value that cannot
     * be masked is refused with an error that names its source and never shows it.
     *
     * @throws ConfigurationException naming the source of a blank value or one shorter than
     *     {@value #MIN_LENGTH} characters
     */
    public static SecretMasker ofSources(Map<String, String> secretsBySource) {
        requireNonNull(secretsBySource, "secretsBySource is null");
        Set<String> forms = new LinkedHashSet<>();
        for (Map.Entry<String, String> entry : secretsBySource.entrySet()) {
            String source = requireNonNull(entry.getKey(), "source is null");
            String secret = entry.getValue();
            if (secret == null || secret.isBlank()) {
                throw ConfigurationException.invalidValue(source, null, "(blank)", "a secret to protect; leave it unset if there is none");
            }
            if (secret.length() < MIN_LENGTH) {
                throw ConfigurationException.invalidValue(source, null, "(hidden, " + secret.length() + " characters)",
                        "a secret of at least " + MIN_LENGTH + " characters: a shorter one would be masked wherever"
                                + " its letters occur in ordinary text, so it cannot be protected");
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(Base64.getEncoder().encodeToString(bytes));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            forms.add(HexFormat.of().formatHex(bytes));
            forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
        }
        List<String> ordered = new ArrayList<>(forms);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMasker(PatternSet.of(ordered), ordered.size() <= FEW ? List.copyOf(ordered) : List.of());
    }

    public static SecretMasker of(String... secrets) {
        return of(List.of(secrets));
    }

    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (!few.isEmpty() && !containsAny(text)) {
            return text;
        }
        return forms.mask(text, MASK);
    }

    /** Whether {@code text} contains one of the few forms (a plain loop: called for every value of every record). */
    private boolean containsAny(String text) {
        for (int i = 0; i < few.size(); i++) {
            if (text.contains(few.get(i))) {
                return true;
            }
        }
        return false;
    }
}
