package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextValues#words} reads text in one pass instead of lower-casing it whole and splitting
 * it with {@code [^\p{L}\p{N}]+}; these tests check that it returns exactly what the split returns
 * ({@link WordsBySplit}) for every char of the BMP, every code point beyond it, and random texts
 * mixing ASCII with the characters whose lower case differs in length or kind (the Turkish dotted
 * I, the final sigma, the Kelvin sign, title-case digraphs, Roman numerals, letters and digits
 * outside the BMP, lone surrogates, combining marks).
 */
class TextValuesWordsTest {

    private static final String[] PIECES = {
        "a", "Z", "q", "9", "0", " ", "  ", ".", ",", "-", "_", "'", "\n", "\t", "@", "/", "İ", "ı", "I", "i", "Σ",
        "ς", "σ", "ΣΊΣΥΦΟΣ", "ß", "ẞ", "K", "\u212A", "\u2126", "ǅ", "ǆ", "Ǆ", "Ⅻ", "ⅻ", "²", "½", "٣", "ª", "º",
        "\u0301", "\u0345", "\u00AD", "\u200B", "\u00A0", "\u3000", "中", "文", "\uD835\uDC00", "\uD835\uDFCE",
        "\uD801\uDC00", "\uD83D\uDE00", "\uD835", "\uDC00", "\uDFFF\uD800", "Straße", "İstanbul", "WIRE", "Transfer",
        "x1", "\u0130\u0307", "\uFB01", "ŉ", "ǰ", "\u1E9E", "\u03F4", "\u2160", "\u24B6", "\u24D0", "\uFF21", "\uFF41"};

    @Test
    void everyCharOfTheBmpSplitsAsTheRegularExpression() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String ch = String.valueOf((char) c);
            for (String text : List.of(ch, "a" + ch + "b", "A" + ch + ch + " Z" + ch, ch + "\uD835\uDC00" + ch + "x")) {
                assertThat(TextValues.words(text)).as("U+%04X in %s", c, text).isEqualTo(WordsBySplit.words(text));
            }
        }
    }

    @Test
    void everyCodePointBeyondTheBmpSplitsAsTheRegularExpression() {
        StringBuilder text = new StringBuilder();
        for (int cp = 0x10000; cp <= Character.MAX_CODE_POINT; cp++) {
            text.append('a').appendCodePoint(cp).appendCodePoint(cp).append('B');
            if (text.length() > 4096 || cp == Character.MAX_CODE_POINT) {
                String t = text.toString();
                assertThat(TextValues.words(t)).as("up to U+%X", cp).isEqualTo(WordsBySplit.words(t));
                text.setLength(0);
            }
        }
    }

    @Test
    void randomTextsSplitAsTheRegularExpression() {
        Random random = new Random(16);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(24);
            boolean asciiOnly = random.nextInt(3) == 0;
            for (int p = 0; p < pieces; p++) {
                if (random.nextInt(5) == 0) {
                    int cp = asciiOnly ? random.nextInt(0x80) : random.nextInt(8) == 0 ? random.nextInt(Character.MAX_CODE_POINT + 1)
                            : random.nextInt(0x3000);
                    text.appendCodePoint(cp);
                } else {
                    String piece = PIECES[random.nextInt(PIECES.length)];
                    text.append(asciiOnly && piece.chars().anyMatch(c -> c >= 0x80) ? "w" : piece);
                }
            }
            String t = text.toString();
            assertThat(TextValues.words(t)).as("trial %d: %s", trial, t).isEqualTo(WordsBySplit.words(t));
        }
    }

    @Test
    void wordsOfOrdinaryTextAreItsLowerCaseWords() {
        assertThat(TextValues.words("Wire EUR 9,800 to ACME-Corp, today!")).containsExactly("wire", "eur", "9", "800", "to",
                "acme", "corp", "today");
        assertThat(TextValues.words("İstanbul ΣΊΣΥΦΟΣ")).isEqualTo(WordsBySplit.words("İstanbul ΣΊΣΥΦΟΣ"))
                .containsExactly("i", "stanbul", "σίσυφος"); // a combining dot parts a word; a final sigma stays final
        assertThat(TextValues.words(null)).isEmpty();
        assertThat(TextValues.words(" .,- ")).isEmpty();
    }
}
