package dev.leash.guards.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Every substring of a set of patterns (the folded secrets and canaries), in one generalised
 * suffix automaton: built once in time and space linear in the patterns' total length, it reads a
 * text once, one transition per character, and reports for each position the longest piece of any
 * pattern that ends there, with which pattern and where in it. A whole pattern in the text is a
 * piece as long as the pattern. Reading costs the same whether there is one pattern or a thousand.
 *
 * <p>Read fast: once built, the automaton is compiled. The characters of the patterns are numbered
 * (a character no pattern holds is class 0: it ends any piece at once, without a look-up), the
 * states are renumbered shortest first, and the shallow states (those a text that holds no secret
 * stays in) get a dense row of transitions by class, up to {@value #DENSE_LIMIT} entries in all;
 * the deeper ones a short sorted list.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class SubstringIndex {

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

    /** Length of the stretches of the filter ({@link #mayHold}). */
    static final int GRAM = 4;
    /** Largest filter: 2^22 bits (512 KiB). */
    private static final int MAX_GRAM_BITS = 22;

    private static final VarHandle CHARS = MethodHandles.byteArrayViewVarHandle(char[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Most entries of the dense transition rows, over all dense states. */
    static final int DENSE_LIMIT = 1 << 16;

    private final int[] patternStart; // offset of each pattern in the joined text
    private final int[] patternLength;
    // automaton states
    private int[] len;
    private int[] link;
    private int[] firstEnd; // end position (exclusive) in the joined text of the state's first occurrence
    private int size;
    // transitions while building: open addressing, key = state << 16 | char
    private long[] keys;
    private int[] values;
    private int used;

    // Compiled for reading (states renumbered by length, the root is 0).
    private final short[] lowClass = new short[256]; // class of each char below 256; 0 = in no pattern
    private char[] highChars = new char[0]; // the pattern chars from 256 up, sorted
    private short[] highClass = new short[0];
    private int classes; // number of classes, class 0 included
    private int denseStates; // states [0, denseStates) have a dense row
    private int[] dense; // dense[state * classes + class]: target, or -1
    private int[] edgeStart; // sparse rows of states from denseStates: edges [edgeStart[s - denseStates], ...)
    private short[] edgeClass; // sorted within a row
    private int[] edgeTarget;
    private long[] grams; // the filter's bits
    private int gramShift;

    /** An index of {@code patterns}; empty patterns are kept but never match. */
    public SubstringIndex(List<String> patterns) {
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
        compile();
        gramFilter(patterns);
    }

    /**
     * Marks every {@value #GRAM} characters long stretch of the patterns in a bit table ({@link
     * #mayHold}), about 16 bits per stretch, two bits of one word each: a superset (a stretch may
     * share its bits with others), never missing one.
     */
    private void gramFilter(List<String> patterns) {
        int count = 0;
        for (String p : patterns) {
            count += Math.max(0, p.length() - GRAM + 1);
        }
        int size = Math.max(12, Math.min(MAX_GRAM_BITS, 64 - Long.numberOfLeadingZeros(16L * count)));
        grams = new long[1 << size - 6];
        gramShift = 64 - (size - 6); // the word from the top bits
        for (String p : patterns) {
            for (int i = 0; i + GRAM <= p.length(); i++) {
                long h = gram(p.charAt(i), p.charAt(i + 1), p.charAt(i + 2), p.charAt(i + 3));
                grams[(int) (h >>> gramShift)] |= bits(h);
            }
        }
    }

    /**
     * Two bits of one word per stretch (fewer false hits than one, for the same single read): the
     * word from the hash's top bits, the bits from the twelve below them (a product's low bits are
     * poor).
     */
    private long bits(long hash) {
        return 1L << (hash >>> gramShift - 6) | 1L << (hash >>> gramShift - 12);
    }

    private static long gram(char a, char b, char c, char d) {
        return ((long) a | (long) b << 16 | (long) c << 32 | (long) d << 48) * 0x9E3779B97F4A7C15L;
    }

    /**
     * False if the characters {@code [at, at + GRAM)} of {@code text} (UTF-16 little-endian) are in
     * no pattern; true if they may be. One load: the four characters as a little-endian long are
     * the value {@link #gram} multiplies. With {@code shiftFree}, {@code text} is a simple fold
     * and its characters those of its shift-free form ({@link Fold#shifted(byte[], int)}).
     */
    private boolean mayHold(byte[] text, int at, boolean shiftFree) {
        long chars;
        if (shiftFree) {
            long simple = (long) LONGS.get(text, at << 1);
            int next = (char) CHARS.get(text, (at + GRAM) << 1);
            int c0 = (int) simple & 0xFFFF;
            int c1 = (int) (simple >>> 16) & 0xFFFF;
            int c2 = (int) (simple >>> 32) & 0xFFFF;
            int c3 = (int) (simple >>> 48);
            chars = Fold.shifted(c0, c1) | (long) Fold.shifted(c1, c2) << 16 | (long) Fold.shifted(c2, c3) << 32
                    | (long) Fold.shifted(c3, next) << 48;
        } else {
            chars = (long) LONGS.get(text, at << 1);
        }
        long h = chars * 0x9E3779B97F4A7C15L;
        long mask = bits(h);
        return (grams[(int) (h >>> gramShift)] & mask) == mask;
    }

    /** Numbers the characters, renumbers the states shortest first, and lays out the rows. */
    private void compile() {
        // classes: every char on some transition (each pattern char is on one from the root)
        java.util.TreeSet<Character> chars = new java.util.TreeSet<>();
        int rootCount = outgoingCount.length > 0 && outgoing[0] != null ? outgoingCount[0] : 0;
        for (int k = 0; k < rootCount; k++) {
            chars.add((char) outgoing[0][k]);
        }
        classes = chars.size() + 1;
        int high = 0;
        for (char c : chars) {
            if (c >= 256) {
                high++;
            }
        }
        highChars = new char[high];
        highClass = new short[high];
        int cls = 1;
        int h = 0;
        for (char c : chars) {
            if (c < 256) {
                lowClass[c] = (short) cls;
            } else {
                highChars[h] = c;
                highClass[h++] = (short) cls;
            }
            cls++;
        }
        // states by length (counting sort): the shallow ones first, the root at 0
        int maxLen = 0;
        for (int s = 0; s < size; s++) {
            maxLen = Math.max(maxLen, len[s]);
        }
        int[] byLength = new int[maxLen + 2];
        for (int s = 0; s < size; s++) {
            byLength[len[s] + 1]++;
        }
        for (int l = 1; l < byLength.length; l++) {
            byLength[l] += byLength[l - 1];
        }
        int[] newId = new int[size];
        for (int s = 0; s < size; s++) {
            newId[s] = byLength[len[s]]++;
        }
        int[] newLen = new int[size];
        int[] newLink = new int[size];
        int[] newFirstEnd = new int[size];
        for (int s = 0; s < size; s++) {
            int n = newId[s];
            newLen[n] = len[s];
            newLink[n] = link[s] < 0 ? -1 : newId[link[s]];
            newFirstEnd[n] = firstEnd[s];
        }
        denseStates = (int) Math.min(size, Math.max(1, DENSE_LIMIT / classes));
        dense = new int[denseStates * classes];
        Arrays.fill(dense, -1);
        int[] oldOf = new int[size];
        for (int s = 0; s < size; s++) {
            oldOf[newId[s]] = s;
        }
        int sparse = size - denseStates;
        edgeStart = new int[sparse + 1];
        int edges = 0;
        for (int n = denseStates; n < size; n++) {
            int old = oldOf[n];
            edges += old < outgoingCount.length ? outgoingCount[old] : 0;
        }
        edgeClass = new short[edges];
        edgeTarget = new int[edges];
        int e = 0;
        for (int n = 0; n < size; n++) {
            int old = oldOf[n];
            int count = old < outgoingCount.length ? outgoingCount[old] : 0;
            if (n >= denseStates) {
                edgeStart[n - denseStates] = e;
            }
            int rowStart = e;
            for (int k = 0; k < count; k++) {
                char c = (char) outgoing[old][k];
                int target = newId[get(old, c)];
                int cc = classOf(c);
                if (n < denseStates) {
                    dense[n * classes + cc] = target;
                } else {
                    // insertion into the sorted row
                    int at = e++;
                    while (at > rowStart && edgeClass[at - 1] > cc) {
                        edgeClass[at] = edgeClass[at - 1];
                        edgeTarget[at] = edgeTarget[at - 1];
                        at--;
                    }
                    edgeClass[at] = (short) cc;
                    edgeTarget[at] = target;
                }
            }
        }
        edgeStart[sparse] = e;
        len = newLen;
        link = newLink;
        firstEnd = newFirstEnd;
        // the build-time tables are not needed any more
        keys = null;
        values = null;
        outgoing = null;
        outgoingCount = null;
    }

    /** The class of {@code c}: 0 if no pattern holds it. */
    private int classOf(char c) {
        if (c < 256) {
            return lowClass[c];
        }
        if (highChars.length == 0) {
            return 0;
        }
        int i = Arrays.binarySearch(highChars, c);
        return i >= 0 ? highClass[i] : 0;
    }

    /** The state reached from {@code state} on class {@code cls} (not 0), or -1. */
    private int step(int state, int cls) {
        if (state < denseStates) {
            return dense[state * classes + cls];
        }
        int row = state - denseStates;
        for (int e = edgeStart[row], end = edgeStart[row + 1]; e < end; e++) {
            int at = edgeClass[e];
            if (at >= cls) {
                return at == cls ? edgeTarget[e] : -1;
            }
        }
        return -1;
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

    /** The state reached from {@code state} on {@code c}, or -1 (once compiled). */
    int next(int state, char c) {
        int cls = classOf(c);
        return cls == 0 ? -1 : step(state, cls);
    }

    /** While building: the state reached from {@code state} on {@code c}, or -1. */
    private int get(int state, char c) {
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
        int n = text.length();
        byte[] bytes = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            CHARS.set(bytes, i << 1, text.charAt(i));
        }
        scan(bytes, 0, n, minPiece, false, sink);
    }

    /**
     * The same for the characters {@code [from, to)} of {@code text}, two bytes each, little-endian
     * (as {@link Fold#into} writes them); positions reported are counted from {@code from}.
     *
     * <p>When pieces are at least {@value #GRAM} + 2 long, the automaton reads only where they can
     * be. With step {@code k = minPiece - GRAM + 1}, a piece of {@code minPiece} characters holds
     * a whole stretch of {@value #GRAM} that starts at a multiple of {@code k}, and every such
     * stretch inside it is in a pattern. So the filter tests those stretches only; where a chain
     * of consecutive ones from {@code a} to {@code b} may be in a pattern, the automaton reads,
     * fresh, {@code [a - k + 1, b + k + GRAM - 1)}: no piece of that chain starts before it (the
     * stretch at {@code a - k} is in none) or goes on after it (the one at {@code b + k} is in
     * none), and no other chain's piece ends inside it. It reports exactly the pieces a reading of
     * the whole text reports, in the same order.
     */
    public void scan(byte[] text, int from, int to, int minPiece, PieceSink sink) {
        scan(text, from, to, minPiece, false, sink);
    }

    /**
     * The same for the shift-free form ({@link Fold#caesar}) of the simple fold held in {@code
     * simple} (as {@link Fold.Folded#simple} holds it), its characters {@code [from, to)}: each
     * computed from the two simple characters it comes from where it is read ({@link
     * Fold#shifted(byte[], int)}), so the form is never written out. {@code to} is at most the
     * simple fold's length minus one.
     */
    public void scanShiftFree(byte[] simple, int from, int to, int minPiece, PieceSink sink) {
        scan(simple, from, to, minPiece, true, sink);
    }

    /**
     * For a text of which more is to come: reads {@code text[from, to)} (as {@link
     * #scan(byte[], int, int, int, PieceSink)} would) up to a place after which the rest can be
     * read on its own, and returns where the rest starts; or reads nothing and returns {@code
     * from} if no such place is among the last {@code window} positions, or {@code minPiece} is
     * less than {@value #GRAM}. A reading of the whole text reports exactly what this reading and
     * then a reading of the text from the place returned report, in the same order.
     *
     * <p>The place is after a stretch of {@value #GRAM} characters at {@code c} that the filter
     * finds in no pattern ({@link #mayHold}); this reads {@code [from, c + GRAM - 1)}, the rest
     * starts at {@code c + 1}. A reading of the whole text, at {@code c + GRAM - 1}, holds a match
     * of fewer than {@code minPiece} characters (reported by neither) or one that holds {@code
     * text[c, c + GRAM - 1)} and cannot take the next character (it would hold the stretch), so
     * it reports it there, as the reading that ends there does. From {@code c + GRAM} on, its
     * match holds no stretch at {@code c} or before and so starts after {@code c}: it is the match
     * of a reading from {@code c + 1}, which reports nothing before (its matches are shorter than
     * {@value #GRAM}).
     */
    public int scanPrefix(byte[] text, int from, int to, int minPiece, int window, PieceSink sink) {
        return scanPrefix(text, from, to, minPiece, window, false, sink);
    }

    /**
     * {@link #scanPrefix} for the shift-free form of a simple fold ({@link #scanShiftFree}): {@code
     * to} is at most the length of the simple fold held so far minus one.
     */
    public int scanShiftFreePrefix(byte[] simple, int from, int to, int minPiece, int window, PieceSink sink) {
        return scanPrefix(simple, from, to, minPiece, window, true, sink);
    }

    private int scanPrefix(byte[] text, int from, int to, int minPiece, int window, boolean shiftFree, PieceSink sink) {
        if (minPiece < GRAM) {
            return from;
        }
        for (int c = to - GRAM, last = Math.max(from, to - GRAM - window); c >= last; c--) {
            if (!mayHold(text, c, shiftFree)) {
                scan(text, from, c + GRAM - 1, minPiece, shiftFree, sink);
                return c + 1;
            }
        }
        return from;
    }

    private void scan(byte[] text, int from, int to, int minPiece, boolean shiftFree, PieceSink sink) {
        int k = minPiece - GRAM + 1;
        if (k < 3 || to - from < minPiece) {
            read(text, from, to, from, minPiece, shiftFree, sink);
            return;
        }
        int p = from;
        while (p + GRAM <= to) {
            if (!mayHold(text, p, shiftFree)) {
                p += k;
                continue;
            }
            int b = p;
            while (b + k + GRAM <= to && mayHold(text, b + k, shiftFree)) {
                b += k;
            }
            int start = Math.max(from, p - k + 1);
            int end = (int) Math.min(to, (long) b + k + GRAM - 1);
            if (end - start >= minPiece && !read(text, start, end, from, minPiece, shiftFree, sink)) {
                return;
            }
            p = b + 2 * k; // the stretch at b + k is in no pattern
        }
    }

    /** Reads {@code [start, end)} from the root; positions counted from {@code origin}. False if stopped. */
    private boolean read(byte[] text, int start, int end, int origin, int minPiece, boolean shiftFree, PieceSink sink) {
        int state = 0;
        int length = 0;
        for (int i = start; i < end; i++) {
            int cls = classOf(shiftFree ? Fold.shifted(text, i) : (char) CHARS.get(text, i << 1));
            int next = cls == 0 ? -1 : state < denseStates ? dense[state * classes + cls] : step(state, cls);
            if (next < 0) {
                if (length >= minPiece && !report(state, length, i - origin, sink)) {
                    return false;
                }
                if (cls == 0) {
                    // in no pattern: every piece ends here
                    state = 0;
                    length = 0;
                    continue;
                }
                while (state > 0 && next < 0) {
                    state = link[state];
                    length = len[state];
                    next = step(state, cls);
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
        return length < minPiece || report(state, length, end - origin, sink);
    }

    /** True if no pattern has a character: nothing can ever match. */
    public boolean isEmpty() {
        return classes <= 1;
    }

    /** Where {@code piece} occurs first in the patterns, as {@code {pattern, start}}; null if nowhere. */
    public int[] find(CharSequence piece) {
        if (piece.length() == 0) {
            return null;
        }
        int state = 0;
        for (int i = 0; i < piece.length(); i++) {
            state = next(state, piece.charAt(i));
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
