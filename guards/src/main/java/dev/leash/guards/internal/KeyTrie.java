package dev.leash.guards.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of keys with values, read against a text: every occurrence of every key, found by walking
 * from each position of the text as far as some key goes. The work per text depends on its length
 * and on how far keys share its characters, not on how many keys there are. Keys are added and
 * removed one at a time. Not thread-safe.
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
        for (int start = Math.max(0, from); start < length; start++) {
            int node = 0;
            for (int i = start; i < length; i++) {
                node = edges.get((long) node << 16 | text.charAt(i), -1);
                if (node < 0) {
                    break;
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
}
