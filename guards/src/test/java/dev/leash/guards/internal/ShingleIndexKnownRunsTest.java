package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShingleIndex.Words#knownRuns} reads only the words around the places where a run of
 * eight known words holding four of three characters or more may lie; these tests check, against
 * {@link ShingleIndex.Words#known(String)} read whole, that it keeps every such run: the list of
 * all windows of eight known words with four words of three characters or more (the fragments the
 * taint guard may look up, whatever its function words) is the same, in the same order, on random
 * texts of known and unknown words of every length, capitals, digits, separators of every width,
 * {@code ?}, surrogates without their pair, characters outside ASCII, and texts of the lengths
 * around the shortest span.
 */
class ShingleIndexKnownRunsTest {

    private static final int WIDTH = 8;
    private static final int CONTENT = 4;
    /** The shortest span of such a window: four words of three characters, four of one, seven separators. */
    private static final int SPAN = CONTENT * 3 + (WIDTH - CONTENT) + WIDTH - 1;

    private static final String[] KNOWN = {"a", "i", "of", "to", "is", "abc", "the", "and", "release", "review",
        "incident", "x9", "42", "2026", "q", "supplier", "forecasting", "postmortems", "abcdefghi", "abcdefghij",
        "zz", "qqq", "ab1"};
    private static final String[] UNKNOWN = {"b", "we", "shipped", "booked", "thursday", "abd", "ab", "abcdefghik",
        "abcdefgh", "7", "zzz", "releases", "revie", "incidents", "forecastings", "q1", "xx"};
    private static final String[] SEPARATORS = {" ", " ", " ", "  ", ", ", ". ", "\n", "\t", "?", "-", "_", " ? ",
        "\uD800", "\uDC00", "'", "\"", "/", "...   "};

    private static ShingleIndex.Words dictionary() {
        ShingleIndex.Words words = new ShingleIndex.Words();
        for (String word : KNOWN) {
            words.idOf(word);
        }
        return words;
    }

    /** Every window of {@code WIDTH} known words with {@code CONTENT} of three characters or more, as its numbers. */
    private static List<String> windows(int[] ids, ShingleIndex.Words words) {
        List<String> windows = new ArrayList<>();
        for (int from = 0; from + WIDTH <= ids.length; from++) {
            int content = 0;
            boolean known = true;
            for (int k = from; k < from + WIDTH; k++) {
                known &= ids[k] >= 0;
                content += ids[k] >= 0 && words.word(ids[k]).length() >= 3 ? 1 : 0;
            }
            if (known && content >= CONTENT) {
                windows.add(Arrays.toString(Arrays.copyOfRange(ids, from, from + WIDTH)));
            }
        }
        return windows;
    }

    private static String text(Random random, double knownShare, int words) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(3) == 0) {
            text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        for (int k = 0; k < words; k++) {
            String word = random.nextDouble() < knownShare ? KNOWN[random.nextInt(KNOWN.length)]
                    : UNKNOWN[random.nextInt(UNKNOWN.length)];
            int form = random.nextInt(10);
            if (form == 0) {
                word = word.toUpperCase(Locale.ROOT);
            } else if (form == 1) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(word);
            if (k + 1 < words || random.nextBoolean()) {
                text.append(random.nextInt(200) == 0 ? "\u00e9" : SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
        }
        return text.toString();
    }

    @Test
    void keepsEveryWindowThatKnownFindsInRandomTexts() {
        ShingleIndex.Words words = dictionary();
        Random random = new Random(26);
        double[] shares = {0.2, 0.5, 0.8, 0.9, 0.95, 1.0, 1.0};
        int withWindows = 0;
        int ascii = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            String text = text(random, shares[random.nextInt(shares.length)], random.nextInt(random.nextBoolean() ? 12 : 120));
            int[] all = words.known(text);
            int[] runs = words.knownRuns(text, WIDTH, SPAN);
            boolean isAscii = text.chars().allMatch(c -> c < 0x80);
            if (isAscii) {
                assertThat(runs).as("an ASCII text is read: %s", text).isNotNull();
                ascii++;
            }
            if (runs == null) {
                assertThat(text.chars().anyMatch(c -> c >= 0x80 && !Character.isSurrogate((char) c))).as(text).isTrue();
                continue;
            }
            List<String> expected = windows(all, words);
            assertThat(windows(runs, words)).as(text).isEqualTo(expected);
            withWindows += expected.isEmpty() ? 0 : 1;
        }
        assertThat(ascii).isGreaterThan(5_000);
        assertThat(withWindows).as("texts with windows").isGreaterThan(3_000);
    }

    /** Runs of one known word repeated and words not known, at every length around the shortest span. */
    @Test
    void keepsTheShortestWindowsAtEveryPlace() {
        ShingleIndex.Words words = dictionary();
        String shortest = "abc a abc a abc a abc a";
        assertThat(shortest).hasSize(SPAN);
        int found = 0;
        for (String before : List.of("", " ", "we ", "b b ", "shipped, ", "thursday  b ")) {
            for (String after : List.of("", " ", " we", " b b", " abc", " a")) {
                for (String window : List.of(shortest, "abc abc abc abc a a a a", "a a a a abc abc abc abc",
                        "a abc a abc a abc a abc", "abc a abc a abc a abc")) {
                    String text = before + window + after;
                    int[] runs = words.knownRuns(text, WIDTH, SPAN);
                    List<String> expected = windows(words.known(text), words);
                    assertThat(windows(runs, words)).as(text).isEqualTo(expected);
                    found += expected.size();
                }
            }
        }
        assertThat(found).isGreaterThan(100);
        // One character more than the shortest span, and the shortest window of a text no longer than it is missed.
        assertThat(windows(words.knownRuns(shortest, WIDTH, SPAN + 1), words)).isEmpty();
        assertThat(windows(words.knownRuns(shortest, WIDTH, SPAN), words)).hasSize(1);
    }

    @Test
    void readsEmptyShortAndOddTexts() {
        ShingleIndex.Words words = dictionary();
        for (String text : List.of("", " ", "a", "abc", "?", "\uD800", "\uDC00abc", "abc\uD800", "é", "\uD835\uDC00",
                "release review incident", " ".repeat(100), "abc ".repeat(7), "abc ".repeat(8), "ABC ".repeat(8) + "é")) {
            int[] runs = words.knownRuns(text, WIDTH, SPAN);
            if (runs != null) {
                assertThat(windows(runs, words)).as(text).isEqualTo(windows(words.known(text), words));
            }
        }
        assertThat(words.knownRuns("é", WIDTH, SPAN)).isNull();
        assertThat(words.knownRuns("abc ".repeat(8), WIDTH, SPAN)).hasSize(WIDTH + 1);
        assertThat(words.knownRuns("abc ".repeat(7), WIDTH, SPAN)).isEmpty();
    }
}
