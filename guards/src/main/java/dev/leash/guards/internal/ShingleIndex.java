package dev.leash.guards.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word shingles (runs of {@code width} consecutive words) of a growing series of texts, each
 * text with an owner, answering which owner first added a given shingle. Words are kept as
 * numbers (one {@code int} per word of text, shared with other indexes through {@link Words}) and
 * each distinct shingle as the position of its first occurrence in a hash table; a shingle is
 * compared word by word, so the answer is exact. Adding a text costs time in its own length;
 * a lookup costs time in {@code width}. Not thread-safe.
 */
public final class ShingleIndex {

    /** Word numbers, shared by the indexes of one run so that a call's words are numbered once. */
    public static final class Words {
        private final Map<String, Integer> ids = new HashMap<>();

        int idOf(String word) {
            return ids.computeIfAbsent(word, w -> ids.size());
        }

        /** The numbers of {@code words}, -1 for a word no text added so far holds. */
        public int[] known(List<String> words) {
            int[] result = new int[words.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = ids.getOrDefault(words.get(i), -1);
            }
            return result;
        }
    }

    private final int width;
    private final Words dictionary;
    private int[] words = new int[256];
    private int length;
    private int[] textStarts = new int[16];
    private int[] textOwners = new int[16];
    private int texts;
    private int[] table = emptyTable(64); // positions in words of each distinct shingle's first occurrence
    private int size;

    public ShingleIndex(int width, Words dictionary) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1: " + width);
        }
        this.width = width;
        this.dictionary = dictionary;
    }

    /** Adds a text's words, owned by {@code owner}; a shingle already known keeps its first owner. */
    public void add(List<String> textWords, int owner) {
        if (textWords.size() < width) {
            return; // no shingle, and nothing a lookup could find
        }
        int start = length;
        if (length + textWords.size() > words.length) {
            words = Arrays.copyOf(words, Math.max(words.length * 2, length + textWords.size()));
        }
        for (String word : textWords) {
            words[length++] = dictionary.idOf(word);
        }
        if (texts == textStarts.length) {
            textStarts = Arrays.copyOf(textStarts, texts * 2);
            textOwners = Arrays.copyOf(textOwners, texts * 2);
        }
        textStarts[texts] = start;
        textOwners[texts] = owner;
        texts++;
        for (int p = start; p + width <= length; p++) {
            insert(p);
        }
    }

    /**
     * The owner of the first text that holds the shingle {@code query[from, from + width)} (word
     * numbers from {@link Words#known}), or -1.
     */
    public int firstOwner(int[] query, int from) {
        for (int k = 0; k < width; k++) {
            if (query[from + k] < 0) {
                return -1;
            }
        }
        int mask = table.length - 1;
        for (int slot = hash(query, from) & mask; table[slot] >= 0; slot = (slot + 1) & mask) {
            if (Arrays.equals(words, table[slot], table[slot] + width, query, from, from + width)) {
                return ownerAt(table[slot]);
            }
        }
        return -1;
    }

    /** True if some text holds the shingle. */
    public boolean contains(int[] query, int from) {
        return firstOwner(query, from) >= 0;
    }

    private int ownerAt(int position) {
        int at = Arrays.binarySearch(textStarts, 0, texts, position);
        return textOwners[at >= 0 ? at : -at - 2];
    }

    private void insert(int position) {
        int mask = table.length - 1;
        int slot = hash(words, position) & mask;
        while (table[slot] >= 0) {
            if (Arrays.equals(words, table[slot], table[slot] + width, words, position, position + width)) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = position;
        if (++size * 4 > table.length * 3) {
            int[] old = table;
            table = emptyTable(old.length * 2);
            int newMask = table.length - 1;
            for (int p : old) {
                if (p >= 0) {
                    int s = hash(words, p) & newMask;
                    while (table[s] >= 0) {
                        s = (s + 1) & newMask;
                    }
                    table[s] = p;
                }
            }
        }
    }

    private int hash(int[] ids, int from) {
        int h = 1;
        for (int k = 0; k < width; k++) {
            h = 31 * h + ids[from + k];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int[] emptyTable(int capacity) {
        int[] table = new int[capacity];
        Arrays.fill(table, -1);
        return table;
    }
}
