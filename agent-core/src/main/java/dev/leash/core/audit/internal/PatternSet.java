package dev.leash.core.audit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of any of a fixed set of strings in one pass over a text (Aho-Corasick):
 * built once, then linear in the text whatever the number of patterns. {@link #mask} replaces
 * each stretch of text covered by occurrences (overlapping occurrences form one stretch) with a
 * mask; {@link #step}, {@link #longest} and {@link #pattern} let a caller drive the automaton
 * itself (over a projection of a text, say).
 *
 * <p>Reading a character costs one table look-up in the shallow states, where a scan spends
 * nearly all its time (their transitions, failures included, are precomputed for every character
 * class that occurs in a pattern); a character that occurs in no pattern leads back to the start
 * at once; and from the start state, {@link #mask} skips each character whose pair with the next
 * one begins no pattern, or (Wu-Manber) jumps over every place where, judged by the two
 * characters that would end its shortest pattern, no pattern can begin. None of this depends on
 * the number of patterns.
 *
 * <p>Immutable and thread-safe.
 */
public final class PatternSet {

    /** The start state: nothing matched yet. */
    public static final int ROOT = 0;

    /** Cells of the precomputed transition table (rows of the shallowest states). */
    private static final int DENSE_CELLS = 1 << 19;

    private final int[] asciiClass; // class of each char < 128; 0 = in no pattern
    private final char[] wideChars; // sorted chars >= 128 that occur in patterns
    private final int[] wideClass;
    private final int classes; // number of classes, 0 included
    private final int dense; // states [0, dense) have a full row in delta
    private final int[] delta;
    // Sparse transitions (goto only) of every state: sparseKeys[n][i] (classes, sorted) -> sparseNext[n][i].
    private final int[][] sparseKeys;
    private final int[][] sparseNext;
    private final int[] fail;
    // The longest pattern ending at state n (its own, or one of its suffixes'), its length (0 for
    // none) and its index in the collection given to of().
    private final int[] longest;
    private final int[] pattern;
    // Pairs (a << 7 | b) of ASCII characters that begin a pattern; null when skipping is off.
    private final long[] pairs;
    // Wu-Manber: for the two characters ending a window of the shortest pattern's length, how far
    // the window may move without passing the start of any pattern; null when patterns are short.
    private final byte[] shift;
    private final int window;

    private PatternSet(int[] asciiClass, char[] wideChars, int[] wideClass, int classes, int dense, int[] delta,
            int[][] sparseKeys, int[][] sparseNext, int[] fail, int[] longest, int[] pattern, long[] pairs, byte[] shift,
            int window) {
        this.asciiClass = asciiClass;
        this.wideChars = wideChars;
        this.wideClass = wideClass;
        this.classes = classes;
        this.dense = dense;
        this.delta = delta;
        this.sparseKeys = sparseKeys;
        this.sparseNext = sparseNext;
        this.fail = fail;
        this.longest = longest;
        this.pattern = pattern;
        this.pairs = pairs;
        this.shift = shift;
        this.window = window;
    }

    /** An automaton for these patterns (empty strings are ignored; a repeated one counts once, at its first index). */
    public static PatternSet of(Collection<String> patterns) {
        // Character classes: every distinct character of the patterns gets one, from 1.
        int[] asciiClass = new int[128];
        Map<Character, Integer> wide = new HashMap<>();
        int classes = 1;
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < 128) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = classes++;
                    }
                } else if (!wide.containsKey(c)) {
                    wide.put(c, classes++);
                }
            }
        }
        char[] wideChars = new char[wide.size()];
        int w = 0;
        for (char c : wide.keySet()) {
            wideChars[w++] = c;
        }
        Arrays.sort(wideChars);
        int[] wideClass = new int[wideChars.length];
        for (int i = 0; i < wideChars.length; i++) {
            wideClass[i] = wide.get(wideChars[i]);
        }

        // The trie, in insertion order.
        List<Map<Integer, Integer>> children = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        List<Integer> terminal = new ArrayList<>(); // pattern index, or -1
        children.add(new HashMap<>());
        depth.add(0);
        terminal.add(-1);
        long[] pairs = new long[128 * 128 / 64];
        boolean skippable = true;
        int index = -1;
        for (String p : patterns) {
            index++;
            if (p.isEmpty()) {
                continue;
            }
            int node = ROOT;
            for (int i = 0; i < p.length(); i++) {
                int k = classOf(asciiClass, wideChars, wideClass, p.charAt(i));
                Integer child = children.get(node).get(k);
                if (child == null) {
                    child = children.size();
                    children.add(new HashMap<>());
                    depth.add(i + 1);
                    terminal.add(-1);
                    children.get(node).put(k, child);
                }
                node = child;
            }
            if (terminal.get(node) < 0) {
                terminal.set(node, index);
            }
            char a = p.charAt(0);
            if (p.length() == 1) {
                skippable = false;
            } else if (a < 128 && p.charAt(1) < 128) {
                int bit = a << 7 | p.charAt(1);
                pairs[bit >>> 6] |= 1L << bit;
            }
        }

        // Renumber in breadth-first order, so that the shallowest states come first.
        int size = children.size();
        int[] order = new int[size]; // new id -> old id
        int[] renamed = new int[size]; // old id -> new id
        int head = 0;
        int tail = 0;
        order[tail++] = ROOT;
        while (head < tail) {
            int old = order[head++];
            List<Integer> keys = new ArrayList<>(children.get(old).keySet());
            keys.sort(null);
            for (int k : keys) {
                order[tail++] = children.get(old).get(k);
            }
        }
        for (int n = 0; n < size; n++) {
            renamed[order[n]] = n;
        }
        int[][] sparseKeys = new int[size][];
        int[][] sparseNext = new int[size][];
        for (int n = 0; n < size; n++) {
            Map<Integer, Integer> map = children.get(order[n]);
            int[] keys = new int[map.size()];
            int i = 0;
            for (int k : map.keySet()) {
                keys[i++] = k;
            }
            Arrays.sort(keys);
            int[] next = new int[keys.length];
            for (i = 0; i < keys.length; i++) {
                next[i] = renamed[map.get(keys[i])];
            }
            sparseKeys[n] = keys;
            sparseNext[n] = next;
        }

        int dense = Math.max(1, Math.min(size, DENSE_CELLS / classes));
        int[] delta = new int[dense * classes];
        int[] fail = new int[size];
        int[] longest = new int[size];
        int[] pattern = new int[size];
        Arrays.fill(pattern, -1);
        // In breadth-first order a state's failure is shallower, hence already complete.
        for (int n = 0; n < size; n++) {
            int old = order[n];
            if (terminal.get(old) >= 0) {
                longest[n] = depth.get(old);
                pattern[n] = terminal.get(old);
            } else if (n != ROOT) {
                longest[n] = longest[fail[n]];
                pattern[n] = pattern[fail[n]];
            }
            int[] keys = sparseKeys[n];
            int[] next = sparseNext[n];
            for (int i = 0; i < keys.length; i++) {
                fail[next[i]] = n == ROOT ? ROOT : transition(delta, classes, dense, sparseKeys, sparseNext, fail, fail[n], keys[i]);
            }
            if (n < dense) {
                for (int k = 1; k < classes; k++) {
                    int i = Arrays.binarySearch(keys, k);
                    delta[n * classes + k] = i >= 0 ? next[i] : n == ROOT ? ROOT : delta[fail[n] * classes + k];
                }
            }
        }
        byte[] shift = null;
        int window = Integer.MAX_VALUE;
        for (String p : patterns) {
            if (!p.isEmpty()) {
                window = Math.min(window, p.length());
            }
        }
        window = Math.min(window, MAX_WINDOW);
        if (window >= MIN_WINDOW && window != Integer.MAX_VALUE) {
            shift = new byte[SHIFT_TABLE];
            Arrays.fill(shift, (byte) (window - 1));
            for (String p : patterns) {
                if (p.isEmpty()) {
                    continue;
                }
                // the block ending at q (of the first 'window' characters): a window ending on it
                // may hold this pattern starting (window - 1 - q) places further on
                for (int q = 1; q < window; q++) {
                    int h = block(p.charAt(q - 1), p.charAt(q));
                    shift[h] = (byte) Math.min(shift[h], window - 1 - q);
                }
            }
        }
        return new PatternSet(asciiClass, wideChars, wideClass, classes, dense, delta, sparseKeys, sparseNext, fail,
                longest, pattern, skippable ? pairs : null, shift, window);
    }

    /** Shortest pattern length (capped) for which jumping is worth it. */
    private static final int MIN_WINDOW = 4;
    private static final int MAX_WINDOW = 127;
    private static final int SHIFT_TABLE = 1 << 14;

    private static int block(char a, char b) {
        return ((a << 7) ^ b ^ (a >>> 7)) & (SHIFT_TABLE - 1);
    }

    private static int classOf(int[] asciiClass, char[] wideChars, int[] wideClass, char c) {
        if (c < 128) {
            return asciiClass[c];
        }
        int i = Arrays.binarySearch(wideChars, c);
        return i >= 0 ? wideClass[i] : 0;
    }

    private static int transition(int[] delta, int classes, int dense, int[][] sparseKeys, int[][] sparseNext, int[] fail,
            int state, int k) {
        int s = state;
        while (s >= dense) {
            int i = Arrays.binarySearch(sparseKeys[s], k);
            if (i >= 0) {
                return sparseNext[s][i];
            }
            s = fail[s];
        }
        return delta[s * classes + k];
    }

    /** The state after reading {@code c} in {@code state} ({@link #ROOT} to begin). */
    public int step(int state, char c) {
        int k = c < 128 ? asciiClass[c] : classOf(asciiClass, wideChars, wideClass, c);
        if (k == 0) {
            return ROOT; // a character of no pattern: nothing matched spans it
        }
        if (state < dense) {
            return delta[state * classes + k];
        }
        return transition(delta, classes, dense, sparseKeys, sparseNext, fail, state, k);
    }

    /** Length of the longest pattern that ends in {@code state}; 0 if none does. */
    public int longest(int state) {
        return longest[state];
    }

    /** Index of that pattern in the collection the set was built from; -1 if none. */
    public int pattern(int state) {
        return pattern[state];
    }

    /** Whether fewer characters than the shortest pattern are left from {@code i} on. */
    private boolean tooShort(int i, int n) {
        return n - i < window;
    }

    /** From the start state at {@code i}: the first place at or after it where a pattern may begin. */
    private int skip(String text, int i, int n) {
        long[] p = pairs;
        int at = i;
        while (at + 1 < n) {
            char a = text.charAt(at);
            char b = text.charAt(at + 1);
            if ((a | b) >= 128) {
                return at;
            }
            int bit = a << 7 | b;
            if ((p[bit >>> 6] & (1L << bit)) != 0) {
                return at;
            }
            at++;
        }
        return at;
    }

    /**
     * Whether any pattern occurs in {@code text} read with each character lower-cased on its own
     * ({@link Character#toLowerCase(char)}, so positions stay those of the text): what a scan
     * stepping the automaton over those characters would find somewhere. From the start state it
     * jumps as {@link #mask} does, judging each window by its last two characters lower-cased, so
     * it reads a fraction of a text that holds none.
     */
    public boolean occursInLowerCase(String text) {
        int state = ROOT;
        int n = text.length();
        byte[] jumps = shift;
        int w = window - 1;
        for (int i = 0; i < n; i++) {
            if (state == ROOT && jumps != null) {
                int s;
                while (i + w < n && (s = jumps[block(Character.toLowerCase(text.charAt(i + w - 1)),
                        Character.toLowerCase(text.charAt(i + w)))]) > 0) {
                    i += s;
                }
                if (tooShort(i, n)) {
                    return false;
                }
            }
            state = step(state, Character.toLowerCase(text.charAt(i)));
            if (longest[state] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any pattern occurs in {@code text[0, n)}: what stepping the automaton over those
     * characters would find somewhere, reading only what {@link #mask} would read.
     */
    public boolean occursIn(char[] text, int n) {
        int state = ROOT;
        byte[] jumps = shift;
        int w = window - 1;
        for (int i = 0; i < n; i++) {
            if (state == ROOT && jumps != null) {
                int s;
                while (i + w < n && (s = jumps[block(text[i + w - 1], text[i + w])]) > 0) {
                    i += s;
                }
                if (tooShort(i, n)) {
                    return false;
                }
            }
            state = step(state, text[i]);
            if (longest[state] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text with every stretch covered by occurrences of the patterns replaced by {@code mask}
     * (occurrences that overlap form one stretch; adjacent ones stay two); the same instance when
     * nothing occurs.
     */
    public String mask(String text, String mask) {
        int state = ROOT;
        long[] covers = null; // start << 32 | end of the longest pattern ending at each place
        int count = 0;
        int n = text.length();
        boolean skipping = pairs != null;
        byte[] jumps = shift;
        int w = window - 1;
        for (int i = 0; i < n; i++) {
            if (state == ROOT && jumps != null) {
                // No pattern begins in the places the shift passes over: the state stays ROOT.
                int s;
                while (i + w < n && (s = jumps[block(text.charAt(i + w - 1), text.charAt(i + w))]) > 0) {
                    i += s;
                }
                if (tooShort(i, n)) {
                    break; // too little text left for any pattern
                }
            } else if (state == ROOT && skipping) {
                i = skip(text, i, n);
            }
            state = step(state, text.charAt(i));
            int length = longest[state];
            if (length == 0) {
                continue;
            }
            if (covers == null) {
                covers = new long[8];
            } else if (count == covers.length) {
                covers = Arrays.copyOf(covers, count * 2);
            }
            covers[count++] = (long) (i + 1 - length) << 32 | (i + 1);
        }
        if (count == 0) {
            return text;
        }
        // An occurrence may reach back over one that ended before it began: merge by start.
        Arrays.sort(covers, 0, count);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int coverStart = (int) (covers[0] >>> 32);
        int coverEnd = (int) covers[0];
        for (int k = 1; k < count; k++) {
            int start = (int) (covers[k] >>> 32);
            int end = (int) covers[k];
            if (start < coverEnd) {
                coverEnd = Math.max(coverEnd, end);
                continue;
            }
            out.append(text, copied, coverStart).append(mask);
            copied = coverEnd;
            coverStart = start;
            coverEnd = end;
        }
        out.append(text, copied, coverStart).append(mask).append(text, coverEnd, text.length());
        return out.toString();
    }
}
