package dev.leash.guards.internal;

import java.util.Arrays;
import java.util.List;

/**
 * TEST ORACLE: a verbatim copy of {@code SubstringIndex} as it was before its transitions were
 * compiled into dense rows (hashed transitions). Differential tests compare the new automaton to it.
 *
 * <p>Original javadoc:
 * Every substring of a set of patterns (the folded secrets and canaries), in one generalised
 * suffix automaton: built once in time and space linear in the patterns' total length, it reads a
 * text once, one transition per character, and reports for each position the longest piece of any
 * pattern that ends there, with which pattern and where in it. A whole pattern in the text is a
 * piece as long as the pattern. Reading costs the same whether there is one pattern or a thousand.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class SubstringIndexReference {

    /** Receives the maximal pieces of a scan. */
    @FunctionalInterface
    public interface PieceSink {
        /**
         * A piece of pattern {@code pattern}: its characters {@code [start, end)} occur in the text,
         * ending at text position {@code textEnd} (exclusive).
         *
         * @return false to stop the scan
         */
        boolean piece(int pattern, int start, int end, int textEnd);
    }

    private final int[] patternStart; // offset of each pattern in the joined text
    private final int[] patternLength;
    // automaton states
    private int[] len;
    private int[] link;
    private int[] firstEnd; // end position (exclusive) in the joined text of the state's first occurrence
    private int size;
    // transitions: open addressing, key = state << 21 | code point
    private long[] keys;
    private int[] values;
    private int used;

    /** An index of {@code patterns}; empty patterns are kept but never match. */
    public SubstringIndexReference(List<String> patterns) {
        int total = 0;
        for (String p : patterns) {
            total += p.length() + 1;
        }
        int capacity = 2 * total + 2;
        len = new int[capacity];
        link = new int[capacity];
        firstEnd = new int[capacity];
        int tableSize = Integer.highestOneBit(Math.max(16, capacity * 3)) * 2;
        keys = new long[tableSize];
        Arrays.fill(keys, -1L);
        values = new int[tableSize];
        patternStart = new int[patterns.size()];
        patternLength = new int[patterns.size()];
        size = 1;
        link[0] = -1;
        int pos = 0;
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            patternStart[i] = pos;
            patternLength[i] = p.length();
            int last = 0;
            for (int j = 0; j < p.length(); j++) {
                last = extend(last, p.charAt(j), pos + j + 1);
            }
            pos += p.length() + 1; // a virtual separator: pieces never span two patterns
        }
    }

    /** Number of patterns. */
    public int patterns() {
        return patternStart.length;
    }

    public int patternLength(int pattern) {
        return patternLength[pattern];
    }

    private int extend(int last, char c, int endPos) {
        int existing = get(last, c);
        if (existing >= 0 && len[existing] == len[last] + 1) {
            return existing; // generalised automaton: the state is already there
        }
        int cur;
        if (existing >= 0) {
            cur = cloneOf(last, existing, c);
            return cur;
        }
        cur = size++;
        len[cur] = len[last] + 1;
        firstEnd[cur] = endPos;
        int p = last;
        while (p >= 0 && get(p, c) < 0) {
            put(p, c, cur);
            p = link[p];
        }
        if (p < 0) {
            link[cur] = 0;
        } else {
            int q = get(p, c);
            if (len[p] + 1 == len[q]) {
                link[cur] = q;
            } else {
                int clone = cloneState(p, q, c);
                link[cur] = clone;
            }
        }
        return cur;
    }

    /** The case of a generalised automaton where {@code last --c--> q} exists but is not solid. */
    private int cloneOf(int last, int q, char c) {
        return cloneState(last, q, c);
    }

    private int cloneState(int p, int q, char c) {
        int clone = size++;
        len[clone] = len[p] + 1;
        link[clone] = link[q];
        firstEnd[clone] = firstEnd[q];
        copyTransitions(q, clone);
        link[q] = clone;
        while (p >= 0 && get(p, c) == q) {
            put(p, c, clone);
            p = link[p];
        }
        return clone;
    }

    private void copyTransitions(int from, int to) {
        // Transitions are in a hash table; copy those of 'from' by scanning its keys. Building is
        // rare (once per set of secrets), so this linear scan per clone is acceptable for the
        // pattern sizes involved; keep a per-state list to avoid it.
        if (from >= outgoing.length || outgoing[from] == null) {
            return;
        }
        int[] list = outgoing[from];
        int count = outgoingCount[from];
        for (int k = 0; k < count; k++) {
            char c = (char) list[k];
            put(to, c, get(from, c));
        }
    }

    private int[][] outgoing = new int[16][];
    private int[] outgoingCount = new int[16];

    private void noteOutgoing(int state, char c) {
        if (state >= outgoing.length) {
            int n = Math.max(state + 1, outgoing.length * 2);
            outgoing = Arrays.copyOf(outgoing, n);
            outgoingCount = Arrays.copyOf(outgoingCount, n);
        }
        int[] list = outgoing[state];
        if (list == null) {
            list = new int[2];
            outgoing[state] = list;
        } else if (outgoingCount[state] == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            outgoing[state] = list;
        }
        list[outgoingCount[state]++] = c;
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (keys.length - 1);
    }

    /** The state reached from {@code state} on {@code c}, or -1. */
    int get(int state, char c) {
        long k = key(state, c);
        int i = slot(k);
        while (true) {
            long at = keys[i];
            if (at == k) {
                return values[i];
            }
            if (at == -1L) {
                return -1;
            }
            i = (i + 1) & (keys.length - 1);
        }
    }

    private void put(int state, char c, int target) {
        long k = key(state, c);
        int i = slot(k);
        while (true) {
            long at = keys[i];
            if (at == k) {
                values[i] = target;
                return;
            }
            if (at == -1L) {
                keys[i] = k;
                values[i] = target;
                used++;
                noteOutgoing(state, c);
                if (used * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & (keys.length - 1);
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                int j = slot(oldKeys[i]);
                while (keys[j] != -1L) {
                    j = (j + 1) & (keys.length - 1);
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }

    /**
     * Reads {@code text} and reports each maximal piece of at least {@code minPiece} characters
     * (a piece that the next character does not extend).
     */
    public void scan(CharSequence text, int minPiece, PieceSink sink) {
        int state = 0;
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next = get(state, c);
            if (next < 0) {
                if (length >= minPiece && !report(state, length, i, sink)) {
                    return;
                }
                while (state > 0 && next < 0) {
                    state = link[state];
                    length = len[state];
                    next = get(state, c);
                }
                if (next < 0) {
                    state = 0;
                    length = 0;
                    continue;
                }
            }
            state = next;
            length++;
        }
        if (length >= minPiece) {
            report(state, length, text.length(), sink);
        }
    }

    /** Where {@code piece} occurs first in the patterns, as {@code {pattern, start}}; null if nowhere. */
    public int[] find(CharSequence piece) {
        if (piece.length() == 0) {
            return null;
        }
        int state = 0;
        for (int i = 0; i < piece.length(); i++) {
            state = get(state, piece.charAt(i));
            if (state < 0) {
                return null;
            }
        }
        int end = firstEnd[state];
        int pattern = patternAt(end - 1);
        return new int[] {pattern, end - piece.length() - patternStart[pattern]};
    }

    private boolean report(int state, int length, int textEnd, PieceSink sink) {
        int end = firstEnd[state]; // exclusive, in the joined text
        int pattern = patternAt(end - 1);
        int endInPattern = end - patternStart[pattern];
        return sink.piece(pattern, endInPattern - length, endInPattern, textEnd);
    }

    private int patternAt(int joinedPos) {
        int i = Arrays.binarySearch(patternStart, joinedPos);
        if (i >= 0) {
            // several patterns may start at the same place only if earlier ones are empty
            while (i + 1 < patternStart.length && patternStart[i + 1] == joinedPos) {
                i++;
            }
            return i;
        }
        return -i - 2;
    }
}
