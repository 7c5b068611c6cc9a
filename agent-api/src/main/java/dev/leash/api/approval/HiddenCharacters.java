package dev.leash.api.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Characters a reviewer cannot see but a program or a model reads: format characters (zero-width
 * spaces and joiners, bidirectional controls that reorder what is shown, the invisible Unicode
 * tag characters that mirror ASCII), variation selectors (which can stand for bytes) and the
 * invisible fillers. What a reviewer is shown of a call is passed through {@link #reveal}, so
 * that what they approve is what they read; the {@link #deceptive} ones make a call a risk.
 * Stateless and thread-safe.
 */
public final class HiddenCharacters {

    /** Most tag characters of an emoji flag: a region code of up to six, and the cancel tag. */
    static final int MAX_FLAG_TAGS = 7;

    private HiddenCharacters() {
    }

    /**
     * Whether {@code cp} is shown as nothing (or as something it is not): a format character
     * ({@code Cf}), a variation selector, a private-use character, or an invisible filler
     * (Hangul fillers, the blank Braille pattern, the combining grapheme joiner).
     */
    public static boolean isHidden(int cp) {
        return Character.getType(cp) == Character.FORMAT || variationSelector(cp)
                || Character.getType(cp) == Character.PRIVATE_USE
                || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    /**
     * {@code text} with every hidden character written as {@code ⟨U+XXXX⟩}, but the ones that
     * only shape what is visible: a single variation selector after a visible character (the
     * emoji form of ❤), and a zero-width joiner between two pictographs (a family emoji).
     */
    public static String reveal(String text) {
        StringBuilder out = null;
        int previous = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isHidden(cp) && !shaping(text, i, cp, previous)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\u27E8U+%04X\u27E9", cp));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            previous = cp;
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /**
     * The hidden characters of {@code text} that can deceive: bidirectional embeddings,
     * overrides and isolates (U+202A to U+202E, U+2066 to U+2069), tag characters outside an
     * emoji flag, two or more variation selectors in a row, and zero-width characters inside a
     * word of Latin letters and digits ({@code pay\u200Bpal}; a soft hyphen there is a hyphenation
     * hint, and not among them). By name, with how
     * many times each occurs, in the order first found; empty when there is none. The marks that
     * right-to-left text needs (U+200E, U+200F, U+061C) and the joiners of scripts that use them
     * between their own letters are not among them.
     */
    public static Map<String, Integer> deceptive(String text) {
        Map<String, Integer> found = new LinkedHashMap<>();
        scan(text, found);
        return found;
    }

    /** Where the first deceptive character of {@code text} is ({@link #deceptive}); -1 if none. */
    public static int firstDeceptive(String text) {
        return scan(text, new LinkedHashMap<>());
    }

    /** Below this no character is deceptive (the zero-width space is the first). */
    private static final char FIRST_DECEPTIVE = '\u200B';
    private static final ThreadLocal<char[]> BLOCK = ThreadLocal.withInitial(() -> new char[2048]);

    /** Whether {@code text} has a character from {@link #FIRST_DECEPTIVE} on: read a block at a time, without a branch. */
    private static boolean anyHigh(String text) {
        int n = text.length();
        char[] block = BLOCK.get();
        for (int from = 0; from < n; from += block.length) {
            int len = Math.min(block.length, n - from);
            text.getChars(from, from + len, block, 0);
            int high = 0;
            for (int i = 0; i < len; i++) {
                high |= FIRST_DECEPTIVE - 1 - block[i]; // negative from FIRST_DECEPTIVE on
            }
            if (high < 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds the deceptive characters of {@code text} to {@code found}; where the first is, or -1. */
    private static int scan(String text, Map<String, Integer> found) {
        if (!anyHigh(text)) {
            return -1;
        }
        int first = -1;
        int previous = -1;
        boolean inFlag = false;
        int flagTags = 0;
        int selectors = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp) < text.length() ? text.codePointAt(i + Character.charCount(cp)) : -1;
            String name = null;
            if (cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069) {
                name = name(cp);
            } else if (cp >= 0xE0000 && cp <= 0xE007F) {
                // an emoji flag is a black flag, a few tags spelling a region (gbsct), a cancel tag
                if (previous == 0x1F3F4) {
                    inFlag = true;
                    flagTags = 0;
                }
                flagTags++;
                if (!inFlag || flagTags > MAX_FLAG_TAGS) {
                    name = "TAG CHARACTER (invisible text)";
                }
                if (cp == 0xE007F) {
                    inFlag = false;
                }
            } else if (variationSelector(cp)) {
                selectors++;
                if (selectors == 2) {
                    name = "VARIATION SELECTORS IN A ROW (invisible bytes)";
                }
            } else if ((cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF)
                    && latinOrDigit(previous) && latinOrDigit(next)) {
                name = name(cp) + " inside a word";
            }
            if (!variationSelector(cp)) {
                selectors = 0;
            }
            if (!(cp >= 0xE0000 && cp <= 0xE007F)) {
                inFlag = false;
            }
            if (name != null) {
                found.merge(name, 1, Integer::sum);
                first = first < 0 ? i : first;
            }
            previous = cp;
            i += Character.charCount(cp);
        }
        return first;
    }

    /** The deceptive characters of {@code text} in words, e.g. {@code 2 x RIGHT-TO-LEFT OVERRIDE}. */
    public static List<String> describe(Map<String, Integer> found) {
        List<String> out = new ArrayList<>();
        found.forEach((name, count) -> out.add(count + " x " + name));
        return out;
    }

    private static boolean shaping(String text, int at, int cp, int previous) {
        if (variationSelector(cp)) {
            int after = at + Character.charCount(cp);
            boolean nextIsSelector = after < text.length() && variationSelector(text.codePointAt(after));
            return previous >= 0 && !isHidden(previous) && !nextIsSelector;
        }
        if (cp == 0x200D && previous >= 0) {
            int after = at + Character.charCount(cp);
            return pictograph(previous) && after < text.length() && pictograph(text.codePointAt(after));
        }
        return false;
    }

    private static boolean variationSelector(int cp) {
        return cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF;
    }

    /** Roughly the pictographs emoji sequences join: symbols, dingbats and the emoji planes. */
    private static boolean pictograph(int cp) {
        return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF || cp >= 0x2300 && cp <= 0x23FF;
    }

    private static boolean latinOrDigit(int cp) {
        return cp >= 0 && cp < 0x250 && Character.isLetterOrDigit(cp);
    }

    private static String name(int cp) {
        String name = Character.getName(cp);
        return name == null ? String.format(Locale.ROOT, "U+%04X", cp) : name;
    }
}
