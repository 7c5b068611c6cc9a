package dev.leash.guards.internal;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
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
 * Caesar view (a skeleton would not commute with a shift). {@link #into} computes a text's
 * skeleton and the {@link #caesar} form of its simple fold in one pass, into buffers that are
 * reused from one text to the next, with the same result as the three methods. Thread-safe.
 */
public final class Fold {

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

    /**
     * Both folds of each ASCII character, packed so that the loop of {@link #into} writes them
     * without a branch: the skeleton's first character in bits 0-7, its second (or 0) in bits
     * 8-15, how many it has (0 to 2) in bits 16-17, and the simple fold (or 0 for none) in bits
     * 18-24; {@link #SLOW} where either does not fit (then the tables are read).
     */
    private static final int[] ASCII = new int[128];
    private static final int SLOW = -1;
    /**
     * {@link #shift} of each pair of a previous simple-folded character (its {@link #prevCode}:
     * 0 for none, the letter itself, or 1 for anything else, which {@code shift} reads as a
     * non-letter) and an ASCII simple fold, at {@code prev << 7 | c}.
     */
    private static final char[] SHIFTS = new char[128 * 128];
    /** Characters folded at a time by {@link #into}. */
    private static final int CHUNK = 4096;

    static {
        for (char c = 0; c < 128; c++) {
            String k = fold(String.valueOf(c), true);
            String m = fold(String.valueOf(c), false);
            boolean packs = k.length() <= 2 && m.length() <= 1 && (k + m).chars().allMatch(x -> x > 0 && x < 128);
            ASCII[c] = !packs ? SLOW : (k.isEmpty() ? 0 : k.charAt(0)) | (k.length() > 1 ? k.charAt(1) << 8 : 0)
                    | k.length() << 16 | (m.isEmpty() ? 0 : m.charAt(0) << 18);
        }
        for (int prev = 0; prev < 128; prev++) {
            for (int c = 1; c < 128; c++) {
                SHIFTS[prev << 7 | c] = shift(prev, c);
            }
        }
    }

    private Fold() {
    }

    /**
     * A text's folds, in buffers reused from one text to the next: the {@link #skeleton} and,
     * when asked for, the {@link #caesar} form of the {@link #simple} fold. Not thread-safe: one
     * per thread.
     */
    public static final class Folded {
        private final char[] raw = new char[CHUNK + 1];
        private char[] skeleton = new char[64];
        private int skeletonLength;
        private char[] shifted = new char[64];
        private int shiftedLength;
        private int prev; // while folding: the last simple-folded character, -1 before the first

        /** The skeleton's characters, {@code [0, skeletonLength())}. */
        public char[] skeleton() {
            return skeleton;
        }

        public int skeletonLength() {
            return skeletonLength;
        }

        /** The shift-free form's characters, {@code [0, shiftedLength())}. */
        public char[] shifted() {
            return shifted;
        }

        public int shiftedLength() {
            return shiftedLength;
        }

        /** Capacity held, in characters (to drop a buffer grown by a huge text). */
        public int capacity() {
            return skeleton.length + shifted.length;
        }
    }

    /**
     * Folds {@code text} into {@code into}: its {@link #skeleton}, and if {@code shifted} also
     * {@code caesar(simple(text))} (else that form is left empty). One pass, no strings.
     */
    public static void into(CharSequence text, Folded into, boolean shifted) {
        int n = text.length();
        char[] raw = into.raw;
        char[] sk = into.skeleton;
        if (sk.length < n + 16) {
            sk = new char[n + 16];
        }
        char[] sh = into.shifted;
        if (shifted && sh.length < n + 16) {
            sh = new char[n + 16];
        }
        int k = 0;
        int m = 0;
        int prev = -1; // the last simple-folded character, -1 before the first
        // A chunk at a time, copied out of the text (with one more character, the other half of a
        // surrogate pair), with room made first for the ASCII path to write without checks: at
        // most two skeleton characters and one shift-free character per character (the other
        // path makes room for what it adds).
        int from = 0;
        while (from < n) {
            int len = Math.min(CHUNK, n - from);
            int copied = Math.min(len + 1, n - from);
            if (text instanceof String string) {
                string.getChars(from, from + copied, raw, 0);
            } else {
                for (int i = 0; i < copied; i++) {
                    raw[i] = text.charAt(from + i);
                }
            }
            if (sk.length - k < 2 * len + 16) {
                sk = Arrays.copyOf(sk, Math.max(sk.length + sk.length / 2, k + 2 * len + 16));
            }
            if (shifted && sh.length - m < len + 16) {
                sh = Arrays.copyOf(sh, Math.max(sh.length + sh.length / 2, m + len + 16));
            }
            int i = 0;
            if (shifted) {
                int p = prevCode(prev);
                for (; i < len; i++) {
                    char c = raw[i];
                    int fold;
                    if (c < 128 && (fold = ASCII[c]) != SLOW) {
                        // The skeleton is written whatever the character folds to (its count says
                        // what stays), so that letters, spaces and punctuation cost the same.
                        sk[k] = (char) (fold & 0xFF);
                        sk[k + 1] = (char) (fold >>> 8 & 0xFF); // past the end when there is none: overwritten next
                        k += fold >>> 16 & 3;
                        int simple = fold >>> 18;
                        if (simple != 0) {
                            sh[m] = SHIFTS[p << 7 | simple]; // past the end before the first: overwritten next
                            m += -p >>> 31;
                            p = simple;
                        }
                        continue;
                    }
                    prev = p == 0 ? -1 : p;
                    into.skeleton = sk;
                    into.skeletonLength = k;
                    into.shifted = sh;
                    into.shiftedLength = m;
                    into.prev = prev;
                    i = other(raw, i, copied, len, true, into);
                    sk = into.skeleton;
                    k = into.skeletonLength;
                    sh = into.shifted;
                    m = into.shiftedLength;
                    p = prevCode(into.prev);
                }
                prev = p == 0 ? -1 : p;
            } else {
                for (; i < len; i++) {
                    char c = raw[i];
                    int fold;
                    if (c < 128 && (fold = ASCII[c]) != SLOW) {
                        sk[k] = (char) (fold & 0xFF);
                        sk[k + 1] = (char) (fold >>> 8 & 0xFF);
                        k += fold >>> 16 & 3;
                        continue;
                    }
                    into.skeleton = sk;
                    into.skeletonLength = k;
                    into.shifted = sh;
                    into.shiftedLength = m;
                    into.prev = prev;
                    i = other(raw, i, copied, len, false, into);
                    sk = into.skeleton;
                    k = into.skeletonLength;
                    sh = into.shifted;
                    m = into.shiftedLength;
                    prev = into.prev;
                }
            }
            from += i; // one more if a surrogate pair ended past the chunk
        }
        into.skeleton = sk;
        into.skeletonLength = k;
        into.shifted = sh;
        into.shiftedLength = shifted ? m : 0;
    }

    /**
     * Folds {@code raw[i]} (with {@code raw[i + 1]} if they are a surrogate pair) by the tables,
     * appending to {@code into}'s buffers from its lengths (keeping room for the ASCII path up
     * to {@code chunk}); {@code n} characters of {@code raw} are valid. Returns the index of the
     * last character read. Out of the loop of {@link #into} so that the loop stays small.
     */
    private static int other(char[] raw, int i, int n, int chunk, boolean shifted, Folded into) {
        char c = raw[i];
        String skel;
        String simple;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(raw[i + 1])) {
            int cp = Character.toCodePoint(c, raw[i + 1]);
            i++;
            skel = wide(cp, true);
            simple = shifted ? wide(cp, false) : NOTHING;
        } else {
            skel = narrow(c, true);
            simple = shifted ? narrow(c, false) : NOTHING;
        }
        int kl = skel.length();
        char[] sk = into.skeleton;
        int k = into.skeletonLength;
        if (kl > 0 && sk.length - k < kl + 2 * (chunk - i) + 16) {
            sk = Arrays.copyOf(sk, Math.max(sk.length * 2, k + kl + 2 * (chunk - i) + 16));
            into.skeleton = sk;
        }
        skel.getChars(0, kl, sk, k);
        into.skeletonLength = k + kl;
        int ml = simple.length();
        char[] sh = into.shifted;
        int m = into.shiftedLength;
        if (ml > 0 && sh.length - m < ml + (chunk - i) + 16) {
            sh = Arrays.copyOf(sh, Math.max(sh.length * 2, m + ml + (chunk - i) + 16));
            into.shifted = sh;
        }
        int prev = into.prev;
        for (int j = 0; j < ml; j++) {
            char s = simple.charAt(j);
            if (prev >= 0) {
                sh[m++] = shift((char) prev, s);
            }
            prev = s;
        }
        into.shiftedLength = m;
        into.prev = prev;
        return i;
    }

    private static String narrow(char c, boolean skeleton) {
        AtomicReferenceArray<String> table = skeleton ? SKELETON : SIMPLE;
        String known = table.get(c);
        if (known == null) {
            known = compute(c, skeleton);
            table.set(c, known);
        }
        return known;
    }

    private static String wide(int cp, boolean skeleton) {
        java.util.Map<Integer, String> wide = skeleton ? WIDE_SKELETON : WIDE_SIMPLE;
        String known = wide.get(cp);
        if (known == null) {
            known = compute(cp, skeleton);
            if (wide.size() < MAX_WIDE) {
                wide.put(cp, known);
            }
        }
        return known;
    }

    /**
     * The previous simple-folded character as {@link #SHIFTS} reads it: 0 for none ({@code -1}),
     * a lower-case ASCII letter as itself, anything else as 1 ({@link #shift} only asks whether
     * it is such a letter, and which).
     */
    private static int prevCode(int prev) {
        return prev < 0 ? 0 : prev >= 'a' && prev <= 'z' ? prev : 1;
    }

    /** One character of the {@link #caesar} form: {@code c} after {@code prev}. */
    private static char shift(int prev, int c) {
        boolean letter = c >= 'a' && c <= 'z';
        if (letter && prev >= 'a' && prev <= 'z') {
            int d = c - prev;
            return (char) ('A' + (d < 0 ? d + 26 : d));
        } else if (letter) {
            return '#';
        } else if (c >= '0' && c <= '9') {
            return (char) c;
        }
        return '~';
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
