package dev.leash.guards.internal;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * TEST ORACLE: a verbatim copy of {@code Fold} as it was before it learnt to fold into buffers.
 *
 * <p>Original javadoc:
 * Folds text to the form the guards compare: every character through NFKC case folding (so
 * full-width and compatibility forms, ligatures and case collapse), then to its Unicode
 * confusable skeleton (ICU's {@link SpoofChecker}, so Cyrillic {@code а}, Greek {@code ο} and
 * Latin {@code a}, {@code o} become one), lower-cased, with the few look-alikes the skeleton
 * keeps apart folded together ({@code i l 1 |}, Cyrillic {@code к} and Latin {@code k}), and
 * only letters and digits kept: separators, punctuation, spaces and combining marks go.
 *
 * <p>The fold works character by character (a skeleton is defined that way), so each code
 * point's fold is computed once and remembered, and folding a text costs one table look-up per
 * character: linear in the text. {@link #simple} is the same without the skeleton, for the
 * Caesar view (a skeleton would not commute with a shift). Thread-safe.
 */
public final class FoldReference {

    private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final int TABLE = 0x10000;
    private static final String NOTHING = "";

    /** Look-alikes the skeleton leaves apart (it keeps the prototype's case and script variant). */
    private static final String POST_FROM = "i\u0131\u0138\u028d\u1d1b\u0299\u029c\u0262\u1d0d\u0274\u1d18\u0280\u1d00\u1d07";
    private static final String POST_TO = "llkmtbhgmnprae";

    private static final AtomicReferenceArray<String> SKELETON = new AtomicReferenceArray<>(TABLE);
    private static final AtomicReferenceArray<String> SIMPLE = new AtomicReferenceArray<>(TABLE);
    /**
     * Folds of code points past U+FFFF, as met (decoded noise is full of them), up to
     * {@value #MAX_WIDE} of them: without it each costs a normalisation and a skeleton per
     * occurrence.
     */
    private static final int MAX_WIDE = 1 << 16;
    private static final java.util.Map<Integer, String> WIDE_SKELETON = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Integer, String> WIDE_SIMPLE = new java.util.concurrent.ConcurrentHashMap<>();

    private FoldReference() {
    }

    /** The confusable-folded letters and digits of {@code text}. */
    public static String skeleton(CharSequence text) {
        return fold(text, true);
    }

    /** The NFKC-case-folded letters and digits of {@code text}, without confusable folding. */
    public static String simple(CharSequence text) {
        return fold(text, false);
    }

    private static String fold(CharSequence text, boolean skeleton) {
        int n = text.length();
        char[] out = new char[n + 16];
        int size = 0;
        AtomicReferenceArray<String> table = skeleton ? SKELETON : SIMPLE;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                // fast path for ASCII: digits and letters only, with the ASCII confusables
                if (c >= 'a' && c <= 'z') {
                    if (size + 2 > out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    if (skeleton && c == 'i') {
                        out[size++] = 'l';
                    } else if (skeleton && c == 'm') {
                        out[size++] = 'r';
                        out[size++] = 'n';
                    } else {
                        out[size++] = c;
                    }
                    continue;
                }
                if (!skeleton && (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                    if (size + 1 > out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    out[size++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                    continue;
                }
                if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '|')) {
                    continue;
                }
            }
            String known;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                i++;
                java.util.Map<Integer, String> wide = skeleton ? WIDE_SKELETON : WIDE_SIMPLE;
                known = wide.get(cp);
                if (known == null) {
                    known = compute(cp, skeleton);
                    if (wide.size() < MAX_WIDE) {
                        wide.put(cp, known);
                    }
                }
            } else {
                known = table.get(c);
                if (known == null) {
                    known = compute(c, skeleton);
                    table.set(c, known);
                }
            }
            int k = known.length();
            if (size + k > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, size + k));
            }
            known.getChars(0, k, out, size);
            size += k;
        }
        return new String(out, 0, size);
    }

    private static String compute(int cp, boolean skeleton) {
        String s = NFKC_CF.normalize(new String(Character.toChars(cp)));
        if (skeleton) {
            s = SPOOF.getSkeleton(s).toLowerCase(Locale.ROOT);
        }
        StringBuilder kept = new StringBuilder(s.length());
        s.codePoints().forEach(p -> {
            if (Character.isLetterOrDigit(p)) {
                int post = p < 0x10000 ? POST_FROM.indexOf(p) : -1;
                kept.appendCodePoint(post >= 0 ? POST_TO.charAt(post) : p);
            }
        });
        return kept.length() == 0 ? NOTHING : kept.toString();
    }

    /**
     * The shift-free form of a {@link #simple} text: each letter that follows a letter becomes
     * the distance from it (mod 26), so a text and any Caesar shift of it (ROT13 included) have
     * the same form; digits stay digits, a letter after a non-letter is one mark. Same length as
     * the input minus one.
     */
    public static String caesar(String simple) {
        StringBuilder out = new StringBuilder(Math.max(0, simple.length() - 1));
        for (int i = 1; i < simple.length(); i++) {
            char prev = simple.charAt(i - 1);
            char c = simple.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            if (letter && prev >= 'a' && prev <= 'z') {
                out.append((char) ('A' + (c - prev + 26) % 26));
            } else if (letter) {
                out.append('#');
            } else if (c >= '0' && c <= '9') {
                out.append(c);
            } else {
                out.append('~');
            }
        }
        return out.toString();
    }
}
