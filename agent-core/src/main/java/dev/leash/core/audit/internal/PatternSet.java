package dev.leash.core.audit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Finds every occurrence of any of a fixed set of strings in one pass over a text (Aho-Corasick):
 * built once, then linear in the text whatever the number of patterns. {@link #mask} replaces
 * each stretch of text covered by occurrences (overlapping occurrences form one stretch) with a
 * mask. Immutable and thread-safe.
 */
public final class PatternSet {

    private static final int ROOT = 0;

    // The trie: node n's transitions are keys[n][i] -> next[n][i], keys sorted.
    private final char[][] keys;
    private final int[][] next;
    private final int[] fail;
    // The longest pattern ending at node n (its own, or one of its suffixes'); 0 for none.
    private final int[] longest;

    private PatternSet(char[][] keys, int[][] next, int[] fail, int[] longest) {
        this.keys = keys;
        this.next = next;
        this.fail = fail;
        this.longest = longest;
    }

    /** An automaton for these patterns (empty strings are ignored). */
    public static PatternSet of(Collection<String> patterns) {
        List<StringBuilder> keyList = new ArrayList<>();
        List<int[]> nextList = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        List<Boolean> terminal = new ArrayList<>();
        keyList.add(new StringBuilder());
        nextList.add(new int[0]);
        depth.add(0);
        terminal.add(false);
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                continue;
            }
            int node = ROOT;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                int found = find(keyList.get(node), c);
                if (found >= 0) {
                    node = nextList.get(node)[found];
                    continue;
                }
                int child = keyList.size();
                keyList.add(new StringBuilder());
                nextList.add(new int[0]);
                depth.add(i + 1);
                terminal.add(false);
                keyList.get(node).append(c);
                int[] old = nextList.get(node);
                int[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = child;
                nextList.set(node, grown);
                node = child;
            }
            terminal.set(node, true);
        }
        int size = keyList.size();
        char[][] keys = new char[size][];
        int[][] next = new int[size][];
        for (int n = 0; n < size; n++) {
            char[] k = keyList.get(n).toString().toCharArray();
            int[] v = nextList.get(n);
            // Sort the transitions by character for binary search.
            Integer[] order = new Integer[k.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Character.compare(k[a], k[b]));
            keys[n] = new char[k.length];
            next[n] = new int[k.length];
            for (int i = 0; i < order.length; i++) {
                keys[n][i] = k[order[i]];
                next[n][i] = v[order[i]];
            }
        }
        int[] fail = new int[size];
        int[] longest = new int[size];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : next[ROOT]) {
            fail[child] = ROOT;
            longest[child] = terminal.get(child) ? depth.get(child) : 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int i = 0; i < keys[node].length; i++) {
                char c = keys[node][i];
                int child = next[node][i];
                int f = fail[node];
                int target;
                while (true) {
                    target = step(keys, next, f, c);
                    if (target >= 0 || f == ROOT) {
                        break;
                    }
                    f = fail[f];
                }
                fail[child] = target >= 0 && target != child ? target : ROOT;
                longest[child] = terminal.get(child) ? depth.get(child) : longest[fail[child]];
                queue.add(child);
            }
        }
        return new PatternSet(keys, next, fail, longest);
    }

    private static int find(StringBuilder keys, char c) {
        for (int i = 0; i < keys.length(); i++) {
            if (keys.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int step(char[][] keys, int[][] next, int node, char c) {
        int i = Arrays.binarySearch(keys[node], c);
        return i >= 0 ? next[node][i] : -1;
    }

    /**
     * The text with every stretch covered by occurrences of the patterns replaced by {@code mask};
     * the same instance when nothing occurs.
     */
    public String mask(String text, String mask) {
        int state = ROOT;
        StringBuilder out = null;
        int copied = 0;
        int coverStart = -1;
        int coverEnd = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int target;
            while ((target = step(keys, next, state, c)) < 0 && state != ROOT) {
                state = fail[state];
            }
            state = target < 0 ? ROOT : target;
            int length = longest[state];
            if (length == 0) {
                continue;
            }
            int start = i + 1 - length;
            if (coverEnd >= 0 && start < coverEnd) {
                coverStart = Math.min(coverStart, start);
                coverEnd = i + 1;
                continue;
            }
            if (coverEnd >= 0) {
                out = flush(out, text, copied, coverStart, mask);
                copied = coverEnd;
            }
            coverStart = start;
            coverEnd = i + 1;
        }
        if (coverEnd < 0) {
            return text;
        }
        out = flush(out, text, copied, coverStart, mask);
        out.append(text, coverEnd, text.length());
        return out.toString();
    }

    private static StringBuilder flush(StringBuilder out, String text, int copied, int coverStart, String mask) {
        StringBuilder builder = out == null ? new StringBuilder(text.length()) : out;
        builder.append(text, copied, coverStart).append(mask);
        return builder;
    }
}
