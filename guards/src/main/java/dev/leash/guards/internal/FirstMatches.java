package dev.leash.guards.internal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first match of each of a few patterns in a text, found by trying each pattern only where a
 * match of it can start: what {@code pattern.matcher(text).find()} finds, without trying every
 * alternative of a long pattern at every place of a long text (a cue pattern of the coercion flag
 * costs 40 to 260 ns a character that way, on any text).
 *
 * <p>Where a match can start is asked of the patterns themselves, not written down beside them:
 * for the character before a place and the characters from it (ASCII capitals read as small
 * letters when every pattern is case-insensitive throughout, which is what such a pattern does with
 * them; not when a group of one turns that off, as {@code (?-i:\p{Lu})} does),
 * the matcher says whether a pattern matches that short string or would have read past its end
 * ({@link Matcher#hitEnd}); if neither, no text that goes on like this holds a match starting
 * there. The answers depend on nothing else and are kept: for the first character, in a table made
 * at once; for the first two and three, in rows made as they are first needed (one for each first
 * character, one for each pair); for the first {@link #AHEAD}, in a table shared by every text
 * (direct-mapped: a start seen again costs a look-up, one pushed out by another is asked again).
 * Most places of a text that is not prose (random words, base64 with its {@code +} and {@code /})
 * end at the rows, so the table of seven is asked about few starts it has not seen. The
 * characters read stop at the first outside ASCII or at the text's end, which only widens the
 * answer (a first character outside ASCII is looked up in a table of such characters, made as
 * they are first met); a character before the place that is outside ASCII, which {@code \b} may
 * read either way, is read both as a word character and as another; the text's first place is always tried
 * when a pattern holds {@code ^} (it matches there only). When no pattern starts at a word character after another, the
 * rest of each word is passed over.
 *
 * <p>A pattern is tried at the places so found, in order, with {@link Matcher#lookingAt} on the
 * whole text from there (transparent bounds: {@code \b} sees the character before), until it
 * matches: the leftmost match, and the same one, since {@code find} tries the same places in the
 * same order. This holds for patterns that look back only with {@code \b} (no look-behind), as
 * those given here must.
 *
 * <p>Thread-safe.
 */
public final class FirstMatches {

    /** Characters read from a place to say whether a pattern can start there (a byte each in a kept start's key). */
    static final int AHEAD = 7;

    /** Starts kept (a power of two). */
    private static final int KEPT = 1 << 14;

    private final Pattern[] patterns;
    /** Bit {@code i}: pattern {@code i} may start after a word character / another, at each ASCII character. */
    private final long[] firstAfterWord = new long[128];
    private final long[] firstAfterOther = new long[128];
    /**
     * Kept starts, after a word character and after another: the start read (56 bits, a byte per
     * character), then the patterns that may start so (8 bits); 0 for none (a start of no
     * characters that no pattern may take reads as none, and is asked again).
     */
    private final AtomicLongArray keptAfterWord = new AtomicLongArray(KEPT);
    private final AtomicLongArray keptAfterOther = new AtomicLongArray(KEPT);
    private final long all;
    /** Whether no pattern starts at a word character after one (ASCII both): then the rest of a word is passed over. */
    private final boolean inWordsNone;
    /** Whether a pattern holds {@code ^} or {@code \A}, which match at the text's first place only. */
    private final boolean anchors;
    /** Whether every pattern is case-insensitive, so that ASCII capitals are read as small letters. */
    private final boolean lowers;

    private FirstMatches(Pattern[] patterns) {
        this.patterns = patterns;
        boolean insensitive = true;
        for (Pattern p : patterns) {
            // a group that turns case-insensitivity off ("(?-i:\\p{Lu})") reads capitals as they are
            insensitive &= (p.flags() & Pattern.CASE_INSENSITIVE) != 0 && !p.pattern().matches("(?s).*\\(\\?[a-zA-Z]*-[a-zA-Z]*i.*");
        }
        this.lowers = insensitive;
        boolean start = false;
        for (Pattern p : patterns) {
            start |= anchorsAtStart(p.pattern());
        }
        this.anchors = start;
        this.all = (1L << patterns.length) - 1;
        boolean none = true;
        for (char c = 0; c < 128; c++) {
            firstAfterWord[c] = ask(true, String.valueOf(c), all);
            firstAfterOther[c] = ask(false, String.valueOf(c), all);
            none &= !isWord(c) || firstAfterWord[c] == 0;
        }
        this.inWordsNone = none;
    }

    /** Most patterns read at once: a bit each in a byte. */
    public static final int MAX_PATTERNS = 8;

    /** For these patterns (at most {@value #MAX_PATTERNS}, with no look-behind). */
    public static FirstMatches of(List<Pattern> patterns) {
        if (patterns.isEmpty() || patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("one to " + MAX_PATTERNS + " patterns, got " + patterns.size());
        }
        for (Pattern p : patterns) {
            if (p.pattern().contains("(?<")) {
                throw new IllegalArgumentException("looks behind: " + p.pattern());
            }
            if ((p.flags() & Pattern.MULTILINE) != 0 || p.pattern().matches("(?s).*\\(\\?[a-zA-Z]*m.*")) {
                throw new IllegalArgumentException("multiline (^ and $ at every line): " + p.pattern());
            }
        }
        return new FirstMatches(patterns.toArray(new Pattern[0]));
    }

    /** Index {@code i}: the first match of pattern {@code i} in {@code text}, or null when it has none. */
    public MatchResult[] in(String text) {
        return in(text, all);
    }

    /**
     * The same for the patterns whose bits are set in {@code wanted} (bit {@code i} for pattern
     * {@code i}); null for the others, which are not looked for.
     */
    public MatchResult[] in(String text, long wanted) {
        MatchResult[] found = new MatchResult[patterns.length];
        Matcher[] matchers = new Matcher[patterns.length];
        long pending = all & wanted;
        int n = text.length();
        // the text's characters, ASCII capitals lowered when every pattern ignores case: read
        // from an array rather than String.charAt, whose checks every read repeats
        char[] chars = characters(text, lowers);
        char before = ' ';
        for (int p = 0; p < n && pending != 0; before = chars[p], p++) {
            if (inWordsNone && p > 0 && isWord(before)) {
                // no pattern starts inside a word: on to the first character after it that is no word character
                while (p < n && isWord(chars[p])) {
                    p++;
                }
                if (p == n) {
                    break;
                }
                before = chars[p - 1];
            }
            char c = chars[p];
            long may;
            if (c < 128) {
                may = before >= 128 ? firstAfterWord[c] | firstAfterOther[c] : isWord(before) ? firstAfterWord[c] : firstAfterOther[c];
            } else {
                may = before >= 128 ? wide(true, c) | wide(false, c) : wide(isWord(before), c);
            }
            if (p == 0 && anchors) {
                may = pending; // every pattern tried: a match that starts with ^ starts nowhere else
            } else if ((may &= pending) == 0) {
                continue;
            } else if (before >= 128) {
                may &= starts(true, chars, n, p, may) | starts(false, chars, n, p, may);
            } else {
                may &= starts(isWord(before), chars, n, p, may);
            }
            while (may != 0) {
                int i = Long.numberOfTrailingZeros(may);
                may &= may - 1;
                Matcher m = matchers[i];
                if (m == null) {
                    m = patterns[i].matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                    matchers[i] = m;
                }
                m.region(p, n);
                if (m.lookingAt()) {
                    found[i] = m.toMatchResult();
                    pending &= ~(1L << i);
                }
            }
        }
        return found;
    }

    /** Characters up to which a thread's buffer for {@link #characters} is kept. */
    private static final int KEPT_CHARACTERS = 1 << 16;
    private static final ThreadLocal<char[]> CHARACTERS = ThreadLocal.withInitial(() -> new char[256]);
    /** Per ASCII character: itself, a capital as its small letter. */
    private static final char[] LOWER_ASCII = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            LOWER_ASCII[c] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
    }

    /**
     * The characters of {@code text} in a buffer of the thread's (a new one past
     * {@value #KEPT_CHARACTERS}), ASCII capitals as small letters if {@code lower}; only the
     * first {@code text.length()} are the text's. One reading at a time per thread: nothing that
     * reads them calls back into another reading.
     */
    private static char[] characters(String text, boolean lower) {
        int n = text.length();
        char[] chars = CHARACTERS.get();
        if (chars.length < n) {
            chars = new char[Math.max(n, Math.min(KEPT_CHARACTERS, 2 * chars.length))];
            if (chars.length <= KEPT_CHARACTERS) {
                CHARACTERS.set(chars);
            }
        }
        text.getChars(0, n, chars, 0);
        if (lower) {
            for (int i = 0; i < n; i++) {
                char c = chars[i];
                if (c < 128) {
                    chars[i] = LOWER_ASCII[c];
                }
            }
        }
        return chars;
    }

    /**
     * Of the patterns {@code may}, those that may start at {@code p}, after a word character or
     * another: judged by the first two and three characters ({@link Row}), then by the first
     * {@link #AHEAD} ({@link #kept}).
     */
    private long starts(boolean afterWord, char[] chars, int n, int p, long may) {
        char c1 = chars[p];
        char c2 = p + 1 < n ? chars[p + 1] : 0;
        if (c1 < 128 && c2 < 128 && c2 != 0) {
            Row row = row(afterWord, c1);
            may &= row.pairs[c2] & 0xFF;
            if (may == 0) {
                return 0;
            }
            char c3 = p + 2 < n ? chars[p + 2] : 0;
            if (c3 < 128 && c3 != 0) {
                may &= row.triples(this, afterWord, c1, c2)[c3] & 0xFF;
                if (may == 0) {
                    return 0;
                }
            }
        }
        return may & kept(afterWord, chars, n, p);
    }

    /**
     * The starts of two and three characters that begin with one character, after a word
     * character or another: for each next character, the patterns that may start so; and, made
     * when first read, the same for each character after a pair. A pattern's bit is in a row
     * only where it is in the row's first character's ({@link #firstAfterWord}).
     */
    private static final class Row {
        final byte[] pairs = new byte[128];
        private final AtomicReferenceArray<byte[]> triples = new AtomicReferenceArray<>(128);

        byte[] triples(FirstMatches owner, boolean afterWord, char c1, char c2) {
            byte[] row = triples.get(c2);
            if (row == null) {
                row = new byte[128];
                for (char c3 = 1; c3 < 128; c3++) {
                    row[c3] = (byte) owner.ask(afterWord, "" + c1 + c2 + c3, pairs[c2] & 0xFF);
                }
                triples.set(c2, row);
            }
            return row;
        }
    }

    /** The rows, made when first read: after a word character at {@code c}, after another at {@code 128 + c}. */
    private final AtomicReferenceArray<Row> rows = new AtomicReferenceArray<>(256);

    private Row row(boolean afterWord, char c1) {
        int at = (afterWord ? 0 : 128) + c1;
        Row row = rows.get(at);
        if (row == null) {
            row = new Row();
            long first = afterWord ? firstAfterWord[c1] : firstAfterOther[c1];
            for (char c2 = 1; c2 < 128; c2++) {
                row.pairs[c2] = (byte) ask(afterWord, "" + c1 + c2, first);
            }
            rows.set(at, row);
        }
        return row;
    }

    /**
     * Per 256 characters from 128 on, after a word character (from 0) or another (from 256): for
     * each, 0 when not asked yet, else 256 and the patterns that may start with it. Made as first
     * needed: a text in Cyrillic or Chinese reads a few blocks, and places where no pattern can
     * start (almost all of them) cost a look-up.
     */
    private final AtomicReferenceArray<char[]> wide = new AtomicReferenceArray<>(512);

    /** The patterns that may start with {@code c} (128 or more), after a word character or another. */
    private long wide(boolean afterWord, char c) {
        int at = (afterWord ? 0 : 256) + (c >>> 8);
        char[] block = wide.get(at);
        if (block == null) {
            block = new char[256];
            if (!wide.compareAndSet(at, null, block)) {
                block = wide.get(at);
            }
        }
        int entry = block[c & 0xFF];
        if (entry == 0) {
            entry = 0x100 | (int) ask(afterWord, String.valueOf(c), all);
            block[c & 0xFF] = (char) entry; // a char: read whole or not at all by another thread
        }
        return entry & 0xFF;
    }

    /** The patterns that may start at {@code p}, after a word character or another, by its first {@link #AHEAD} characters: kept, or asked. */
    private long kept(boolean afterWord, char[] chars, int length, int p) {
        long key = 0;
        int n = Math.min(length, p + AHEAD);
        int q = p;
        for (; q < n; q++) {
            char c = chars[q];
            if (c >= 256 || c == 0) {
                break;
            }
            key = key << 8 | c;
        }
        if (q < n && chars[q] >= 256) {
            return keptWide(afterWord, chars, length, p);
        }
        key <<= 8 * (p + AHEAD - q);
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(KEPT)));
        AtomicLongArray kept = afterWord ? keptAfterWord : keptAfterOther;
        long entry = kept.getOpaque(slot);
        if (entry != 0 && entry >>> 8 == key) {
            return entry & 0xFF;
        }
        long may = ask(afterWord, new String(chars, p, q - p), all);
        kept.setOpaque(slot, key << 8 | may);
        return may;
    }

    /** Starts kept that hold a character from U+0100 on: at most {@value #KEPT_WIDE}, all forgotten when there are more. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> keptWide = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KEPT_WIDE = 1 << 12;

    /** {@link #kept} for a start whose first {@link #AHEAD} characters hold one from U+0100 on: asked as they are. */
    private long keptWide(boolean afterWord, char[] chars, int length, int p) {
        int to = Math.min(length, p + AHEAD);
        char[] start = new char[to - p + 1];
        start[0] = afterWord ? 'x' : ' ';
        System.arraycopy(chars, p, start, 1, to - p);
        String key = new String(start);
        Long known = keptWide.get(key);
        if (known != null) {
            return known;
        }
        long may = ask(afterWord, key.substring(1), all);
        if (keptWide.size() >= KEPT_WIDE) {
            keptWide.clear();
        }
        keptWide.put(key, may);
        return may;
    }

    /** Of the patterns {@code of}, those that match {@code start} (after a word character or another) or would read past its end. */
    private long ask(boolean afterWord, String start, long of) {
        String s = (afterWord ? "x" : " ") + start;
        long may = 0;
        for (long left = of; left != 0; left &= left - 1) {
            int i = Long.numberOfTrailingZeros(left);
            Matcher m = patterns[i].matcher(s).useTransparentBounds(true).useAnchoringBounds(false).region(1, s.length());
            if (m.lookingAt() || m.hitEnd()) {
                may |= 1L << i;
            }
        }
        return may;
    }

    /**
     * Whether a regular expression holds {@code ^} outside a character class, or {@code \A}: read
     * as {@link Pattern} reads it, escapes ({@code \Q...\E} too) and classes (nested ones too)
     * passed over. One that holds {@code \G} is refused: tried from a place, it would match there.
     */
    public static boolean anchorsAtStart(String regex) {
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
                if (depth == 0 && next == 'A') {
                    return true;
                }
                if (depth == 0 && next == 'G') {
                    throw new IllegalArgumentException("\\G (where the last match ended): " + regex);
                }
                if (next == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                    continue;
                }
                i++;
            } else if (c == '[') {
                depth++;
                // a ] first in a class (after [ or [^) is itself
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (c == '^' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an ASCII character is a word character to {@code \b} (no character from 128 on is,
     * here): a look-up, since comparing ranges branches on every character, and in a text that
     * mixes cases and digits (base64, identifiers) the branches mispredict at random.
     */
    private static boolean isWord(char c) {
        return c < 128 && WORD[c];
    }

    private static final boolean[] WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            WORD[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        }
    }
}
