package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.guards.internal.Decoders;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the secrets and canaries of a {@link SecretRegistry} in text, however they are written:
 * as is, in another case, with separators inserted (spaces, dashes, dots, newlines), reversed,
 * percent-encoded (also twice), as hex (upper or lower case, with or without {@code 0x},
 * {@code \x} or separators), as base64 or base64url (padded or not, wrapped, and at any offset
 * inside a longer encoded text), and combinations of these up to {@value #MAX_DEPTH} layers of
 * encoding (base64 of hex, URL-encoded base64, reversed with separators).
 *
 * <p>Matching after removing separators needs at least {@link Secret#MIN_LENGTH} letters or
 * digits in the secret; a secret made mostly of punctuation is matched as written only.
 * Thread-safe; reads the registry live, so secrets added later are found too.
 */
public final class LeakDetector {

    /** Layers of encoding peeled off before giving up. */
    public static final int MAX_DEPTH = 2;

    /**
     * A secret found in text.
     *
     * @param secret the secret (its value must never be shown)
     * @param encoding how it was written, e.g. {@code plain}, {@code base64 > separated}
     */
    public record Finding(Secret secret, String encoding) {
        public Finding {
            requireNonNull(secret, "secret is null");
            requireNonNull(encoding, "encoding is null");
        }
    }

    private final SecretRegistry registry;

    @Inject
    public LeakDetector(SecretRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public SecretRegistry registry() {
        return registry;
    }

    /** The first secret found in {@code text}, canaries first, or empty. */
    public Optional<Finding> find(String text) {
        if (text == null || text.isEmpty() || registry.isEmpty()) {
            return Optional.empty();
        }
        List<Secret> secrets = registry.secrets();
        List<Secret> ordered = new java.util.ArrayList<>(registry.canaries());
        for (Secret s : secrets) {
            if (!s.isCanary()) {
                ordered.add(s);
            }
        }
        return scan(text, ordered, 0, "");
    }

    /** True if any secret or canary is in {@code text}. */
    public boolean containsSecret(String text) {
        return find(text).isPresent();
    }

    private Optional<Finding> scan(String text, List<Secret> secrets, int depth, String via) {
        String lower = text.toLowerCase(Locale.ROOT);
        String alnum = Decoders.alnumLower(text);
        for (Secret secret : secrets) {
            Optional<String> how = match(secret.value(), text, lower, alnum);
            if (how.isPresent()) {
                return Optional.of(new Finding(secret, via + how.get()));
            }
        }
        if (depth >= MAX_DEPTH) {
            return Optional.empty();
        }
        if (text.indexOf('%') >= 0) {
            String decoded = Decoders.percentDecode(text);
            if (!decoded.equals(text)) {
                Optional<Finding> f = scan(decoded, secrets, depth + 1, via + "url-encoded > ");
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        // Decodings are scanned together, joined by a character that is neither a letter, a digit,
        // whitespace nor a base64 character, so one scan covers every run and alignment.
        List<String> hex = Decoders.hexDecodings(text);
        if (!hex.isEmpty()) {
            Optional<Finding> f = scan(String.join("\u0000", hex), secrets, depth + 1, via + "hex > ");
            if (f.isPresent()) {
                return f;
            }
        }
        List<String> base64 = Decoders.base64Decodings(text);
        if (!base64.isEmpty()) {
            Optional<Finding> f = scan(String.join("\u0000", base64), secrets, depth + 1, via + "base64 > ");
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> match(String value, String text, String lower, String alnum) {
        if (text.contains(value)) {
            return Optional.of("plain");
        }
        String valueLower = value.toLowerCase(Locale.ROOT);
        if (lower.contains(valueLower)) {
            return Optional.of("case-folded");
        }
        if (lower.contains(Decoders.reverse(valueLower))) {
            return Optional.of("reversed");
        }
        String valueAlnum = Decoders.alnumLower(value);
        if (valueAlnum.length() >= Secret.MIN_LENGTH) {
            if (alnum.contains(valueAlnum)) {
                return Optional.of("separated");
            }
            if (alnum.contains(Decoders.reverse(valueAlnum))) {
                return Optional.of("reversed, separated");
            }
        }
        return Optional.empty();
    }
}
