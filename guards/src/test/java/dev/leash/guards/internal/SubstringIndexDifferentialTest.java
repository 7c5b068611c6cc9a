package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled automaton and the one-pass fold give exactly what their former versions
 * ({@link SubstringIndexReference}, {@link FoldReference}) gave, on random patterns and texts:
 * every piece reported, in the same order, and every fold.
 */
class SubstringIndexDifferentialTest {

    /** Letters, digits and look-alikes from several scripts, wide characters, lone surrogates. */
    static final String WIDE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFXYZ|-_.:/ \n"
            + "\u0430\u043e\u0435\u0440\u0441\u0445\u043a\u03bf\u03b1\u03bd\u00e9\u00df\u0130\u0131\ufb01\uff21\uff41"
            + "\u4e2d\u6587\u0645\u0661\u00a0\u200b\u0301\u2160\u2460\u00bd\u02b0\u1d00\u0280";
    static final String[] WIDE_CODE_POINTS = {"\ud835\udc00", "\ud83d\ude00", "\ud835\udfce", "\ud800", "\udc00"};

    static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            if (random.nextInt(40) == 0) {
                text.append(WIDE_CODE_POINTS[random.nextInt(WIDE_CODE_POINTS.length)]);
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    record Piece(int pattern, int start, int end, int textEnd) {
    }

    static List<Piece> reference(SubstringIndexReference index, String text, int minPiece) {
        List<Piece> pieces = new ArrayList<>();
        index.scan(text, minPiece, (p, s, e, t) -> pieces.add(new Piece(p, s, e, t)));
        return pieces;
    }

    static List<Piece> compiled(SubstringIndex index, String text, int minPiece) {
        List<Piece> pieces = new ArrayList<>();
        index.scan(text, minPiece, (p, s, e, t) -> pieces.add(new Piece(p, s, e, t)));
        // the form the fold writes (two bytes a character), at an offset, must give the same
        List<Piece> fromArray = new ArrayList<>();
        byte[] padded = utf16le("xy" + text + "z");
        index.scan(padded, 2, 2 + text.length(), minPiece, (p, s, e, t) -> fromArray.add(new Piece(p, s, e, t)));
        assertThat(fromArray).isEqualTo(pieces);
        return pieces;
    }

    /** Each character as two bytes, little-endian, lone surrogates included. */
    static byte[] utf16le(String text) {
        byte[] bytes = new byte[2 * text.length()];
        for (int i = 0; i < text.length(); i++) {
            bytes[2 * i] = (byte) text.charAt(i);
            bytes[2 * i + 1] = (byte) (text.charAt(i) >>> 8);
        }
        return bytes;
    }

    /** Patterns from {@code alphabet}, some empty, some repeated, some inside others. */
    static List<String> patterns(Random random, String alphabet, int count, int maxLength) {
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                patterns.add("");
            } else if (kind == 1 && !patterns.isEmpty()) {
                String earlier = patterns.get(random.nextInt(patterns.size()));
                int from = earlier.isEmpty() ? 0 : random.nextInt(earlier.length());
                patterns.add(earlier.substring(from, from + random.nextInt(earlier.length() - from + 1)));
            } else {
                patterns.add(randomText(random, alphabet, 1 + random.nextInt(maxLength)));
            }
        }
        return patterns;
    }

    /** A text of noise with whole patterns and pieces of them inside. */
    static String textAbout(Random random, List<String> patterns, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            String p = patterns.get(random.nextInt(patterns.size()));
            switch (random.nextInt(4)) {
                case 0 -> text.append(p);
                case 1 -> {
                    int from = p.isEmpty() ? 0 : random.nextInt(p.length());
                    text.append(p, from, from + random.nextInt(p.length() - from + 1));
                }
                case 2 -> text.append(new StringBuilder(p).reverse());
                default -> text.append(randomText(random, alphabet, random.nextInt(12)));
            }
        }
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void reportsTheSamePiecesAsTheHashedAutomaton(int seed) {
        Random random = new Random(seed);
        String[] alphabets = {"ab", "abc01", "0123456789abcdef", WIDE_ALPHABET};
        for (int round = 0; round < 20; round++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            List<String> patterns = patterns(random, alphabet, 1 + random.nextInt(seed * 8), 1 + random.nextInt(40));
            SubstringIndexReference before = new SubstringIndexReference(patterns);
            SubstringIndex after = new SubstringIndex(patterns);
            assertThat(after.patterns()).isEqualTo(before.patterns());
            for (int p = 0; p < patterns.size(); p++) {
                assertThat(after.patternLength(p)).isEqualTo(before.patternLength(p));
            }
            for (int t = 0; t < 10; t++) {
                String text = random.nextBoolean() ? textAbout(random, patterns, alphabet, random.nextInt(300))
                        : randomText(random, alphabets[random.nextInt(alphabets.length)], random.nextInt(300));
                int minPiece = 1 + random.nextInt(8);
                assertThat(compiled(after, text, minPiece)).as("%s in %s", patterns, text)
                        .isEqualTo(reference(before, text, minPiece));
                int from = text.isEmpty() ? 0 : random.nextInt(text.length());
                String piece = text.substring(from, from + random.nextInt(Math.min(12, text.length() - from) + 1));
                assertThat(after.find(piece)).as(piece).isEqualTo(before.find(piece));
            }
        }
    }

    /**
     * A reading for a longer minimum reports exactly the pieces a reading for a shorter one reports
     * that are at least that long, in the same order (the leak detector reads the shift-free view
     * for its shortest pattern, where only whole patterns count): for minimums up to past the
     * longest pattern, on patterns of mixed lengths and texts holding them whole, cut and reversed.
     */
    @ParameterizedTest
    @ValueSource(ints = {21, 22, 23, 24, 25, 26})
    void aLongerMinimumReportsTheLongPiecesOfAShorterOne(int seed) {
        Random random = new Random(seed);
        String[] alphabets = {"ab", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ#~0123456789", WIDE_ALPHABET};
        for (int round = 0; round < 15; round++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            List<String> patterns = patterns(random, alphabet, 1 + random.nextInt(30), 6 + random.nextInt(40));
            SubstringIndexReference before = new SubstringIndexReference(patterns);
            SubstringIndex after = new SubstringIndex(patterns);
            for (int t = 0; t < 8; t++) {
                String text = random.nextInt(3) > 0 ? textAbout(random, patterns, alphabet, random.nextInt(5000))
                        : randomText(random, alphabets[random.nextInt(alphabets.length)], random.nextInt(600));
                List<Piece> shortest = reference(before, text, 6);
                for (int minPiece = 6; minPiece <= 50; minPiece += 1 + random.nextInt(4)) {
                    int m = minPiece;
                    List<Piece> expected = shortest.stream().filter(piece -> piece.end() - piece.start() >= m).toList();
                    assertThat(reference(before, text, m)).as("reference, minimum %d", m).isEqualTo(expected);
                    assertThat(compiled(after, text, m)).as("minimum %d, %s in %s", m, patterns, text).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * The shift-free form read from a simple fold as it is scanned ({@link
     * SubstringIndex#scanShiftFree}) gives exactly the pieces the former automaton finds in that
     * form written out ({@link FoldReference#caesar}): patterns that are shift-free forms of
     * random letters and digits (with pieces of them), texts of ASCII and wider letters and digits
     * holding them Caesar-shifted, for minimums from 1 up.
     */
    @ParameterizedTest
    @ValueSource(ints = {41, 42, 43, 44, 45, 46})
    void readsTheShiftFreeFormOfASimpleFoldAsTheWrittenForm(int seed) {
        Random random = new Random(seed);
        String[] alphabets = {"abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz0123456789", "ab1",
            "abcxyz09\u00e9\u00df\u0430\u043e\u4e2d\u0661\u2160"};
        for (int round = 0; round < 15; round++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            List<String> simples = patterns(random, alphabet, 1 + random.nextInt(20), 2 + random.nextInt(40));
            List<String> patterns = new ArrayList<>();
            for (String simple : simples) {
                patterns.add(FoldReference.caesar(simple));
            }
            SubstringIndexReference before = new SubstringIndexReference(patterns);
            SubstringIndex after = new SubstringIndex(patterns);
            for (int t = 0; t < 10; t++) {
                StringBuilder text = new StringBuilder();
                while (text.length() < random.nextInt(3000)) {
                    String simple = simples.get(random.nextInt(simples.size()));
                    text.append(random.nextBoolean() ? shiftLetters(simple, random.nextInt(26))
                            : randomText(random, alphabet, random.nextInt(20)).replace("\ud835", "").replace("\ud83d", "")
                                    .replace("\udc00", "").replace("\ude00", "").replace("\udfce", "").replace("\ud800", ""));
                }
                String simple = text.toString();
                int minPiece = 1 + random.nextInt(12);
                List<Piece> expected = reference(before, FoldReference.caesar(simple), minPiece);
                List<Piece> read = new ArrayList<>();
                after.scanShiftFree(utf16le(simple), 0, Math.max(0, simple.length() - 1), minPiece,
                        (p, s, e, end) -> read.add(new Piece(p, s, e, end)));
                assertThat(read).as("minimum %d, %s in %s", minPiece, patterns, simple).isEqualTo(expected);
            }
        }
    }

    /**
     * A text read a stretch at a time ({@link SubstringIndex#scanPrefix}, then {@link
     * SubstringIndex#scanShiftFreePrefix}), each reading from where the last one said the rest
     * starts, with more text after each, reports exactly what one reading of the whole reports:
     * the same pieces, at the same places, in the same order; on small alphabets (where a place to
     * stop is rare) and wide ones, for minimums below and above the filter's stretch.
     */
    @ParameterizedTest
    @ValueSource(ints = {51, 52, 53, 54, 55, 56, 57, 58})
    void aTextReadAStretchAtATimeReportsWhatOneReadingDoes(int seed) {
        Random random = new Random(seed);
        String[] alphabets = {"ab", "abc01", "abcdefghijklmnopqrstuvwxyz", WIDE_ALPHABET};
        for (int round = 0; round < 12; round++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            List<String> patterns = patterns(random, alphabet, 1 + random.nextInt(30), 1 + random.nextInt(40));
            SubstringIndex index = new SubstringIndex(patterns);
            List<String> shiftFree = new ArrayList<>();
            for (String p : patterns) {
                shiftFree.add(FoldReference.caesar(p));
            }
            SubstringIndex shifts = new SubstringIndex(shiftFree);
            for (int t = 0; t < 6; t++) {
                String text = textAbout(random, patterns, alphabet, random.nextInt(6000));
                int minPiece = 1 + random.nextInt(14);
                byte[] bytes = utf16le(text);
                assertThat(inStretches(random, index, bytes, text.length(), minPiece, false))
                        .as("minimum %d, %s in %s", minPiece, patterns, text).isEqualTo(compiled(index, text, minPiece));
                List<Piece> whole = new ArrayList<>();
                shifts.scanShiftFree(bytes, 0, Math.max(0, text.length() - 1), minPiece, (p, s, e, end) -> whole.add(new Piece(p, s, e, end)));
                assertThat(inStretches(random, shifts, bytes, text.length(), minPiece, true))
                        .as("shift-free, minimum %d, %s in %s", minPiece, shiftFree, text).isEqualTo(whole);
            }
        }
    }

    /**
     * Reads {@code text} as a text coming a stretch at a time: a random amount more each time, read
     * up to where the index says, from there on, and the rest at the end.
     */
    private static List<Piece> inStretches(Random random, SubstringIndex index, byte[] text, int n, int minPiece, boolean shiftFree) {
        List<Piece> pieces = new ArrayList<>();
        int length = shiftFree ? Math.max(0, n - 1) : n;
        int from = 0;
        int held = 0;
        while (held < n) {
            held = Math.min(n, held + 1 + random.nextInt(400));
            int base = from;
            SubstringIndex.PieceSink sink = (p, s, e, end) -> pieces.add(new Piece(p, s, e, base + end));
            int window = 1 + random.nextInt(300);
            int rest = shiftFree ? index.scanShiftFreePrefix(text, from, Math.max(from, held - 1), minPiece, window, sink)
                    : index.scanPrefix(text, from, held, minPiece, window, sink);
            assertThat(rest).isBetween(from, Math.max(from, held - SubstringIndex.GRAM + 1));
            from = rest;
        }
        int base = from;
        SubstringIndex.PieceSink sink = (p, s, e, end) -> pieces.add(new Piece(p, s, e, base + end));
        if (shiftFree) {
            index.scanShiftFree(text, from, Math.max(from, length), minPiece, sink);
        } else {
            index.scan(text, from, length, minPiece, sink);
        }
        return pieces;
    }

    private static String shiftLetters(String text, int shift) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + shift) % 26) : c);
        }
        return out.toString();
    }

    @Test
    void manyLongPatternsUseTheSparseRowsAndStillAgree() {
        // more states than the dense rows hold: the deep states are read from their sorted lists
        Random random = new Random(99);
        List<String> patterns = patterns(random, WIDE_ALPHABET, 1500, 60);
        SubstringIndexReference before = new SubstringIndexReference(patterns);
        SubstringIndex after = new SubstringIndex(patterns);
        for (int t = 0; t < 40; t++) {
            String text = textAbout(random, patterns, WIDE_ALPHABET, 2000);
            for (int minPiece : new int[] {1, 6}) {
                assertThat(compiled(after, text, minPiece)).isEqualTo(reference(before, text, minPiece));
            }
        }
    }

    @Test
    void noPatternsFindNothing() {
        SubstringIndex none = new SubstringIndex(List.of("", ""));
        assertThat(none.isEmpty()).isTrue();
        assertThat(compiled(none, "anything at all", 1)).isEmpty();
        assertThat(none.find("a")).isNull();
        assertThat(new SubstringIndex(List.of("abcdef")).isEmpty()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void foldsInOnePassAsTheStringFoldsDid(int seed) {
        Random random = new Random(seed);
        Fold.Folded folded = new Fold.Folded();
        for (int t = 0; t < 300; t++) {
            // from a few characters to several buffers' worth, so the buffers grow and are reused
            String text = randomText(random, t % 3 == 0 ? "Hello, World! 0|1 Mm Ii" : WIDE_ALPHABET, random.nextInt(t % 50 == 0 ? 5000 : 200));
            boolean shifted = random.nextInt(4) != 0;
            Fold.into(text, folded, shifted);
            String skeleton = FoldReference.skeleton(text);
            assertThat(folded.skeletonString()).as(text).isEqualTo(skeleton);
            String caesar = shifted ? FoldReference.caesar(FoldReference.simple(text)) : "";
            assertThat(folded.shiftedString()).as(text).isEqualTo(caesar);
            // and the string forms are as they were
            assertThat(Fold.skeleton(text)).isEqualTo(skeleton);
            assertThat(Fold.simple(text)).isEqualTo(FoldReference.simple(text));
            assertThat(Fold.caesar(Fold.simple(text))).isEqualTo(FoldReference.caesar(FoldReference.simple(text)));
        }
    }

    @Test
    void foldsAcrossItsChunksAsBefore() {
        // a surrogate pair, a lone high surrogate and a character that folds to three, at and around
        // the edges of the 4096-character chunks the fold copies out of the text
        Fold.Folded folded = new Fold.Folded();
        for (int at = 4090; at <= 4100; at++) {
            for (String odd : new String[] {"\ud835\udc00", "\ud835", "\ufb03", "\u00c0M"}) {
                String text = "Mi".repeat(at / 2) + (at % 2 == 0 ? "" : "x") + odd + "rest of it" + odd;
                for (boolean shifted : new boolean[] {true, false}) {
                    Fold.into(text, folded, shifted);
                    assertThat(folded.skeletonString()).isEqualTo(FoldReference.skeleton(text));
                    assertThat(folded.shiftedString())
                            .isEqualTo(shifted ? FoldReference.caesar(FoldReference.simple(text)) : "");
                }
            }
        }
    }

    @Test
    void foldsEveryBmpCharacterAsBefore() {
        // each code unit alone and after a letter (the shift-free form reads pairs)
        Fold.Folded folded = new Fold.Folded();
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            all.append('q').append((char) c);
        }
        String text = all.toString();
        Fold.into(text, folded, true);
        assertThat(folded.skeletonString()).isEqualTo(FoldReference.skeleton(text));
        assertThat(folded.shiftedString())
                .isEqualTo(FoldReference.caesar(FoldReference.simple(text)));
    }

    @Test
    void foldsEveryPairOfAsciiCharactersAsBefore() {
        // the ASCII path writes both folds from one table and the shift-free form from a table of
        // pairs: every pair, after nothing, after an ASCII letter and after wider characters
        Fold.Folded folded = new Fold.Folded();
        for (String before : new String[] {"", "q", "7", "-", "\u00e9", "\u0130", "\ud835\udc00", "\u00bd", "Z"}) {
            for (int a = 0; a < 128; a++) {
                StringBuilder all = new StringBuilder(before);
                for (int b = 0; b < 128; b++) {
                    all.append((char) a).append((char) b).append(before);
                }
                String text = all.toString();
                for (boolean shifted : new boolean[] {true, false}) {
                    Fold.into(text, folded, shifted);
                    assertThat(folded.skeletonString()).isEqualTo(FoldReference.skeleton(text));
                    assertThat(folded.shiftedString())
                            .isEqualTo(shifted ? FoldReference.caesar(FoldReference.simple(text)) : "");
                }
            }
        }
    }
}
