package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.core.exec.Redactor;
import dev.leash.guards.internal.Decoders;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets and canaries in text a model or a log will see (tool results, refusal reasons,
 * the final answer), replacing them with {@value #SECRET_MARK} or {@value #CANARY_MARK}.
 *
 * <p>Masked forms: the value in any case, with separators inserted, reversed, percent-encoded,
 * hex (either case) and base64 / base64url. Anything {@link LeakDetector} still finds afterwards
 * (for instance a secret at an odd offset inside a longer base64 text) is withheld line by line,
 * and if it still shows up across lines, the whole text is withheld: when in doubt, the model
 * sees less. Thread-safe.
 */
public final class SecretRedactor implements Redactor {

    public static final String SECRET_MARK = "[REDACTED:secret]";
    public static final String CANARY_MARK = "[REDACTED:canary]";
    public static final String WITHHELD = "[REDACTED:secret] (text withheld: it holds a protected secret in an encoded form)";

    private final LeakDetector detector;
    private final java.util.Map<String, Forms> patterns = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    public SecretRedactor(LeakDetector detector) {
        this.detector = requireNonNull(detector, "detector is null");
    }

    public SecretRedactor(SecretRegistry registry) {
        this(new LeakDetector(registry));
    }

    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty() || detector.registry().isEmpty()) {
            return text;
        }
        String out = text;
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String alnum = Decoders.alnumLower(text);
        for (Secret secret : detector.registry().secrets()) {
            Forms forms = patterns.computeIfAbsent(secret.value(), SecretRedactor::forms);
            if (!forms.mayBeIn(lower, alnum)) {
                continue;
            }
            String mark = secret.isCanary() ? CANARY_MARK : SECRET_MARK;
            for (Pattern pattern : forms.patterns()) {
                out = pattern.matcher(out).replaceAll(Matcher.quoteReplacement(mark));
            }
        }
        if (!detector.containsSecret(out)) {
            return out;
        }
        String[] lines = out.split("\n", -1);
        List<String> kept = new ArrayList<>(lines.length);
        for (String line : lines) {
            kept.add(detector.containsSecret(line) ? WITHHELD : line);
        }
        String byLine = String.join("\n", kept);
        return detector.containsSecret(byLine) ? WITHHELD : byLine;
    }

    /**
     * The masked forms of one secret, with a cheap pre-check: every form, lower-cased, is either a
     * literal in {@code lowerLiterals} or has the secret's letters and digits (or their reverse).
     */
    private record Forms(List<Pattern> patterns, List<String> lowerLiterals, String alnum) {
        boolean mayBeIn(String lower, String textAlnum) {
            if (alnum.length() >= Secret.MIN_LENGTH
                    && (textAlnum.contains(alnum) || textAlnum.contains(Decoders.reverse(alnum)))) {
                return true;
            }
            for (String literal : lowerLiterals) {
                if (lower.contains(literal)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Forms forms(String value) {
        List<String> lowerLiterals = new ArrayList<>();
        for (String literal : literals(value)) {
            lowerLiterals.add(literal.toLowerCase(java.util.Locale.ROOT));
        }
        lowerLiterals.add(value.toLowerCase(java.util.Locale.ROOT));
        lowerLiterals.add(Decoders.reverse(value).toLowerCase(java.util.Locale.ROOT));
        lowerLiterals.add(HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)));
        return new Forms(patterns(value), lowerLiterals, Decoders.alnumLower(value));
    }

    private static Set<String> literals(String value) {
        Set<String> literals = new LinkedHashSet<>();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        literals.add(Base64.getEncoder().encodeToString(bytes));
        literals.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        literals.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        literals.add(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        StringBuilder percent = new StringBuilder();
        for (byte b : bytes) {
            percent.append('%').append(String.format("%02X", b & 0xFF));
        }
        literals.add(percent.toString());
        return literals;
    }

    private static List<Pattern> patterns(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<Pattern> patterns = new ArrayList<>();
        for (String literal : literals(value)) {
            // base64 is case-sensitive; the rest are matched ignoring case below
            patterns.add(Pattern.compile(Pattern.quote(literal)));
        }
        patterns.add(Pattern.compile(Pattern.quote(HexFormat.of().formatHex(bytes)), Pattern.CASE_INSENSITIVE));
        patterns.add(separated(value));
        patterns.add(separated(Decoders.reverse(value)));
        return patterns;
    }

    /** The value's letters and digits in order, ignoring case, with up to three separators between them. */
    private static Pattern separated(String value) {
        String alnum = Decoders.alnumLower(value);
        if (alnum.length() < Secret.MIN_LENGTH) {
            return Pattern.compile(Pattern.quote(value), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        StringBuilder regex = new StringBuilder();
        int[] cps = alnum.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (i > 0) {
                regex.append("[^\\p{L}\\p{N}]{0,3}");
            }
            regex.append(Pattern.quote(new String(Character.toChars(cps[i]))));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
