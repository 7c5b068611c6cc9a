package dev.leash.guards.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The word shingles (runs of {@code width} consecutive words) of a growing series of texts, each
 * text with an owner, answering which owner first added a given shingle. Words are kept as
 * numbers (one {@code int} per word of text, shared with other indexes through {@link Words}) and
 * each distinct shingle as the position of its first occurrence in a hash table; a shingle is
 * compared word by word, so the answer is exact. Adding a text costs time in its own length;
 * a lookup costs time in {@code width}. Not thread-safe.
 */
public final class ShingleIndex {

    /**
     * Word numbers, shared by the indexes of one run so that a call's words are numbered once: a
     * hash table of the words (in their {@link String#hashCode} order), each numbered in the order
     * it was first added. A text of ASCII characters is looked up word by word as it is read,
     * without making its words into strings.
     */
    public static final class Words {
        private String[] keys = new String[64];
        /** Per slot: its word's number, -1 for an empty slot. */
        private int[] slotIds = emptyTable(64);
        /** Per slot: its word's {@link String#hashCode}, so that a probe compares words only where the hashes agree. */
        private int[] slotHashes = new int[64];
        private String[] byId = new String[32];
        private int size;
        /**
         * The words of at most {@value #PACKED_CHARS} small ASCII letters and digits, by their
         * characters packed seven bits each ({@link #pack}): such a word is its packed number (no
         * character is 0, so words of different lengths pack differently), and an ASCII text's
         * word of that length is looked up by the number its characters pack into as they are
         * read, without hashing it as a string or comparing it character by character.
         */
        private final LongIntMap packedIds = new LongIntMap();
        /** The longest word looked up by its packed characters: 9 characters of 7 bits fill 63 bits of a non-negative long. */
        static final int PACKED_CHARS = 9;

        int idOf(String word) {
            int hash = word.hashCode();
            int slot = slotOf(word, hash);
            if (slotIds[slot] >= 0) {
                return slotIds[slot];
            }
            int id = size++;
            keys[slot] = word;
            slotIds[slot] = id;
            slotHashes[slot] = hash;
            if (id == byId.length) {
                byId = Arrays.copyOf(byId, id * 2);
            }
            byId[id] = word;
            long packed = pack(word);
            if (packed >= 0) {
                packedIds.put(packed, id);
            }
            if (size * 2 > keys.length) {
                grow();
            }
            return id;
        }

        /**
         * The characters of {@code word} packed seven bits each, the first highest, when it has at
         * most {@value #PACKED_CHARS} and all are small ASCII letters or digits (as an ASCII text's
         * words read lower-cased are); else -1. Package-private for the tests.
         */
        static long pack(String word) {
            int length = word.length();
            if (length == 0 || length > PACKED_CHARS) {
                return -1;
            }
            long packed = 0;
            for (int i = 0; i < length; i++) {
                char c = word.charAt(i);
                if (c >= 0x80 || c == 0 || TextValues.asciiWordLowerCase(c) != c) {
                    return -1; // a separator (0 among them: it would pack to nothing), a capital or a character outside ASCII
                }
                packed = packed << 7 | c;
            }
            return packed;
        }

        private void grow() {
            String[] old = keys;
            int[] oldIds = slotIds;
            int[] oldHashes = slotHashes;
            keys = new String[old.length * 2];
            slotIds = emptyTable(old.length * 2);
            slotHashes = new int[old.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < old.length; i++) {
                if (oldIds[i] >= 0) {
                    int slot = spread(oldHashes[i]) & mask;
                    while (slotIds[slot] >= 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = old[i];
                    slotIds[slot] = oldIds[i];
                    slotHashes[slot] = oldHashes[i];
                }
            }
        }

        private int find(String word) {
            return slotIds[slotOf(word, word.hashCode())];
        }

        /** The slot that holds {@code word} (whose hash is {@code hash}), or the empty one where it would go. */
        private int slotOf(String word, int hash) {
            int mask = keys.length - 1;
            int slot = spread(hash) & mask;
            while (slotIds[slot] >= 0) {
                if (slotHashes[slot] == hash && keys[slot].equals(word)) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        /** The number of the ASCII word {@code text[start, end)} lower-cased, whose lower case hashes to {@code hash}; or -1. */
        private int findByHash(String text, int start, int end, int hash) {
            int[] ids = slotIds;
            int[] hashes = slotHashes;
            int mask = ids.length - 1;
            int slot = spread(hash) & mask;
            for (int id = ids[slot]; id >= 0; id = ids[slot]) {
                if (hashes[slot] == hash && equalsLowerCase(keys[slot], text, start, end)) {
                    return id;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        private static boolean equalsLowerCase(String key, String text, int start, int end) {
            if (key.length() != end - start) {
                return false;
            }
            for (int i = start; i < end; i++) {
                if (key.charAt(i - start) != TextValues.asciiWordLowerCase(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static int spread(int hash) {
            int h = hash * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /** The numbers of {@code words}, -1 for a word no text added so far holds. */
        public int[] known(List<String> words) {
            int[] result = new int[words.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = find(words.get(i));
            }
            return result;
        }

        /**
         * The numbers of the words of {@code text}, as {@code known(TextValues.words(text))} answers
         * them; a text of ASCII characters is read once, its words looked up as they are read: a
         * word of at most {@value #PACKED_CHARS} characters by the number its characters pack into
         * ({@link #pack}, one look-up in a table of numbers), a longer one by its hash and its
         * characters. A 1 MB argument of prose is some 170,000 words, nearly all short.
         *
         * <p>The characters are read with a branch at each word's end. Reading them without one
         * (every character written down as a possible word end, counted only at one) was about 20%
         * faster on prose of random words, where that branch is mispredicted at most word ends,
         * but some 40% slower on text that repeats one sentence, as the benchmarks' notes do.
         */
        public int[] known(String text) {
            int n = text.length();
            int[] result = new int[Math.min(16, n / 2 + 1)];
            int count = 0;
            int start = -1;
            long packed = 0; // the word's characters, seven bits each (meaningless past PACKED_CHARS: not used then)
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    return known(TextValues.words(text));
                }
                int lower = TextValues.asciiWordLowerCase(c); // 0 for a separator
                if (lower != 0) {
                    if (start < 0) {
                        start = i;
                        packed = 0;
                    }
                    packed = packed << 7 | lower;
                } else if (start >= 0) {
                    if (count == result.length) {
                        result = Arrays.copyOf(result, Math.min(count * 2, n / 2 + 1));
                    }
                    result[count++] = find(text, start, i, packed);
                    start = -1;
                }
            }
            if (start >= 0) {
                if (count == result.length) {
                    result = Arrays.copyOf(result, count + 1);
                }
                result[count++] = find(text, start, n, packed);
            }
            return count == result.length ? result : Arrays.copyOf(result, count);
        }

        /**
         * The numbers of the words of {@code text} (as {@link #known(String)} answers them) in
         * the runs of at least {@code minWords} known words that may hold {@code minWords} known
         * words spanning {@code minSpan} characters or more, each run whole and in order and
         * followed by -1; or null when the text has a character outside ASCII (then {@link
         * #known(String)} reads it). Every window of {@code minWords} known words of the text that
         * spans at least {@code minSpan} characters lies in one of the runs, so a search for such
         * windows finds them all, in the same order, in this answer as in {@link
         * #known(String)}'s; no other window of known words is added.
         *
         * <p>Most words are not read. From a place where a word no text added ends (or the
         * start), a window that starts no later than {@code minSpan - 1} characters on covers the
         * character there: only the word there (or the first after it) is looked up, and if it is
         * not known no window starts before it ends, and the reading goes on after it. Where that
         * word is known, the words around it are read back and forth to the nearest words not
         * known. Text that copies little from the run is read about one word per {@code
         * minSpan} characters; text of known words is read once and up to {@code minSpan}
         * characters before each probe twice. The text is first copied into bytes (one array copy
         * for a Latin-1 string of ASCII characters), which also tells that it is ASCII: its UTF-8
         * bytes are as many as its characters only when each is ASCII or a surrogate without its
         * pair, written as {@code ?}, a separator, as such a surrogate is to {@link
         * TextValues#words}.
         */
        public int[] knownRuns(String text, int minWords, int minSpan) {
            int n = text.length();
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length != n) {
                return null;
            }
            int[] out = new int[16];
            int count = 0;
            int p = 0; // the end of a word not known (or 0): no run of interest starts before it
            while (p + minSpan <= n) {
                int q = p + minSpan - 1;
                while (q < n && lower(b[q]) == 0) {
                    q++;
                }
                if (q == n) {
                    break;
                }
                int ws = q;
                while (ws > p && lower(b[ws - 1]) != 0) {
                    ws--;
                }
                int we = q + 1;
                while (we < n && lower(b[we]) != 0) {
                    we++;
                }
                if (find(b, ws, we) < 0) {
                    p = we;
                    continue;
                }
                // Back over the known words before it, to the nearest word not known (or to p).
                int start = ws;
                while (true) {
                    int e = start;
                    while (e > p && lower(b[e - 1]) == 0) {
                        e--;
                    }
                    if (e == p) {
                        break;
                    }
                    int s = e - 1;
                    while (s > p && lower(b[s - 1]) != 0) {
                        s--;
                    }
                    if (find(b, s, e) < 0) {
                        break;
                    }
                    start = s;
                }
                // Forward from there, word by word, to the first word not known.
                int runStart = count;
                int at = start;
                p = n;
                while (at < n) {
                    while (at < n && lower(b[at]) == 0) {
                        at++;
                    }
                    if (at == n) {
                        break;
                    }
                    int end = at + 1;
                    while (end < n && lower(b[end]) != 0) {
                        end++;
                    }
                    int id = find(b, at, end);
                    if (id < 0) {
                        p = end;
                        break;
                    }
                    if (count + 1 >= out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[count++] = id;
                    at = end;
                }
                if (count - runStart >= minWords) {
                    out[count++] = -1;
                } else {
                    count = runStart;
                }
            }
            return Arrays.copyOf(out, count);
        }

        private static int lower(byte c) {
            return TextValues.asciiWordLowerCase((char) c);
        }

        /** The number of the ASCII word {@code text[start, end)} lower-cased, or -1. */
        private int find(byte[] text, int start, int end) {
            if (end - start <= PACKED_CHARS) {
                long packed = 0;
                for (int i = start; i < end; i++) {
                    packed = packed << 7 | lower(text[i]);
                }
                return packedIds.get(packed, -1);
            }
            int hash = 0;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + lower(text[i]);
            }
            int[] ids = slotIds;
            int[] hashes = slotHashes;
            int mask = ids.length - 1;
            for (int slot = spread(hash) & mask, id = ids[slot]; id >= 0; slot = (slot + 1) & mask, id = ids[slot]) {
                if (hashes[slot] == hash && equalsLowerCase(keys[slot], text, start, end)) {
                    return id;
                }
            }
            return -1;
        }

        private static boolean equalsLowerCase(String key, byte[] text, int start, int end) {
            if (key.length() != end - start) {
                return false;
            }
            for (int i = start; i < end; i++) {
                if (key.charAt(i - start) != lower(text[i])) {
                    return false;
                }
            }
            return true;
        }

        /** The number of the ASCII word {@code text[start, end)} lower-cased, whose characters pack into {@code packed} if it is short; or -1. */
        private int find(String text, int start, int end, long packed) {
            if (end - start <= PACKED_CHARS) {
                return packedIds.get(packed, -1);
            }
            int hash = 0;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + TextValues.asciiWordLowerCase(text.charAt(i));
            }
            return findByHash(text, start, end, hash);
        }

        /** The word numbered {@code id}. */
        public String word(int id) {
            if (id < 0 || id >= size) {
                throw new IndexOutOfBoundsException("no word numbered " + id + " of " + size);
            }
            return byId[id];
        }

        /** How many words are numbered. */
        public int size() {
            return size;
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
