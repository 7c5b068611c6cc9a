package dev.leash.guards;

import java.util.List;
import java.util.Locale;

/**
 * The one-pass word look-up of {@link EscalationSignals} as it was before it read the character
 * after a three-character start: every place whose first three characters begin some word is
 * compared with the words. Kept unchanged as an oracle of {@link EscalationSignals.Words}, which
 * must answer exactly what it answers.
 */
final class EscalationWordsByTrigrams {
    private static final int ASCII = 128;
    private static final int GRAM_BITS = 16;
    private static final int BEFORE_MASK = (1 << 14) - 1;
    /** ASCII lower-cased as {@code toLowerCase(Locale.ROOT)} lower-cases it. */
    private static final byte[] LOWER_CASE = new byte[ASCII];

    static {
        for (int c = 0; c < ASCII; c++) {
            LOWER_CASE[c] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
    }

    /** Bit {@code hash(g)} set: some word starts with the three characters {@code g} (7 bits each). */
    private final long[] starts = new long[(1 << GRAM_BITS) / 64];
    /** Open addressing on the first three characters: the words that start with them. */
    private final int[] slotGrams;
    private final String[][] slotWords;
    private final long[][] slotBits;
    private final long[] required;

    EscalationWordsByTrigrams(List<EscalationSignals.Check> checks) {
        if (checks.size() > 32) {
            throw new IllegalArgumentException("at most 32 checks: " + checks.size());
        }
        required = new long[checks.size()];
        java.util.Map<String, Long> bits = new java.util.LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            EscalationSignals.Check check = checks.get(i);
            required[i] = check.verbs().isEmpty() ? 1L << (2 * i) : 3L << (2 * i);
            for (String word : check.needs()) {
                bits.merge(checked(word), 1L << (2 * i), (x, y) -> x | y);
            }
            for (String word : check.verbs()) {
                bits.merge(checked(word), 1L << (2 * i + 1), (x, y) -> x | y);
            }
        }
        java.util.Map<Integer, List<String>> byGram = new java.util.LinkedHashMap<>();
        for (String word : bits.keySet()) {
            byGram.computeIfAbsent(gram(word.charAt(0), word.charAt(1), word.charAt(2)), g -> new java.util.ArrayList<>())
                    .add(word);
        }
        int capacity = Integer.highestOneBit(Math.max(1, byGram.size()) * 4);
        slotGrams = new int[capacity];
        java.util.Arrays.fill(slotGrams, -1);
        slotWords = new String[capacity][];
        slotBits = new long[capacity][];
        for (java.util.Map.Entry<Integer, List<String>> e : byGram.entrySet()) {
            int g = e.getKey();
            int h = hash(g);
            starts[h >>> 6] |= 1L << h;
            int slot = h & (capacity - 1);
            while (slotGrams[slot] >= 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            slotGrams[slot] = g;
            slotWords[slot] = e.getValue().toArray(String[]::new);
            slotBits[slot] = e.getValue().stream().mapToLong(bits::get).toArray();
        }
    }

    private static String checked(String word) {
        if (word.length() < 3) {
            throw new IllegalArgumentException("a word of fewer than three characters: " + word);
        }
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c == 0 || c >= ASCII || c >= 'A' && c <= 'Z') {
                throw new IllegalArgumentException("a word outside lower-case ASCII: " + word);
            }
        }
        return word;
    }

    private static int gram(char a, char b, char c) {
        return a << 14 | b << 7 | c;
    }

    private static int hash(int gram) {
        return gram * 0x9E3779B1 >>> (32 - GRAM_BITS);
    }

    /** Bit {@code i} set: check {@code i} may match {@code text} (lower-cased by the checks). */
    int mayMatch(String text) {
        long seen = 0;
        int before = 0; // the two characters before, lower-cased, 7 bits each
        for (int k = 0, n = text.length(); k < n; k++) {
            char c = text.charAt(k);
            if (c >= ASCII) {
                return checks(read(text.toLowerCase(Locale.ROOT)));
            }
            int gram = before << 7 | LOWER_CASE[c];
            before = gram & BEFORE_MASK;
            int h = hash(gram);
            if ((starts[h >>> 6] & 1L << h) != 0 && k >= 2) {
                seen |= wordsAt(text, k - 2, gram, h, true);
            }
        }
        return checks(seen);
    }

    /** The words of {@code lower}, characters outside ASCII in none of them. */
    private long read(String lower) {
        long seen = 0;
        int before = 0;
        for (int k = 0, n = lower.length(); k < n; k++) {
            char c = lower.charAt(k);
            int gram = before << 7 | (c < ASCII ? c : 0);
            before = gram & BEFORE_MASK;
            int h = hash(gram);
            if ((starts[h >>> 6] & 1L << h) != 0 && k >= 2) {
                seen |= wordsAt(lower, k - 2, gram, h, false);
            }
        }
        return seen;
    }

    /** The bits of the words that start at {@code at} in {@code text} (whose first three characters are {@code gram}). */
    private long wordsAt(String text, int at, int gram, int h, boolean asciiCapitals) {
        int mask = slotGrams.length - 1;
        for (int slot = h & mask; slotGrams[slot] >= 0; slot = (slot + 1) & mask) {
            if (slotGrams[slot] != gram) {
                continue;
            }
            long seen = 0;
            String[] words = slotWords[slot];
            for (int w = 0; w < words.length; w++) {
                if (occursAt(words[w], text, at, asciiCapitals)) {
                    seen |= slotBits[slot][w];
                }
            }
            return seen;
        }
        return 0;
    }

    private static boolean occursAt(String word, String text, int at, boolean asciiCapitals) {
        int length = word.length();
        if (at + length > text.length()) {
            return false;
        }
        for (int k = 3; k < length; k++) {
            char c = text.charAt(at + k);
            if (asciiCapitals && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int checks(long seen) {
        int may = 0;
        for (int i = 0; i < required.length; i++) {
            if ((seen & required[i]) == required[i]) {
                may |= 1 << i;
            }
        }
        return may;
    }
}

