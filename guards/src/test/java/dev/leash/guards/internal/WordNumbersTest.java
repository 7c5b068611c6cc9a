package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word numbers of a run ({@link ShingleIndex.Words}) look an ASCII text's words up as they
 * read it, without making them into strings: the numbers must be exactly those of the words
 * {@link TextValues#words} splits the text into, for any text and any set of words numbered.
 */
class WordNumbersTest {

    private static final String[] WORDS = {"wire", "Transfer", "INVOICE", "the", "to", "a", "x", "9800", "eur", "straße",
        "σίσυφος", "i", "stanbul", "q1", "id", "", "ab", "ba", "Aa", "BB"};
    private static final String[] SEPARATORS = {" ", "  ", ", ", ".", "-", "_", "\n", "'", "\"", "@", "/", ":", "é", "İ", "\uD835\uDC00"};

    @Test
    void numbersTheWordsOfATextAsItsSplitWords() {
        Random random = new Random(16);
        for (int trial = 0; trial < 3_000; trial++) {
            ShingleIndex.Words numbers = new ShingleIndex.Words();
            for (int w = random.nextInt(60); w > 0; w--) {
                numbers.idOf(random.nextInt(4) == 0 ? randomWord(random)
                        : TextValues.words(WORDS[random.nextInt(WORDS.length)]).stream().findFirst().orElse("z"));
            }
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(40); p > 0; p--) {
                text.append(random.nextInt(3) == 0 ? randomWord(random) : WORDS[random.nextInt(WORDS.length)]);
                if (random.nextInt(20) != 0) {
                    String separator = SEPARATORS[random.nextInt(SEPARATORS.length)];
                    text.append(random.nextInt(3) == 0 || separator.chars().allMatch(c -> c < 0x80) ? separator : " ");
                }
            }
            String t = text.toString();
            assertThat(numbers.known(t)).as("trial %d: %s", trial, t).containsExactly(numbers.known(TextValues.words(t)));
        }
    }

    @Test
    void aWordKeepsItsNumberAndANumberNamesItsWord() {
        ShingleIndex.Words numbers = new ShingleIndex.Words();
        for (int i = 0; i < 1000; i++) {
            assertThat(numbers.idOf("w" + i)).isEqualTo(i);
        }
        assertThat(numbers.idOf("w17")).isEqualTo(17);
        assertThat(numbers.size()).isEqualTo(1000);
        assertThat(numbers.word(999)).isEqualTo("w999");
        assertThat(numbers.known("W5 w6, unknown W999")).containsExactly(5, 6, -1, 999);
        assertThat(numbers.known(List.of("w5", "nope"))).containsExactly(5, -1);
        assertThatThrownBy(() -> numbers.word(1000)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("1000");
    }

    /**
     * Long texts, words of every length about the longest looked up by their packed characters
     * ({@value ShingleIndex.Words#PACKED_CHARS}), capitals and digits, separators of any length, a
     * text ending inside a word: the numbers must still be those of the split words.
     */
    @Test
    void numbersTheWordsOfLongTextsAndOfWordsOfAnyLength() {
        Random random = new Random(17);
        for (int trial = 0; trial < 300; trial++) {
            ShingleIndex.Words numbers = new ShingleIndex.Words();
            List<String> vocabulary = new java.util.ArrayList<>();
            for (int w = 1 + random.nextInt(200); w > 0; w--) {
                String word = longerWord(random);
                vocabulary.add(word);
                if (random.nextInt(3) != 0) {
                    numbers.idOf(random.nextInt(10) == 0 ? word : word.toLowerCase(java.util.Locale.ROOT));
                }
            }
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(4) == 0 ? random.nextInt(50) : random.nextInt(9000);
            while (text.length() < length) {
                text.append(random.nextInt(8) == 0 ? longerWord(random) : vocabulary.get(random.nextInt(vocabulary.size())));
                for (int k = random.nextInt(6) == 0 ? random.nextInt(4) : 1; k > 0; k--) {
                    text.append(" ,.-_\n'\"@/:#".charAt(random.nextInt(12)));
                }
            }
            if (random.nextBoolean() && text.length() > 0) {
                text.setLength(text.length() - 1); // may end inside a word
            }
            String t = text.toString();
            assertThat(numbers.known(t)).as("trial %d", trial).containsExactly(numbers.known(TextValues.words(t)));
        }
    }

    @Test
    void packsOnlyShortWordsOfSmallLettersAndDigits() {
        assertThat(ShingleIndex.Words.pack("a")).isEqualTo('a');
        assertThat(ShingleIndex.Words.pack("ab")).isEqualTo('a' << 7 | 'b');
        assertThat(ShingleIndex.Words.pack("z00000000")).isGreaterThan(0);
        assertThat(ShingleIndex.Words.pack("z000000000")).isEqualTo(-1);
        assertThat(ShingleIndex.Words.pack("")).isEqualTo(-1);
        assertThat(ShingleIndex.Words.pack("Ab")).isEqualTo(-1);
        assertThat(ShingleIndex.Words.pack("a-b")).isEqualTo(-1);
        assertThat(ShingleIndex.Words.pack("straße")).isEqualTo(-1);
        assertThat(ShingleIndex.Words.pack("\u0000a")).isEqualTo(-1);
        ShingleIndex.Words numbers = new ShingleIndex.Words();
        numbers.idOf("Wire");
        numbers.idOf("wire");
        numbers.idOf("transfers");
        numbers.idOf("transferso");
        assertThat(numbers.known("WIRE wire Wire transferS TRANSFERSO transfer")).containsExactly(1, 1, 1, 2, 3, -1);
        numbers.idOf("a");
        numbers.idOf("\u0000a"); // no text's word, and not one that packs as "a" does
        assertThat(numbers.known("a A")).containsExactly(4, 4);
    }

    /** A word of 1 to 14 letters and digits, some capitals. */
    private static String longerWord(Random random) {
        StringBuilder word = new StringBuilder();
        for (int k = 1 + random.nextInt(random.nextInt(4) == 0 ? 14 : 10); k > 0; k--) {
            word.append("abcxyzQZ0189".charAt(random.nextInt(random.nextInt(3) == 0 ? 12 : 4)));
        }
        return word.toString();
    }

    private static String randomWord(Random random) {
        StringBuilder word = new StringBuilder();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            word.append("aAbB0z".charAt(random.nextInt(6)));
        }
        return word.toString();
    }
}
