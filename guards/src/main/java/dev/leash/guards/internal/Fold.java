package dev.leash.guards.internal;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * skeleton and its simple fold in one pass, into buffers that are reused from one text to the
 * next, with the same result as the string methods; the {@link #caesar} form of the simple fold
 * is read from it character by character ({@link #shifted(byte[], int)}), never written. Cost:
 * for ASCII text, two table look-ups and two stores per pair of characters. Thread-safe.
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
     * Both folds of each ASCII character, packed: the skeleton's first character in bits 0-7, its
     * second (or 0) in bits 8-15, how many it has (0 to 2) in bits 16-17, and the simple fold (or
     * 0 for none) in bits 18-24; {@link #SLOW} where either does not fit (then the tables are
     * read).
     */
    private static final int[] ASCII = new int[128];
    private static final int SLOW = -1;
    /**
     * {@link #shift} of each pair of ASCII characters, a simple-folded one and the one before
     * it, at {@code prev << 7 | c} ({@link #shifted(int, int)}).
     */
    private static final char[] SHIFTS = new char[128 * 128];
    /**
     * The skeleton of each pair of ASCII characters {@code a b}, at {@code a << 7 | b}: its up to
     * four characters in the four 16-bit lanes (as they lie in the buffer, little-endian), how many
     * there are in bits 60-62; {@link #SLOW_PAIR} where {@link #ASCII} is {@link #SLOW} for either.
     */
    private static final long[] PAIR_SKELETON = new long[128 * 128];
    private static final long SLOW_PAIR = -1L;
    private static final long LANES = 0x0FFF_FFFF_FFFF_FFFFL;
    /**
     * The simple fold of each pair of ASCII characters whose {@link #PAIR_SKELETON} is not
     * {@link #SLOW_PAIR}: its up to two characters in the two 16-bit lanes, how many in bits 30-31.
     */
    private static final int[] PAIR_SIMPLE = new int[128 * 128];
    /** Characters folded at a time by {@link #into}. */
    private static final int CHUNK = 4096;
    /** Characters written past the end of a fold by the wide stores of {@link #into}. */
    private static final int SLACK = 16;

    private static final VarHandle CHARS = MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (char c = 0; c < 128; c++) {
            String k = fold(String.valueOf(c), true);
            String m = fold(String.valueOf(c), false);
            boolean packs = k.length() <= 2 && m.length() <= 1 && (k + m).chars().allMatch(x -> x > 0 && x < 128);
            ASCII[c] = !packs ? SLOW : (k.isEmpty() ? 0 : k.charAt(0)) | (k.length() > 1 ? k.charAt(1) << 8 : 0)
                    | k.length() << 16 | (m.isEmpty() ? 0 : m.charAt(0) << 18);
        }
        for (int prev = 0; prev < 128; prev++) {
            for (int c = 0; c < 128; c++) {
                SHIFTS[prev << 7 | c] = shift(prev, c);
            }
        }
        for (int a = 0; a < 128; a++) {
            for (int b = 0; b < 128; b++) {
                int fa = ASCII[a];
                int fb = ASCII[b];
                if (fa == SLOW || fb == SLOW) {
                    PAIR_SKELETON[a << 7 | b] = SLOW_PAIR;
                    continue;
                }
                long lanes = 0;
                int count = 0;
                for (int fold : new int[] {fa, fb}) {
                    for (int j = 0; j < (fold >>> 16 & 3); j++) {
                        lanes |= (long) (fold >>> 8 * j & 0xFF) << 16 * count++;
                    }
                }
                PAIR_SKELETON[a << 7 | b] = lanes | (long) count << 60;
                int sa = fa >>> 18;
                int sb = fb >>> 18;
                int simple = sa != 0 ? sa | sb << 16 : sb;
                PAIR_SIMPLE[a << 7 | b] = simple | ((sa != 0 ? 1 : 0) + (sb != 0 ? 1 : 0)) << 30;
            }
        }
    }

    private Fold() {
    }

    /**
     * A text's folds, in buffers reused from one text to the next: the {@link #skeleton} and,
     * when asked for, the {@link #simple} fold, each as UTF-16 little-endian bytes (two per
     * character), so that the fold writes several characters with one store and the automaton
     * reads four with one load. The {@link #caesar} form of the simple fold is not written: its
     * character {@code j} is {@link #shifted(byte[], int)}, read where it is needed. Not
     * thread-safe: one per thread.
     */
    public static final class Folded {
        private final char[] raw = new char[CHUNK + 1];
        private byte[] skeleton = new byte[128];
        private int skeletonLength;
        private byte[] simple = new byte[128];
        private int simpleLength;

        /** The skeleton's characters, {@code [0, skeletonLength())}, two little-endian bytes each. */
        public byte[] skeleton() {
            return skeleton;
        }

        public int skeletonLength() {
            return skeletonLength;
        }

        /** The simple fold's characters, {@code [0, simpleLength())}, two little-endian bytes each. */
        public byte[] simple() {
            return simple;
        }

        public int simpleLength() {
            return simpleLength;
        }

        /** Length of the {@link #caesar} form of the simple fold: one less than it, or 0. */
        public int shiftedLength() {
            return Math.max(0, simpleLength - 1);
        }

        /** The skeleton as a string (for tests). */
        public String skeletonString() {
            char[] chars = new char[skeletonLength];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) CHARS.get(skeleton, i << 1);
            }
            return new String(chars);
        }

        /** The {@link #caesar} form of the simple fold as a string (for tests). */
        public String shiftedString() {
            char[] chars = new char[shiftedLength()];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = shifted(simple, i);
            }
            return new String(chars);
        }

        /** Empties both folds (their buffers are kept). */
        public void clear() {
            skeletonLength = 0;
            simpleLength = 0;
        }

        /**
         * Drops the first {@code skeleton} characters of the skeleton and the first {@code simple}
         * of the simple fold, the rest moved to the front: what a text folded a stretch at a time
         * no longer needs.
         */
        public void drop(int skeleton, int simple) {
            if (skeleton > 0) {
                System.arraycopy(this.skeleton, 2 * skeleton, this.skeleton, 0, 2 * (skeletonLength - skeleton));
                skeletonLength -= skeleton;
            }
            if (simple > 0) {
                System.arraycopy(this.simple, 2 * simple, this.simple, 0, 2 * (simpleLength - simple));
                simpleLength -= simple;
            }
        }

        /** Capacity held, in characters (to drop a buffer grown by a huge text). */
        public int capacity() {
            return (skeleton.length + simple.length) / 2;
        }
    }

    /**
     * Folds {@code text} into {@code into}: its {@link #skeleton}, and if {@code simple} also its
     * {@link #simple} fold (else that is left empty). One pass, no strings: two ASCII characters
     * at a time where both have folds that pack ({@link #PAIR_SKELETON}, {@link #PAIR_SIMPLE}),
     * each fold written with one store and no branch on what the characters are; any other
     * character alone.
     */
    public static void into(CharSequence text, Folded into, boolean simple) {
        int n = text.length();
        if (into.skeleton.length < 2 * (n + SLACK)) {
            into.skeleton = new byte[2 * (n + SLACK)];
        }
        if (simple && into.simple.length < 2 * (n + SLACK)) {
            into.simple = new byte[2 * (n + SLACK)];
        }
        into.clear();
        append(text, 0, n, into, simple);
    }

    /**
     * Folds the characters {@code [from, to)} of {@code text} as {@link #into} does, after what
     * {@code into} holds: the folds of a text folded a stretch at a time, each stretch from where
     * the last one ended, are its folds. Returns where this stretch ended: {@code to}, or one more
     * when a surrogate pair spans {@code to} (read whole here).
     */
    public static int append(CharSequence text, int from, int to, Folded into, boolean simple) {
        int n = text.length();
        char[] raw = into.raw;
        byte[] sk = into.skeleton;
        byte[] sm = into.simple;
        int k = into.skeletonLength;
        int m = into.simpleLength;
        // A chunk at a time, copied out of the text (with one more character, the other half of a
        // surrogate pair), with room made first for the ASCII path to write without checks: at
        // most two skeleton characters and one simple character per character, and the lanes
        // written past them (the other path makes room for what it adds).
        while (from < to) {
            int len = Math.min(CHUNK, to - from);
            int copied = Math.min(len + 1, n - from);
            if (text instanceof String string) {
                string.getChars(from, from + copied, raw, 0);
            } else {
                for (int i = 0; i < copied; i++) {
                    raw[i] = text.charAt(from + i);
                }
            }
            if (sk.length - 2 * k < 2 * (2 * len + SLACK)) {
                sk = Arrays.copyOf(sk, Math.max(sk.length + sk.length / 2, 2 * (k + 2 * len + SLACK)));
            }
            if (simple && sm.length - 2 * m < 2 * (len + SLACK)) {
                sm = Arrays.copyOf(sm, Math.max(sm.length + sm.length / 2, 2 * (m + len + SLACK)));
            }
            int i = 0;
            while (i < len) {
                char a = raw[i];
                char b = raw[i + 1]; // raw holds one more than a chunk: used only if i + 1 < len
                long pair;
                if (i + 1 < len && (a | b) < 128 && (pair = PAIR_SKELETON[a << 7 | b]) != SLOW_PAIR) {
                    // Written whatever the pair folds to (its count says what stays), so that
                    // letters, spaces and punctuation cost the same.
                    LONGS.set(sk, k << 1, pair & LANES);
                    k += (int) (pair >>> 60);
                    if (simple) {
                        int s = PAIR_SIMPLE[a << 7 | b];
                        INTS.set(sm, m << 1, s & 0x3FFF_FFFF);
                        m += s >>> 30;
                    }
                    i += 2;
                    continue;
                }
                int fold;
                if (a < 128 && (fold = ASCII[a]) != SLOW) {
                    INTS.set(sk, k << 1, fold & 0xFF | (fold & 0xFF00) << 8);
                    k += fold >>> 16 & 3;
                    if (simple) {
                        int s = fold >>> 18;
                        CHARS.set(sm, m << 1, (char) s);
                        m += -s >>> 31;
                    }
                    i++;
                    continue;
                }
                into.skeleton = sk;
                into.skeletonLength = k;
                into.simple = sm;
                into.simpleLength = m;
                i = other(raw, i, copied, len, simple, into) + 1;
                sk = into.skeleton;
                k = into.skeletonLength;
                sm = into.simple;
                m = into.simpleLength;
            }
            from += i; // one more if a surrogate pair ended past the chunk
        }
        into.skeleton = sk;
        into.skeletonLength = k;
        into.simple = sm;
        into.simpleLength = simple ? m : 0;
        return from;
    }

    /**
     * Folds {@code raw[i]} (with {@code raw[i + 1]} if they are a surrogate pair) by the tables,
     * appending to {@code into}'s buffers from its lengths (keeping room for the ASCII path up
     * to {@code chunk}); {@code n} characters of {@code raw} are valid. Returns the index of the
     * last character read. Out of the loop of {@link #into} so that the loop stays small.
     */
    private static int other(char[] raw, int i, int n, int chunk, boolean simple, Folded into) {
        char c = raw[i];
        String skel;
        String simpleFold;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(raw[i + 1])) {
            int cp = Character.toCodePoint(c, raw[i + 1]);
            i++;
            skel = wide(cp, true);
            simpleFold = simple ? wide(cp, false) : NOTHING;
        } else {
            skel = narrow(c, true);
            simpleFold = simple ? narrow(c, false) : NOTHING;
        }
        into.skeleton = append(into.skeleton, into.skeletonLength, skel, 2 * (chunk - i));
        into.skeletonLength += skel.length();
        into.simple = append(into.simple, into.simpleLength, simpleFold, chunk - i);
        into.simpleLength += simpleFold.length();
        return i;
    }

    /**
     * {@code buffer} with {@code fold} written at character {@code at}, grown first if it would
     * leave less than {@code room} characters and the slack after it.
     */
    private static byte[] append(byte[] buffer, int at, String fold, int room) {
        int length = fold.length();
        if (length == 0) {
            return buffer;
        }
        if (buffer.length - 2 * at < 2 * (length + room + SLACK)) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, 2 * (at + length + room + SLACK)));
        }
        for (int j = 0; j < length; j++) {
            CHARS.set(buffer, (at + j) << 1, fold.charAt(j));
        }
        return buffer;
    }

    /**
     * Character {@code j} of the {@link #caesar} form of a simple fold held in {@code simple} (as
     * {@link Folded#simple} holds it): {@link #shifted(int, int)} of its characters {@code j} and
     * {@code j + 1}.
     */
    public static char shifted(byte[] simple, int j) {
        return shifted((char) CHARS.get(simple, j << 1), (char) CHARS.get(simple, (j + 1) << 1));
    }

    /**
     * One character of the {@link #caesar} form: simple-folded {@code c} after {@code prev}, as
     * {@link #shift} gives it, from a table where both are ASCII: a character past ASCII is no
     * letter or digit that {@code shift} reads (as {@code prev}, no letter; as {@code c}, {@code ~}).
     */
    public static char shifted(int prev, int c) {
        return c < 128 ? SHIFTS[(prev < 128 ? prev : '~') << 7 | c] : '~';
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
