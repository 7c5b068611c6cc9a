package dev.leash.guards.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of keys with values, read against a text: every occurrence of every key, found by walking
 * from a position of the text as far as some key goes. While every key has three characters or
 * more, a walk starts only where a window of the shortest key's length, moved on by skips worked
 * out from the keys' first characters, ends in three characters that end some key's first
 * characters ({@link #occurrences}), so prose that holds no key costs a hash every few positions,
 * not a map look-up at each. The work per text depends on its length and on how far keys share
 * its characters, not on how many keys there are. Keys are added and removed one at a time (a
 * removed key's skips stay: they cost a walk at most). Not thread-safe.
 *
 * @param <T> what a key stands for
 */
final class KeyTrie<T> {

    /** Receives an occurrence. */
    interface Occurrence<T> {
        void at(T value, int start, int end);
    }

    private final LongIntMap edges = new LongIntMap();
    private final List<List<T>> terminal = new ArrayList<>();
    private int keys;
    /**
     * Bit {@code hash} of the first three characters of every key added so far (a removed key's
     * bit stays: it costs a walk only), for {@link #occurrencesFromEveryStart}; made with the first such key.
     */
    private long[] starts;
    /** Whether a key of fewer than three characters was ever added: then every position is walked. */
    private boolean shortKey;
    private static final int START_BITS = 16;
    /** The keys added, each once per add, to work the skips out again when a shorter key comes. */
    private final List<String> added = new ArrayList<>();
    /** The length of the shortest key ever added (while it is three or more), {@link Integer#MAX_VALUE} before any. */
    private int shortest = Integer.MAX_VALUE;
    /**
     * Per hash of three characters (as {@link #startHash}): how far a window of {@link #shortest}
     * characters ending in them may move on without passing the start of any key (see {@link
     * #occurrences}); 0 where they end some key's first {@code shortest} characters. Indexed by
     * the top {@link #SKIP_BITS} bits of {@link #startHash} (characters that share an entry share
     * the least skip). Built on the first key, so that a trie of short keys or none holds no table.
     */
    private byte[] skips;

    KeyTrie() {
        terminal.add(null);
    }

    void add(String key, T value) {
        int node = 0;
        for (int i = 0; i < key.length(); i++) {
            long edge = (long) node << 16 | key.charAt(i);
            int next = edges.get(edge, -1);
            if (next < 0) {
                next = terminal.size();
                terminal.add(null);
                edges.put(edge, next);
            }
            node = next;
        }
        if (terminal.get(node) == null) {
            terminal.set(node, new ArrayList<>(1));
        }
        terminal.get(node).add(value);
        keys++;
        if (key.length() < 3) {
            shortKey = true;
        } else {
            if (starts == null) {
                starts = new long[(1 << START_BITS) / 64];
            }
            int h = startHash(key.charAt(0), key.charAt(1), key.charAt(2));
            starts[h >>> 6] |= 1L << h;
            added.add(key);
            if (key.length() < shortest) {
                shortest = key.length();
                skips = new byte[1 << SKIP_BITS];
                java.util.Arrays.fill(skips, (byte) Math.min(MAX_SKIP, shortest - 2));
                for (String k : added) {
                    lowerSkips(k);
                }
            } else {
                lowerSkips(key);
            }
        }
    }

    /**
     * Bits of the skips' hash: 4 KB a trie, made when its first key of three characters or more
     * comes (a run's tries are made at its first call; most hold a few tens of keys or none).
     */
    private static final int SKIP_BITS = 12;
    /** The longest skip kept (a byte). */
    private static final int MAX_SKIP = 127;

    /**
     * Lowers the skips for the three characters ending at each place {@code q} (from 3 to {@link
     * #shortest}) of the first {@code shortest} characters of {@code key}: a window whose last three
     * characters are those may be {@code shortest - q} characters before the window that starts
     * where the key does.
     */
    private void lowerSkips(String key) {
        for (int q = 3; q <= shortest; q++) {
            int h = startHash(key.charAt(q - 3), key.charAt(q - 2), key.charAt(q - 1)) >>> (START_BITS - SKIP_BITS);
            skips[h] = (byte) Math.min(skips[h], shortest - q);
        }
    }

    private static int startHash(char a, char b, char c) {
        return ((a * 31 + b) * 31 + c) * 0x9E3779B1 >>> (32 - START_BITS);
    }

    void remove(String key, T value) {
        int node = find(key);
        if (node >= 0 && terminal.get(node) != null && terminal.get(node).remove(value)) {
            keys--;
        }
    }

    boolean isEmpty() {
        return keys == 0;
    }

    private int find(String key) {
        int node = 0;
        for (int i = 0; i < key.length() && node >= 0; i++) {
            node = edges.get((long) node << 16 | key.charAt(i), -1);
        }
        return node;
    }

    /**
     * Every occurrence of a key in {@code text} that starts at or after {@code from}, by start.
     *
     * <p>Where every key has three characters or more, a window of the shortest key's length
     * {@code m} slides over the text, and a key can start only where the window starts: where the
     * window's last three characters are not among the first {@code m} characters of any key
     * ending at place {@code q}, the window moves on by the least {@code m - q} of them (by {@code
     * m - 2} for three characters in no key), which passes the start of no key; a walk is tried
     * only where they end the first {@code m} characters of some key. Tainted e-mail addresses,
     * links and IBANs are six characters or more, so a 1 MB argument that holds none is looked at
     * about every fourth position, not at every one (as {@link #occurrencesFromEveryStart} does).
     */
    void occurrences(CharSequence text, int from, Occurrence<T> sink) {
        if (keys == 0) {
            return;
        }
        if (shortKey || skips == null) {
            occurrencesFromEveryStart(text, from, sink);
            return;
        }
        int m = shortest;
        int length = text.length();
        byte[] skip = skips;
        for (int end = Math.max(0, from) + m - 1; end < length; ) { // the window is [end - m + 1, end]
            int s = skip[startHash(text.charAt(end - 2), text.charAt(end - 1), text.charAt(end)) >>> (START_BITS - SKIP_BITS)];
            if (s > 0) {
                end += s;
            } else {
                walk(text, end - m + 1, sink);
                end++;
            }
        }
    }

    /** As {@link #occurrences}, walking from every position whose three characters begin some key. */
    void occurrencesFromEveryStart(CharSequence text, int from, Occurrence<T> sink) {
        if (keys == 0) {
            return;
        }
        int length = text.length();
        int start = Math.max(0, from);
        if (!shortKey && starts != null && start + 3 <= length) {
            // the three characters at start, read once each as the window slides
            char second = text.charAt(start);
            char third = text.charAt(start + 1);
            for (; start + 3 <= length; start++) {
                char first = second;
                second = third;
                third = text.charAt(start + 2);
                int h = startHash(first, second, third);
                if ((starts[h >>> 6] & 1L << h) != 0) {
                    walk(text, start, sink);
                }
            }
        }
        for (; start < length; start++) {
            walk(text, start, sink);
        }
    }

    /** Every key that occurs at {@code start}. */
    private void walk(CharSequence text, int start, Occurrence<T> sink) {
        int length = text.length();
        int node = 0;
        for (int i = start; i < length; i++) {
            node = edges.get((long) node << 16 | text.charAt(i), -1);
            if (node < 0) {
                return;
            }
            List<T> values = terminal.get(node);
            if (values != null) {
                for (T value : values) {
                    sink.at(value, start, i + 1);
                }
            }
        }
    }
}
