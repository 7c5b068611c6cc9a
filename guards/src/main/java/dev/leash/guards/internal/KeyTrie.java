package dev.leash.guards.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of keys with values, read against a text: every occurrence of every key, found by walking
 * from each position of the text as far as some key goes. A walk starts only where the text's next
 * three characters begin some key (a bit set of the keys' first three characters, hashed; while
 * every key has three or more), so prose that holds no key costs a hash per position, not a map
 * look-up. The work per text depends on its length and on how far keys share its characters, not
 * on how many keys there are. Keys are added and removed one at a time. Not thread-safe.
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
    /** Bit {@code hash} of the first three characters of every key added so far (a removed key's bit stays: it costs a walk only). */
    private final long[] starts = new long[(1 << START_BITS) / 64];
    /** Whether a key of fewer than three characters was ever added: then every position is walked. */
    private boolean shortKey;
    private static final int START_BITS = 16;

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
            int h = startHash(key.charAt(0), key.charAt(1), key.charAt(2));
            starts[h >>> 6] |= 1L << h;
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

    /** Every occurrence of a key in {@code text} that starts at or after {@code from}. */
    void occurrences(CharSequence text, int from, Occurrence<T> sink) {
        if (keys == 0) {
            return;
        }
        int length = text.length();
        int start = Math.max(0, from);
        if (!shortKey && start + 3 <= length) {
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
