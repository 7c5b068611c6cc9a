package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.guards.internal.Fold;
import dev.leash.guards.internal.SubstringIndex;
import dev.leash.guards.internal.Views;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the secrets and canaries of a {@link SecretRegistry} in text, however they are written,
 * whole or in pieces.
 *
 * <p><b>Normalised</b> before matching, text and secrets alike ({@link Fold}): NFKC with case
 * folding (full-width and compatibility forms), Unicode confusable skeletons (Cyrillic or Greek
 * look-alikes), case, and separators, punctuation and spaces dropped, so a secret with dots,
 * dashes or newlines inserted is still itself. Also reversed, and under any Caesar shift of its
 * letters (ROT13 and the other 24).
 *
 * <p><b>Decoded</b> ({@link Views}), up to {@value Views#MAX_DEPTH} layers: percent-encoding, HTML
 * character references, {@code \\u}/{@code \x}/octal escapes, quoted-printable, RFC 2047
 * encoded-words, hex, base64 and base64url (wrapped, with separators inserted, at any offset),
 * base32, Ascii85 and Z85, gzip/zlib/deflate inside base64, ROT13 before base64, interleaved
 * halves.
 *
 * <p><b>Pieces</b>: each scan also reports which characters of which secret the text holds:
 * every stretch of {@value #MIN_PIECE} or more folded characters of a secret anywhere in the
 * text; and, in texts of up to {@value #MAX_SHORT_TEXT} characters (a URL, a subject, a value),
 * every token (a value between URL, JSON or shell delimiters) of {@value #MIN_TOKEN_PIECE} to
 * {@value #MAX_SHORT_TOKEN} characters that is part of a secret of at least
 * {@value #MIN_SPLIT_SECRET} folded characters as written. A text whose long pieces together cover
 * a secret holds it ({@link Scan#complete}); the {@link LeakGuard} adds up all pieces, short
 * tokens included, over the calls of a run to one destination, and the long pieces over all
 * destinations of the run.
 *
 * <p>Cost: one substring automaton over all secrets (built once per set of secrets), read once
 * per view of the text: linear in the text and independent of the number of secrets. Each view
 * is folded in one pass into buffers the thread reuses ({@link Fold#into}), a long one a stretch
 * of {@value #STRETCH} characters at a time (so the buffers stay that size), and the automata
 * read only the spans where a bit table of the secrets' 4-character stretches says a piece of
 * {@value #MIN_PIECE} may be ({@link SubstringIndex#scan(byte[], int, int, int,
 * SubstringIndex.PieceSink)}); the shift-free view, where only whole forms count, is probed as
 * far apart as its shortest form allows, and skipped when no secret has one. What the
 * views of a text scanned by {@link #scan(String)} held is remembered on the thread, view by view,
 * for the index it was read with, so a later {@link #scan(List)} of the same view objects (the
 * leak guard's, after the audit record of the step was redacted) does not read them again; the
 * index is shared by the detectors of one registry and rebuilt on every registration.
 * Thread-safe; follows the registry live, so secrets added later are found too.
 */
public final class LeakDetector {

    /** Layers of encoding peeled off before giving up. */
    public static final int MAX_DEPTH = Views.MAX_DEPTH;
    /** Shortest stretch of a secret, in folded characters, counted as a piece anywhere in a text. */
    public static final int MIN_PIECE = 6;
    /** Shortest token counted as a piece when the whole token is part of a secret. */
    public static final int MIN_TOKEN_PIECE = 2;
    /** Longest token looked up as a short piece (longer ones are found by the automaton). */
    public static final int MAX_SHORT_TOKEN = 8;
    /** A short piece shared by more secrets than this is too common to track. */
    static final int MAX_SHARED = 64;
    /**
     * Short pieces are looked for only in texts up to this long (a URL, a subject, a value): in a
     * long text, two-letter words would cover any secret by chance.
     */
    public static final int MAX_SHORT_TEXT = 512;
    /**
     * Short tokens are tracked only for secrets of at least this many folded characters: on a
     * short secret (a six-digit code) ordinary numbers and words would complete it by chance.
     */
    public static final int MIN_SPLIT_SECRET = 12;

    /**
     * What ends a token: white space ({@code \\s}: space, tab, line feed, vertical tab, form feed,
     * carriage return) and {@code /?&=#"',;:{}[]()<>|\\}, as a mask over ASCII (the rest is part
     * of a token).
     */
    private static final long[] DELIMITERS = new long[2];

    static {
        for (char c : " \t\n\u000b\f\r/?&=#\"',;:{}[]()<>|\\".toCharArray()) {
            DELIMITERS[c >>> 6] |= 1L << c;
        }
    }

    /** How a piece was found in a view, in {@link Pieces}: appended to the view's {@code how}. */
    private static final int PLAIN = 0;
    private static final int REVERSED = 1;
    private static final int SHIFTED = 2;
    private static final int SHIFTED_REVERSED = 3;
    private static final int SHORT = 4;
    private static final String[] SUFFIX = {"", " > reversed", " > shifted", " > shifted, reversed", " > short pieces"};
    private static final int[] NONE = new int[0];

    /** The folds of one text, per thread: reused from one view (and one call) to the next. */
    private static final ThreadLocal<Fold.Folded> FOLDED = ThreadLocal.withInitial(Fold.Folded::new);
    /** What the views of the texts lately scanned on this thread held. */
    private static final ThreadLocal<Remembered> REMEMBERED = ThreadLocal.withInitial(Remembered::new);
    /** Buffers grown larger than this (characters) by a huge text are not kept. */
    private static final int MAX_KEPT_BUFFER = 1 << 17;
    /**
     * Characters of a long text folded at a time ({@link Index#scan(Views.View, Fold.Folded,
     * Pieces, Pieces)}); a text up to twice as long is folded whole.
     */
    static final int STRETCH = 1 << 14;

    /**
     * A secret found in text.
     *
     * @param secret the secret (its value must never be shown)
     * @param encoding how it was written, e.g. {@code plain}, {@code base64 > rot13}
     */
    public record Finding(Secret secret, String encoding) {
        public Finding {
            requireNonNull(secret, "secret is null");
            requireNonNull(encoding, "encoding is null");
        }
    }

    /** What one text holds of the secrets: whole ones, and pieces by secret. */
    public static final class Scan {
        private final Index index;
        private final Map<Integer, BitSet> covered = new HashMap<>();
        private final Map<Integer, BitSet> shortCovered = new HashMap<>();
        private final Map<Integer, String> how = new HashMap<>();
        private Finding whole;

        Scan(Index index) {
            this.index = index;
        }

        void cover(int secret, int from, int to, String how, int kind) {
            BitSet bits = covered.get(secret);
            if (bits == null) {
                bits = new BitSet();
                covered.put(secret, bits);
            }
            bits.set(from, to);
            if (!this.how.containsKey(secret)) {
                this.how.put(secret, how + SUFFIX[kind]);
            }
            if (whole == null && bits.cardinality() >= index.length(secret)) {
                whole = new Finding(index.secrets.get(secret), how + SUFFIX[kind]);
            }
        }

        /** A short token's piece: it counts across calls only, never toward {@link #complete()}. */
        void coverShort(int secret, int from, int to, String how) {
            shortCovered.computeIfAbsent(secret, k -> new BitSet()).set(from, to);
            if (!this.how.containsKey(secret)) {
                this.how.put(secret, how + SUFFIX[SHORT]);
            }
        }

        /** Adds the pieces one view holds ({@link Pieces}), written {@code how}. */
        void add(int[] pieces, int count, String how) {
            for (int e = 0; e < count; e += 4) {
                int kind = pieces[e + 3];
                if (kind == SHORT) {
                    coverShort(pieces[e], pieces[e + 1], pieces[e + 2], how);
                } else {
                    cover(pieces[e], pieces[e + 1], pieces[e + 2], how, kind);
                }
            }
        }

        /** The first secret this text holds in full (also from pieces inside it), or empty. */
        public Optional<Finding> complete() {
            return Optional.ofNullable(whole);
        }

        /**
         * The secrets of which this text holds pieces, by index, with the folded characters
         * covered: long pieces and short tokens together.
         */
        public Map<Integer, BitSet> pieces() {
            if (shortCovered.isEmpty()) {
                return covered;
            }
            Map<Integer, BitSet> all = new HashMap<>();
            covered.forEach((k, v) -> all.put(k, (BitSet) v.clone()));
            shortCovered.forEach((k, v) -> all.computeIfAbsent(k, x -> new BitSet()).or(v));
            return all;
        }

        /**
         * The secrets of which this text holds pieces of {@value #MIN_PIECE} or more folded
         * characters (a stretch of the secret, forward or reversed, or the whole of it), by index,
         * with the folded characters covered: {@link #pieces()} without the short tokens.
         * Unmodifiable.
         */
        public Map<Integer, BitSet> longPieces() {
            return java.util.Collections.unmodifiableMap(covered);
        }

        /** How the pieces of {@code secret} were written. */
        public String encoding(int secret) {
            return how.getOrDefault(secret, "plain");
        }

        /** The secret at {@code index}. */
        public Secret secret(int secret) {
            return index.secrets.get(secret);
        }

        /** Folded length of the secret at {@code index}: what must be covered. */
        public int length(int secret) {
            return index.length(secret);
        }
    }

    private final SecretRegistry registry;
    private volatile Index index = new Index(List.of(), -1);

    @Inject
    public LeakDetector(SecretRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public SecretRegistry registry() {
        return registry;
    }

    /** The first secret found in {@code text}, canaries first, or empty. */
    public Optional<Finding> find(String text) {
        if (text == null || text.isEmpty() || registry.isEmpty()) {
            return Optional.empty();
        }
        return scan(text).complete();
    }

    /** True if any secret or canary is in {@code text}. */
    public boolean containsSecret(String text) {
        return find(text).isPresent();
    }

    /**
     * Everything {@code text} holds of the secrets, whole or in pieces, in any view of it. What
     * each view holds is remembered on this thread ({@link Remembered}) with the secrets it was
     * read for, so that a caller that then scans the same views (the leak guard, after the audit
     * record of the step was redacted) does not read them again.
     */
    public Scan scan(String text) {
        return scan(dev.leash.guards.internal.ViewMemo.of(text), true);
    }

    /**
     * The same for views already decoded (decode once, share among guards). A view that this
     * thread read lately through {@link #scan(String)}, for the same secrets, is not read again:
     * what it held is added as it was found.
     */
    public Scan scan(List<Views.View> views) {
        return scan(views, false);
    }

    private Scan scan(List<Views.View> views, boolean remember) {
        Index idx = current();
        Scan scan = new Scan(idx);
        if (idx.secrets.isEmpty() || views.isEmpty()) {
            return scan;
        }
        Remembered memo = REMEMBERED.get();
        Remembered.Slot slot = remember ? memo.open(views, idx) : null;
        Pieces pieces = memo.pieces;
        Fold.Folded folded = null;
        for (Views.View view : views) {
            int[] known = memo.find(view, idx);
            if (known != null) {
                scan.add(known, known.length, view.how());
            } else {
                if (folded == null) {
                    folded = FOLDED.get();
                }
                pieces.count = 0;
                idx.scan(view, folded, pieces, memo.shifted);
                memo.read++;
                scan.add(pieces.at, pieces.count, view.how());
                if (slot != null) {
                    slot.put(view, pieces.count == 0 ? NONE : Arrays.copyOf(pieces.at, pieces.count));
                }
            }
            if (scan.whole != null && scan.whole.secret().isCanary()) {
                break;
            }
        }
        if (!remember) {
            memo.handedOver();
        }
        memo.trim();
        if (pieces.at.length > MAX_KEPT_BUFFER) {
            memo.pieces = new Pieces();
        }
        if (memo.shifted.at.length > MAX_KEPT_BUFFER) {
            memo.shifted = new Pieces();
        }
        if (folded != null && folded.capacity() > MAX_KEPT_BUFFER) {
            FOLDED.remove(); // a huge text: do not keep its buffers
        }
        return scan;
    }

    /** How many views this thread has read (not taken from {@link Remembered}): for tests. */
    static long viewsRead() {
        return REMEMBERED.get().read;
    }

    private Index current() {
        Index idx = index;
        int generation = registry.generation();
        if (idx.generation == generation) {
            return idx;
        }
        Object shared = registry.leakIndex;
        if (shared instanceof Index s && s.generation == generation) {
            index = s;
            return s;
        }
        SecretRegistry.Generation now = registry.snapshot();
        // Canaries first, so a text holding both is reported as a canary.
        List<Secret> ordered = new ArrayList<>();
        now.secrets().stream().filter(Secret::isCanary).forEach(ordered::add);
        now.secrets().stream().filter(s -> !s.isCanary()).forEach(ordered::add);
        idx = new Index(ordered, now.number());
        registry.leakIndex = idx; // a racing build of another generation is rebuilt by the next reader
        index = idx;
        return idx;
    }

    /** What one view holds: 4 ints a piece (secret, from, to, kind), in the order found. */
    static final class Pieces {
        int[] at = new int[64];
        int count;

        void addAll(Pieces more) {
            if (count + more.count > at.length) {
                at = Arrays.copyOf(at, Math.max(at.length * 2, count + more.count));
            }
            System.arraycopy(more.at, 0, at, count, more.count);
            count += more.count;
        }

        void add(int secret, int from, int to, int kind) {
            if (count + 4 > at.length) {
                at = Arrays.copyOf(at, at.length * 2);
            }
            at[count] = secret;
            at[count + 1] = from;
            at[count + 2] = to;
            at[count + 3] = kind;
            count += 4;
        }
    }

    /**
     * What the views of the last few texts scanned on this thread ({@link #scan(String)}) held,
     * view by view, for the index they were read with. A view is found by identity (views are
     * immutable: the same object is the same text, written the same way), and only for the very
     * same {@link Index} (the same secrets and canaries, in the same order): a secret registered
     * since gives another index, and the views are read again. So an answer taken from here is
     * the one a reading would give. Bounded as {@link dev.leash.guards.internal.ViewMemo} is: at
     * most {@value #SLOTS} texts, at most {@value #MAX_CHARS} characters of views but for the
     * newest text, and a text whose views exceed that is handed over once (to the next scan of a
     * list of views) and then forgotten. Per thread; not thread-safe.
     */
    static final class Remembered {
        static final int SLOTS = 4;
        static final int MAX_CHARS = 1 << 16;

        /** The views of one text and what each held. */
        static final class Slot {
            final List<Views.View> views;
            final Index index;
            final java.util.IdentityHashMap<Views.View, int[]> held = new java.util.IdentityHashMap<>();
            long chars;
            boolean used;

            Slot(List<Views.View> views, Index index) {
                this.views = views;
                this.index = index;
            }

            void put(Views.View view, int[] pieces) {
                if (held.put(view, pieces) == null) {
                    chars += view.text().length();
                }
            }
        }

        private final Slot[] slots = new Slot[SLOTS]; // most recent first
        private int size;
        Pieces pieces = new Pieces();
        Pieces shifted = new Pieces(); // the shift-free form's pieces of the view being read
        long read;

        /** The slot for a scan of {@code views} that remembers what they hold. */
        Slot open(List<Views.View> views, Index index) {
            for (int i = 0; i < size; i++) {
                if (slots[i].views == views && slots[i].index == index) {
                    return slots[i]; // the same text again: its views are known
                }
            }
            Slot slot = new Slot(views, index);
            if (size == SLOTS) {
                size--;
            }
            System.arraycopy(slots, 0, slots, 1, size);
            slots[0] = slot;
            size++;
            for (int i = size - 1; i >= 0; i--) {
                if (slots[i].index != index) {
                    remove(i); // read for other secrets: never of use again
                }
            }
            return slot;
        }

        /** What {@code view} held when read with {@code index}, or null if it was not. */
        int[] find(Views.View view, Index index) {
            for (int i = 0; i < size; i++) {
                Slot slot = slots[i];
                if (slot.index == index) {
                    int[] known = slot.held.get(view);
                    if (known != null) {
                        slot.used = true;
                        return known;
                    }
                }
            }
            return null;
        }

        /**
         * After a scan of a list of views: a text too big to keep that lent its views is
         * forgotten.
         */
        void handedOver() {
            for (int i = 0; i < size; i++) {
                if (slots[i].chars > MAX_CHARS && slots[i].used) {
                    remove(i--);
                }
            }
        }

        /** Keeps the slots to {@value #MAX_CHARS} characters of views, the newest whatever its size. */
        void trim() {
            long chars = size > 0 ? slots[0].chars : 0;
            for (int i = 1; i < size; i++) {
                if (chars + slots[i].chars > MAX_CHARS) {
                    remove(i--);
                } else {
                    chars += slots[i].chars;
                }
            }
        }

        private void remove(int i) {
            System.arraycopy(slots, i + 1, slots, i, size - i - 1);
            slots[--size] = null;
        }
    }

    /** The automata over one set of secrets. Immutable. */
    static final class Index {
        final List<Secret> secrets;
        final int generation; // of the registry, when the secrets were read
        final int[] folded; // folded length of each secret
        final SubstringIndex skeleton; // patterns 2i (forward), 2i+1 (reversed)
        final SubstringIndex caesar; // the same in shift-free form; whole matches only
        final boolean shiftable; // some secret has a shift-free form: the caesar view is worth reading
        /**
         * The shortest piece the caesar view is read for: its shortest non-empty pattern (at least
         * {@link Secret#MIN_LENGTH}). Only whole patterns count there, and the pieces a reading
         * reports for a longer minimum are exactly those it reports for a shorter one that are at
         * least that long; a longer minimum lets the reading skip further between its probes.
         */
        final int shiftPiece;
        final Map<Long, int[]> shortPieces; // hash of a raw lower-case piece -> (secret, raw start) pairs
        final int[][] rawToFolded; // per secret: folded index of each raw character, -1 if dropped
        final String[] raw;

        Index(List<Secret> secrets, int generation) {
            this.secrets = List.copyOf(secrets);
            this.generation = generation;
            int n = secrets.size();
            folded = new int[n];
            raw = new String[n];
            rawToFolded = new int[n][];
            List<String> forms = new ArrayList<>(2 * n);
            List<String> shifts = new ArrayList<>(2 * n);
            shortPieces = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String value = secrets.get(i).value();
                String f = Fold.skeleton(value);
                if (f.length() < Secret.MIN_LENGTH) {
                    f = value.toLowerCase(Locale.ROOT); // mostly punctuation: matched as written
                }
                folded[i] = f.length();
                forms.add(f);
                forms.add(new StringBuilder(f).reverse().toString());
                String simple = Fold.simple(value);
                boolean shiftable = simple.chars().filter(c -> c >= 'a' && c <= 'z').count() >= Secret.MIN_LENGTH;
                shifts.add(shiftable ? Fold.caesar(simple) : "");
                shifts.add(shiftable ? Fold.caesar(new StringBuilder(simple).reverse().toString()) : "");
                raw[i] = value.toLowerCase(Locale.ROOT);
                rawToFolded[i] = lowerCaseMap(value, raw[i], mapRaw(value, f));
                for (int len = MIN_TOKEN_PIECE; len <= MAX_SHORT_TOKEN; len++) {
                    for (int s = 0; s + len <= raw[i].length(); s++) {
                        long piece = hash(raw[i], s, s + len);
                        int[] known = shortPieces.get(piece);
                        if (known == null) {
                            shortPieces.put(piece, new int[] {i, s});
                        } else if (known.length < 2 * MAX_SHARED) {
                            int[] grown = java.util.Arrays.copyOf(known, known.length + 2);
                            grown[known.length] = i;
                            grown[known.length + 1] = s;
                            shortPieces.put(piece, grown);
                        }
                    }
                }
            }
            skeleton = new SubstringIndex(forms);
            caesar = new SubstringIndex(shifts);
            shiftable = !caesar.isEmpty();
            int shortest = Integer.MAX_VALUE;
            for (String shift : shifts) {
                if (!shift.isEmpty()) {
                    shortest = Math.min(shortest, shift.length());
                }
            }
            shiftPiece = shortest == Integer.MAX_VALUE ? Secret.MIN_LENGTH : Math.max(Secret.MIN_LENGTH, shortest);
        }

        int length(int secret) {
            return folded[secret];
        }

        private static long hash(String s, int from, int to) {
            long h = 1125899906842597L;
            for (int i = from; i < to; i++) {
                h = 31 * h + s.charAt(i);
            }
            return h * 0x9E3779B97F4A7C15L + (to - from);
        }

        /**
         * Where each raw character of {@code value} lands in its fold: folded index shifted left 8
         * bits, or'ed with how many folded characters it became; -1 where the fold drops it.
         */
        private static int[] mapRaw(String value, String folded) {
            int[] map = new int[value.length()];
            int at = 0;
            for (int i = 0; i < value.length(); i++) {
                String one = Fold.skeleton(value.substring(i, i + 1));
                if (one.isEmpty() || at >= folded.length()) {
                    map[i] = -1;
                } else {
                    map[i] = at << 8 | Math.min(one.length(), 255);
                    at += one.length();
                }
            }
            return map;
        }

        /**
         * {@code map} (by character of {@code value}) by character of its lower case {@code raw}.
         * Lower-casing may make a value longer (a dotted capital I becomes an i and a combining dot):
         * then each character of the lower case takes the entry of the character it came from.
         */
        private static int[] lowerCaseMap(String value, String raw, int[] map) {
            if (raw.length() == value.length()) {
                return map;
            }
            int[] out = new int[raw.length()];
            java.util.Arrays.fill(out, -1);
            int at = 0;
            for (int i = 0; i < value.length() && at < out.length; i++) {
                int n = String.valueOf(value.charAt(i)).toLowerCase(Locale.ROOT).length();
                for (int k = 0; k < n && at < out.length; k++) {
                    out[at++] = map[i];
                }
            }
            return out;
        }

        /**
         * Reads one view: its skeleton, its shift-free form, and its short tokens if short; adds
         * the pieces found to {@code pieces}, in that order ({@code shifted} holds the shift-free
         * form's pieces meanwhile). A text longer than {@code 2 *} {@value #STRETCH} characters is
         * folded and read a stretch at a time, each fold read up to a place after which the rest
         * reads on its own ({@link SubstringIndex#scanPrefix}) and dropped up to there: the same
         * pieces in the same order, from buffers the size of a stretch instead of the text.
         */
        void scan(Views.View view, Fold.Folded folded, Pieces pieces, Pieces shifted) {
            String text = view.text();
            int n = text.length();
            shifted.count = 0;
            if (n <= 2 * STRETCH) {
                Fold.into(text, folded, shiftable);
            } else {
                folded.clear();
                for (int from = 0; from < n; ) {
                    from = Fold.append(text, from, n - from <= 2 * STRETCH ? n : from + STRETCH, folded, shiftable);
                    if (from < n) {
                        int skeletonRest = skeleton.scanPrefix(folded.skeleton(), 0, folded.skeletonLength(), MIN_PIECE,
                                STRETCH, (pattern, start, end, textEnd) -> skeletonPiece(pattern, start, end, pieces));
                        int simpleRest = !shiftable ? 0 : caesar.scanShiftFreePrefix(folded.simple(), 0,
                                folded.shiftedLength(), shiftPiece, STRETCH,
                                (pattern, start, end, textEnd) -> shiftedPiece(pattern, start, end, shifted));
                        folded.drop(skeletonRest, simpleRest);
                    }
                }
            }
            if (folded.skeletonLength() >= MIN_PIECE) {
                skeleton.scan(folded.skeleton(), 0, folded.skeletonLength(), MIN_PIECE,
                        (pattern, start, end, textEnd) -> skeletonPiece(pattern, start, end, pieces));
            }
            if (shiftable && folded.shiftedLength() >= shiftPiece) {
                caesar.scanShiftFree(folded.simple(), 0, folded.shiftedLength(), shiftPiece,
                        (pattern, start, end, textEnd) -> shiftedPiece(pattern, start, end, shifted));
            }
            pieces.addAll(shifted);
            if (text.length() <= MAX_SHORT_TEXT) {
                shortTokens(text, pieces);
            }
        }

        /** A piece of the skeleton: pattern {@code 2i} is secret {@code i} forward, {@code 2i + 1} reversed. */
        private boolean skeletonPiece(int pattern, int start, int end, Pieces pieces) {
            int secret = pattern / 2;
            if (pattern % 2 == 0) {
                pieces.add(secret, start, end, PLAIN);
            } else {
                int len = this.folded[secret];
                pieces.add(secret, len - end, len - start, REVERSED);
            }
            return true;
        }

        /** A piece of the shift-free form: only a whole form counts, as the whole secret. */
        private boolean shiftedPiece(int pattern, int start, int end, Pieces pieces) {
            if (start == 0 && end == caesar.patternLength(pattern) && end > 0) {
                int secret = pattern / 2;
                pieces.add(secret, 0, this.folded[secret], pattern % 2 == 0 ? SHIFTED : SHIFTED_REVERSED);
            }
            return true;
        }

        private void shortTokens(String text, Pieces pieces) {
            int n = text.length();
            int i = 0;
            while (i < n) {
                while (i < n && delimits(text.charAt(i))) {
                    i++;
                }
                int from = i;
                while (i < n && !delimits(text.charAt(i))) {
                    i++;
                }
                int len = i - from;
                if (len >= MIN_TOKEN_PIECE && len <= MAX_SHORT_TOKEN) {
                    shortToken(text, from, i, pieces);
                }
            }
        }

        private static boolean delimits(char c) {
            return c < 128 && (DELIMITERS[c >>> 6] & 1L << c) != 0;
        }

        /** The token {@code text[from, to)}: where it is part of a secret, a short piece. */
        private void shortToken(String text, int from, int to, Pieces pieces) {
            int len = to - from;
            // the hash of the lower-cased token, without a string when it is ASCII
            long h = 1125899906842597L;
            boolean ascii = true;
            for (int i = from; i < to && ascii; i++) {
                char c = text.charAt(i);
                ascii = c < 128;
                h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            String token = null;
            if (ascii) {
                h = h * 0x9E3779B97F4A7C15L + len;
            } else {
                token = text.substring(from, to).toLowerCase(Locale.ROOT);
                h = hash(token, 0, token.length());
            }
            int[] at = shortPieces.get(h);
            if (at == null) {
                return;
            }
            if (token == null) {
                token = text.substring(from, to).toLowerCase(Locale.ROOT);
            }
            for (int k = 0; k < at.length; k += 2) {
                int secret = at[k];
                if (folded[secret] < MIN_SPLIT_SECRET) {
                    continue;
                }
                int start = at[k + 1];
                // every occurrence of the piece in that secret
                if (!raw[secret].startsWith(token, start)) {
                    continue; // a hash collision
                }
                int[] map = rawToFolded[secret];
                for (int s = start; s >= 0; s = raw[secret].indexOf(token, s + 1)) {
                    for (int r = s; r < s + token.length() && r < map.length; r++) {
                        int fi = map[r];
                        if (fi >= 0) {
                            int f = fi >>> 8;
                            pieces.add(secret, f, Math.min(folded[secret], f + (fi & 0xFF)), SHORT);
                        }
                    }
                }
            }
        }
    }
}
