package dev.leash.guards.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.BCodec;
import org.apache.commons.codec.net.QCodec;

/**
 * Every way an outbound text may carry content, decoded: the text itself and what its encoded
 * parts decode to, layer on layer up to a bounded depth. Decodings: percent-encoding, HTML
 * character references (decimal, hex and the common named ones), backslash escapes ({@code \\u},
 * {@code \x}, octal, JSON's {@code \/}), quoted-printable, RFC 2047 encoded-words, Unicode tag
 * characters and runs of variation selectors (invisible text), {@code U+0073} notation, hex runs,
 * character codes (runs of decimal or octal numbers, {@code 115, 107, 45}, and of binary octets),
 * base64 and base64url (wrapped, with separators inserted, at every alignment), UTF-16 inside
 * base64 and hex, base32, Ascii85
 * and Z85, gzip, zlib and raw deflate inside base64, ROT13 before base64, and interleaved halves
 * of a token.
 *
 * <p>Work is bounded: a decoding is tried only where its marks are present, decoded bytes that
 * are not text are dropped, a text already seen is not decoded again, and the total decoded
 * length is capped at {@value #BUDGET_FACTOR} times the input plus {@value #BUDGET_BASE}
 * characters (what is left undecoded past the cap is named in docs/guards.md); interleaving is
 * undone once, on tokens of up to 256 characters. Stateless and
 * thread-safe.
 */
public final class Views {

    /** Layers of encoding peeled off. */
    public static final int MAX_DEPTH = 3;
    static final int BUDGET_FACTOR = 4;
    static final int BUDGET_BASE = 1 << 16;
    /** Decoded text shorter than this cannot hold a piece worth tracking. */
    static final int MIN_PIECE = 6;
    private static final int MAX_INFLATE = 1 << 20;
    private static final int CHUNK = 4096;

    /**
     * One view of a text.
     *
     * @param text the decoded text
     * @param how the decodings applied, outermost first ({@code plain} for the text itself)
     */
    public record View(String text, String how) {
    }

    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{12,}");
    private static final Pattern HEX_PREFIXES = Pattern.compile("\\\\x|0x|%|&#x|\\\\u00");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[A-Za-z0-9_.:-]+\\?[BbQq]\\?[^?\\s]*\\?=");
    private static final Pattern ASCII85_WRAPPED = Pattern.compile("<~([!-u\\sz]+)~>");
    private static final String Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static final int[] BASE64 = new int[128];
    private static final int[] Z85_VALUE = new int[128];
    /** The value of each character's ROT13 in the base64 alphabet. */
    private static final int[] BASE64_ROT13 = new int[128];

    static {
        java.util.Arrays.fill(BASE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = i;
        }
        BASE64['-'] = 62;
        BASE64['_'] = 63;
        for (int c = 0; c < 128; c++) {
            int r = c >= 'a' && c <= 'z' ? 'a' + (c - 'a' + 13) % 26 : c >= 'A' && c <= 'Z' ? 'A' + (c - 'A' + 13) % 26 : c;
            BASE64_ROT13[c] = BASE64[r];
        }
        java.util.Arrays.fill(Z85_VALUE, -1);
        for (int i = 0; i < Z85.length(); i++) {
            Z85_VALUE[Z85.charAt(i)] = i;
        }
    }

    private Views() {
    }

    /**
     * The buffers of {@link Alphabet}, {@link Decoded} and {@link #strippedPieces} for texts of
     * up to {@value #MOST} characters, kept per thread and reused from text to text: allocating
     * and zeroing them anew cost a text of prose more than some of the passes that fill them.
     * Each is written before it is read, up to the length the text's decoding reads; what lies
     * past that, left from an earlier text, is never read as this text's: the runs end at
     * {@code joinedLength}, every byte of an alignment lies before the stream's last bit, a
     * pair reaching past it is cleared, and the candidates' weights are counted only up to the
     * alignment's last byte. One decoding at a time runs on a thread (a text's views are decoded
     * one after the other, and a text with a backslash decodes its ROT13 after itself), so no
     * two use the buffers at once. Cost: about six times {@value #MOST} bytes kept per thread
     * that decodes.
     */
    static final class Scratch {
        /** Characters up to which a text's buffers are reused. */
        static final int MOST = 1 << 13;
        private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        final byte[] joined = new byte[MOST];
        final byte[] stripped = new byte[MOST];
        final byte[] plain = new byte[MOST * 3 / 4 + 24];
        final byte[] rotated = new byte[MOST * 3 / 4 + 24];
        final byte[] shifted = new byte[MOST * 3 / 4 + 24];
        final long[] joins = new long[(6 * MOST + 63 >> 6) + 1];
        final long[] weights = new long[(6 * MOST + 63 >> 6) + 1];

        /** The thread's buffers if a text of {@code n} characters fits them; null if not. */
        static Scratch of(int n) {
            return n <= MOST ? SCRATCH.get() : null;
        }
    }

    /** A growable byte buffer without the locking of {@code ByteArrayOutputStream}. */
    static final class Bytes {
        private byte[] data;
        private int size;

        Bytes(int capacity) {
            data = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = (byte) b;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(data, size);
        }

        String utf8() {
            return new String(data, 0, size, StandardCharsets.UTF_8);
        }
    }

    /**
     * The text and its decodings, up to {@link #MAX_DEPTH} layers, breadth first. The list of
     * views is the queue itself (a view is decoded when reached, its decodings appended), and a
     * decoding is checked against the texts already queued one by one while they are few, as
     * almost every text has one or two views: a hash set, and hashing the whole text, pay off
     * only from {@value #SEEN_BY_SCAN} views on.
     *
     * <p>The budget bounds what is added, never what was: a view once queued is read whatever
     * comes after it. When the new decodings of a view do not all fit the budget left, the
     * shortest of them that fit are kept (in their order) and the rest dropped, and decoding goes
     * on: so copies of a long text that change a few characters of it (its {@code U+} notation,
     * quoted-printable or escapes undone) and the noise of its interleaving cannot crowd out the
     * short decodings beside them, such as a base64 line inside a long attachment.
     *
     * <p>The text with its backslash escapes undone is not a layer: it is the text as the JSON or
     * the source code it is written in holds it (a call's arguments as JSON hold every text
     * argument so), and its decodings go as deep as those of the text. So an argument read in the
     * arguments' JSON is read as deep as on its own. When that copy is read whole (it is short,
     * or differs from the text in too many places to be cut to its changed parts: a letter's line
     * breaks, an attachment's), it is decoded in the text's place, and what it decodes to is named
     * as the text's decodings would be: the text's own decodings would differ from it only where
     * the escapes stand, and there they read the escapes' letters ({@code n} of {@code \n}) as
     * part of the content, which no reader of the text does. The text itself is still read as the
     * first view.
     *
     * <p>A decoding of bytes (and a copy of one) is its pieces of text; when it looks like another
     * layer, only the pieces that do are decoded again ({@link #encodedPieces}), each read as a
     * whole view all the same.
     */
    public static List<View> of(String text) {
        List<View> views = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return views;
        }
        long budget = (long) BUDGET_FACTOR * text.length() + BUDGET_BASE;
        // the texts decoded so far: those queued, and the long copies cut to their changed parts
        // (whose parts are queued instead); looked for one by one while they are few
        Set<String> seen = null;
        List<String> known = new ArrayList<>();
        known.add(text);
        int[] depths = new int[8];
        views.add(new View(text, "plain"));
        List<View> decoded = new ArrayList<>();
        List<View> fresh = new ArrayList<>();
        List<String> freshText = new ArrayList<>();
        String standIn = null; // the text's escapes undone, when it is read whole in the text's place
        for (int k = 0; k < views.size(); k++) {
            View view = views.get(k);
            int depth = depths[k];
            if (depth >= MAX_DEPTH) {
                continue;
            }
            if (view.how().endsWith("interleaved")) {
                continue; // read, never decoded further: de-interleaving makes noise of anything else
            }
            decoded.clear();
            // decoded bytes are pieces: only those that look like another layer are peeled further
            String source = k > 0 && readsBytes(view.how()) ? encodedPieces(view.text()) : view.text();
            if (source == null) {
                continue;
            }
            String copy = k == 0 ? escapesUndone(source) : null;
            String copyParts = copy == null || copy.length() < LONG_COPY ? null : changedParts(source, copy);
            if (copy != null && copyParts == null) {
                // the text as its JSON holds it, read whole in its place (see above)
                standIn = copy;
                decoded.add(new View(copy, "escapes"));
            } else {
                decodeOnce(source, decoded, !view.how().contains("interleaved"), copy);
            }
            fresh.clear();
            freshText.clear();
            long total = 0;
            for (View d : decoded) {
                String t = d.text();
                if (t.length() < MIN_PIECE) {
                    continue;
                }
                if (seen == null && known.size() + freshText.size() >= SEEN_BY_SCAN) {
                    seen = new HashSet<>(known);
                    seen.addAll(freshText);
                    known = null;
                }
                // seen holds the fresh decodings too; those dropped for the budget are taken out below
                if (seen != null ? !seen.add(t) : known.contains(t) || freshText.contains(t)) {
                    continue;
                }
                freshText.add(t);
                if (t.length() >= LONG_COPY && COPIES.contains(d.how()) && t != standIn) {
                    String parts = t == copy ? copyParts : changedParts(source, t);
                    if (parts != null) {
                        d = new View(parts, d.how()); // what the copy has that its source has not
                    }
                }
                fresh.add(d);
                total += d.text().length();
            }
            boolean[] kept = total <= budget ? null : shortestThatFit(fresh, budget);
            for (int i = 0; i < fresh.size(); i++) {
                View d = fresh.get(i);
                if (kept != null && !kept[i]) {
                    if (seen != null) {
                        seen.remove(freshText.get(i)); // may still be decoded from another view
                    }
                    continue;
                }
                budget -= d.text().length();
                if (known != null) {
                    known.add(freshText.get(i));
                }
                // what the text read in the text's place decodes to is named as the text's decodings
                String how = "plain".equals(view.how()) || view.text() == standIn && !d.how().equals("escapes") ? d.how()
                        : view.how() + " > " + d.how();
                // Decoded noise is read once, never decoded again: only a decoding that looks like
                // another layer of encoding is peeled further.
                if (views.size() == depths.length) {
                    depths = java.util.Arrays.copyOf(depths, depths.length * 2);
                }
                depths[views.size()] = k == 0 && d.how().equals("escapes") ? 0 // how the text is written: see below
                        : !binary(d.how()) || mayBeEncoded(d.text()) ? depth + 1 : MAX_DEPTH;
                views.add(d.how().equals(how) ? d : new View(d.text(), how));
            }
        }
        return views;
    }

    /**
     * Which of {@code views} to keep within {@code budget} characters: the shortest first, as
     * long as they fit (of equal lengths, the earlier).
     */
    static boolean[] shortestThatFit(List<View> views, long budget) {
        Integer[] order = new Integer[views.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer i) -> views.get(i).text().length()));
        boolean[] kept = new boolean[order.length];
        long left = budget;
        for (int i : order) {
            int length = views.get(i).text().length();
            if (length > left) {
                break;
            }
            kept[i] = true;
            left -= length;
        }
        return kept;
    }

    /**
     * The decodings that copy the text, undoing marked sequences in place ({@code %41},
     * {@code &amp;}, {@code \\t}, {@code =41}, {@code =?..?=}, {@code U+0041}); the others yield
     * what they find (decoded runs, hidden text, interleaved halves).
     */
    static final Set<String> COPIES = Set.of("url-encoded", "html-entities", "escapes", "quoted-printable", "rfc2047",
            "U+ code points");
    /** Characters kept on either side of each change when a long copy is cut to its changed parts. */
    static final int COPY_CONTEXT = 512;
    /** The length from which a decoding that undoes marked sequences is cut to its changed parts. */
    static final int LONG_COPY = 8 * COPY_CONTEXT;
    /** Characters of the source searched for the copy to go on, after a change. */
    private static final int RESYNC_REACH = 64;
    /** Characters of the copy that must match the source for it to go on there. */
    private static final int RESYNC_MATCH = 8;

    /**
     * The parts of {@code copy}, a decoding of {@code source} that undoes marked sequences in it
     * ({@code U+0041}, {@code %41}, {@code =41}, {@code &amp;}, an escape), that differ from the
     * source, with {@value #COPY_CONTEXT} characters on either side, joined by {@code \u0000}
     * (overlapping parts joined into one); null when they would hold more than half of the copy.
     * A long text with a few such sequences would otherwise yield copies of itself as long as
     * itself, each read and decoded again in full for what differs in a few places.
     *
     * <p>The copy is read against the source character by character; where they differ, the copy
     * is changed up to the first place from which {@value #RESYNC_MATCH} characters of it stand in
     * the source within {@value #RESYNC_REACH} characters of where it differed, and reading goes on
     * there. However that place is chosen, every stretch of the copy outside the changed parts is
     * checked equal to a stretch of the source, so any text of up to {@value #COPY_CONTEXT}
     * characters in the copy is in the parts kept or in the source itself, which is read anyway.
     * What is left out: a run longer than that which a change makes decodable differently far
     * from the change (named in docs/guards.md).
     */
    static String changedParts(String source, String copy) {
        int n = copy.length();
        int m = source.length();
        int[] at = new int[16];
        int size = 0;
        long covered = 0;
        int windowFrom = -1;
        int windowTo = -1;
        int i = 0;
        int j = 0;
        while (j < n) {
            if (i < m && source.charAt(i) == copy.charAt(j)) {
                i++;
                j++;
                continue;
            }
            int start = j;
            j++;
            while (j < n) {
                int found = within(source, i, Math.min(m, i + RESYNC_REACH + RESYNC_MATCH), copy, j, Math.min(n, j + RESYNC_MATCH));
                if (found >= 0) {
                    i = found;
                    break;
                }
                j++;
                if (2 * (covered + j - start) > n) {
                    return null; // changed through and through: not worth reading on
                }
            }
            int from = Math.max(0, start - COPY_CONTEXT);
            int to = Math.min(n, j + COPY_CONTEXT);
            if (windowTo >= 0 && from <= windowTo) {
                windowTo = to; // overlaps the window before: one part
                if (2 * (covered + windowTo - windowFrom) > n) {
                    return null;
                }
                continue;
            }
            if (windowTo >= 0) {
                covered += windowTo - windowFrom;
                if (size + 2 > at.length) {
                    at = java.util.Arrays.copyOf(at, at.length * 2);
                }
                at[size++] = windowFrom;
                at[size++] = windowTo;
            }
            windowFrom = from;
            windowTo = to;
            if (2 * (covered + windowTo - windowFrom) > n) {
                return null;
            }
        }
        if (windowTo < 0) {
            return null; // the same text: left to the check against the texts already queued
        }
        covered += windowTo - windowFrom;
        if (2 * covered > n) {
            return null;
        }
        StringBuilder parts = new StringBuilder((int) covered + size / 2 + 1);
        for (int k = 0; k < size; k += 2) {
            parts.append(copy, at[k], at[k + 1]).append('\u0000');
        }
        return parts.append(copy, windowFrom, windowTo).toString();
    }

    /**
     * Where in {@code text [from, to)} the characters {@code pattern [pFrom, pTo)} start; -1 if
     * nowhere.
     */
    private static int within(String text, int from, int to, String pattern, int pFrom, int pTo) {
        int length = pTo - pFrom;
        char first = pattern.charAt(pFrom);
        for (int a = from; a + length <= to; a++) {
            if (text.charAt(a) != first) {
                continue;
            }
            int k = 1;
            while (k < length && text.charAt(a + k) == pattern.charAt(pFrom + k)) {
                k++;
            }
            if (k == length) {
                return a;
            }
        }
        return -1;
    }

    /**
     * The pieces of {@code text} (a decoding of bytes, or a copy of one: its pieces joined by
     * {@code \u0000}) that may hold another layer, as {@link #mayBeEncoded} finds it of each
     * piece (or that hold Ascii85's {@code <~}), joined the same way; {@code text} itself if all
     * do, null if none does. Decoded noise (a megabyte of random bytes yields some seventy
     * thousand characters of pieces) nearly always has a piece or two that look encoded, and
     * decoding the whole of it again for those, every decoder, cost as much as decoding the
     * attachment itself.
     */
    static String encodedPieces(String text) {
        StringBuilder kept = null;
        int n = text.length();
        int keptAll = 0;
        int pieces = 0;
        for (int from = 0; from <= n; ) {
            int end = text.indexOf('\u0000', from);
            if (end < 0) {
                end = n;
            }
            String piece = text.substring(from, end);
            pieces++;
            if (mayBeEncoded(piece) || piece.contains("<~")) {
                keptAll++;
                if (kept == null) {
                    kept = new StringBuilder();
                } else {
                    kept.append('\u0000');
                }
                kept.append(piece);
            }
            from = end + 1;
        }
        return kept == null ? null : keptAll == pieces ? text : kept.toString();
    }

    /** Views up to which a decoding is looked for among the queued texts one by one. */
    private static final int SEEN_BY_SCAN = 16;

    /**
     * Whether a decoded text may hold another layer: a stretch of 8 or more characters of which
     * at least 90% are letters, digits or the marks encodings use ({@code + / = _ - % & # ; \\ .}),
     * or character codes ({@link #charCodes}).
     * The noise that decoding ordinary text yields rarely has one.
     */
    static boolean mayBeEncoded(String text) {
        int run = 0;
        int good = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\u0000';
            if (c == '\u0000' || c == '\n' || c == ' ') {
                if (run >= 8 && good * 10 >= run * 9) {
                    return true;
                }
                run = 0;
                good = 0;
                continue;
            }
            run++;
            if (c < 128 && ENCODING_MARK[c]) {
                good++;
            }
        }
        return holdsCharCodes(text); // 115, 107, 45 ...: numbers, spaces and commas
    }

    /** Whether {@link #charCodes} reads something in {@code text}. */
    private static boolean holdsCharCodes(String text) {
        char[] chars = text.toCharArray();
        if (!mayHoldCodes(chars)) {
            return false;
        }
        List<View> codes = new ArrayList<>(3);
        charCodes(chars, codes);
        return !codes.isEmpty();
    }

    /** ASCII letters, digits and the marks encodings use, for {@link #mayBeEncoded}. */
    private static final boolean[] ENCODING_MARK = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ENCODING_MARK[c] = Character.isLetterOrDigit(c) || "+/=_-%&#;\\.".indexOf(c) >= 0;
        }
    }

    /**
     * Whether a decoding of the chain {@code how} (as {@link View#how()} writes it, outermost
     * first) reads bytes: then its text may start with bytes made of what stood before an encoded
     * run (base64 read across the white space before it), which no other decoding makes.
     */
    public static boolean readsBytes(String how) {
        // each step between " > " (no regular expression: this is asked of every view of every call)
        for (int from = 0; ; ) {
            int to = how.indexOf(" > ", from);
            if (binary(to < 0 ? how.substring(from) : how.substring(from, to))) {
                return true;
            }
            if (to < 0) {
                return false;
            }
            from = to + 3;
        }
    }

    /** Decodings of bytes, which turn ordinary text into noise; the others only undo marked sequences. */
    private static boolean binary(String how) {
        return how.contains("base64") || how.contains("base32") || how.contains("base85") || how.equals("hex")
                || how.contains("compressed") || how.endsWith(" codes") || how.equals("binary");
    }

    /**
     * {@code text} with its backslash escapes undone, when that differs from it and is long
     * enough to hold a piece; null otherwise.
     */
    private static String escapesUndone(String text) {
        if (text.indexOf('\\') < 0) {
            return null;
        }
        String copy = backslashEscapes(text);
        return copy.length() < MIN_PIECE || copy.equals(text) ? null : copy;
    }

    /** One layer of every decoding that applies to {@code text}. */
    static void decodeOnce(String text, List<View> out, boolean interleave) {
        decodeOnce(text, out, interleave, null);
    }

    /** The same, with the text's escapes undone if {@code escaped} is not null (computed once by the caller). */
    private static void decodeOnce(String text, List<View> out, boolean interleave, String escaped) {
        if (text.indexOf('%') >= 0) {
            add(out, percentDecode(text), "url-encoded");
        }
        if (text.indexOf('&') >= 0) {
            add(out, htmlEntities(text), "html-entities");
        }
        if (escaped != null) {
            add(out, escaped, "escapes");
        } else if (text.indexOf('\\') >= 0) {
            add(out, backslashEscapes(text), "escapes");
        }
        if (text.indexOf("=?") >= 0) {
            add(out, encodedWords(text), "rfc2047");
        }
        if (text.indexOf('=') >= 0) {
            add(out, quotedPrintable(text), "quoted-printable");
        }
        if (text.indexOf(TAG_HIGH_SURROGATE) >= 0) {
            add(out, unicodeTags(text), "unicode tags");
            add(out, variationSelectors(text), "variation selectors");
        }
        if (text.indexOf('+') >= 0 && (text.indexOf("U+") >= 0 || text.indexOf("u+") >= 0)) {
            add(out, codePointNotation(text), "U+ code points");
        }
        if (text.length() < Runs.SHORTEST) {
            base85(text, null, null, out); // no run is long enough for a decoder that reads runs
            return;
        }
        char[] chars = text.toCharArray(); // read in place by the scans below: faster than String.charAt
        Runs runs = Runs.of(chars);
        for (String hex : hexDecodings(text, chars, runs)) {
            add(out, hex, "hex");
        }
        if (mayHoldCodes(chars)) {
            charCodes(chars, out);
        }
        base64AndRot13(text, chars, out);
        if (runs.any(Runs.BASE32)) {
            for (String b32 : base32Decodings(text, chars, runs)) {
                add(out, b32, "base32");
            }
        }
        base85(text, chars, runs, out);
        if (interleave && runs.any(Runs.TOKEN)) {
            interleaved(text, chars, runs, out);
        }
    }

    /**
     * Where the decoders that read runs of characters may find one long enough to decode: per
     * block of {@value #BLOCK} characters, a bit per decoder set if a run it reads reaches its
     * least length in the block. Ascii85 and Z85 read runs of 10 or more characters other than
     * white space ({@link #TOKEN_85}), interleaving tokens of 12 or more ({@link #TOKEN}), and a
     * hex run needs 12 hex digits without another letter between them, so 12 or more characters
     * that are hex digits or no letters ({@link #HEX}; {@code mayHoldHex} counts the digits in
     * its blocks). Base32 decodes a run of 8 or more of its alphabet that holds
     * a digit, is followed by {@code =} or has no lower-case letter ({@link #BASE32}): a block
     * where such a run is 8 long and that has no capitals-and-digits run of 8, and neither it
     * nor the blocks either side has a digit {@code 2} to {@code 7} or a {@code =}, has none.
     *
     * <p>Ordinary prose has almost none, so one pass counts the runs at once and each decoder
     * reads only its blocks, from the start of the run that holds the block's first character:
     * every run it would decode reaches its least length in one of them, and the shorter runs
     * it skips anyway. The pass keeps the counts in 8-bit lanes of one long, adds one to each
     * and masks those the character's class ends, without a branch (the characters of prose
     * would mispredict them), and caps the counts at 63 after each block: a count stays under
     * 128, so adding {@code 0x80} less a least length to it carries into no other lane.
     */
    static final class Runs {
        static final int TOKEN_85 = 1;
        static final int TOKEN = 2;
        /** Runs of base32's alphabet, 8 or more long. */
        private static final int ALPHABET_32 = 4;
        static final int HEX = 8;
        /** Runs of capitals and digits {@code 2} to {@code 7}, 8 or more long. */
        private static final int UPPER_32 = 16;
        /** A digit {@code 2} to {@code 7} or a {@code =}. */
        private static final int MARK_32 = 32;
        static final int BASE32 = 64;
        /** Characters in a block. */
        static final int BLOCK = 64;
        /** The least length of a run any of the decoders reads: a shorter text has none. */
        static final int SHORTEST = 8;
        private static final int[] LEAST = {10, 12, 8, 12, 8, 1};
        private static final int LANES = LEAST.length;
        /** Per lane, {@code 0x80} less the run's least length: adding it sets the lane's top bit where the run is long enough. */
        private static final long OFFSETS;
        private static final long TOPS = 0x8080_8080_8080L;
        /** Per Latin-1 character: the lanes whose runs it continues (all bits of the lane set). */
        private static final long[] KEEP = new long[256];
        private static final long ONES = 0x0101_0101_0101L;

        static {
            long offsets = 0;
            for (int lane = 0; lane < LANES; lane++) {
                offsets |= (long) (0x80 - LEAST[lane]) << (8 * lane);
            }
            OFFSETS = offsets;
            for (char c = 0; c < 256; c++) {
                KEEP[c] = keep(c);
            }
        }

        private static long keep(char c) {
            boolean upper = c >= 'A' && c <= 'Z' || c >= '2' && c <= '7';
            return lane(0, !space(c)) | lane(1, inToken(c)) | lane(2, inBase32(c)) | lane(3, (hexClass(c) & HEX_GOES_ON) != 0)
                    | lane(4, upper) | lane(5, c >= '2' && c <= '7' || c == '=');
        }

        private static long lane(int lane, boolean set) {
            return set ? 0xFFL << (8 * lane) : 0;
        }

        /** Per block, the decoders' bits; null if no block has any. */
        private final byte[] blocks;
        private final int any;

        private Runs(byte[] blocks, int any) {
            this.blocks = blocks;
            this.any = any;
        }

        static Runs of(char[] chars) {
            int n = chars.length;
            byte[] blocks = null;
            int any = 0;
            long counts = 0;
            for (int from = 0; from < n; from += BLOCK) {
                int to = Math.min(n, from + BLOCK);
                long tops = 0;
                for (int i = from; i < to; i++) {
                    char c = chars[i];
                    counts = (counts + ONES) & (c < 256 ? KEEP[c] : keep(c));
                    tops |= counts + OFFSETS;
                }
                tops &= TOPS;
                if (tops != 0) {
                    if (blocks == null) {
                        blocks = new byte[(n + BLOCK - 1) / BLOCK];
                    }
                    int bits = (int) ((tops >>> 7) * 0x0102_0408_1020_4080L >>> 56); // lane k's top bit as bit k
                    blocks[from / BLOCK] = (byte) bits;
                    any |= bits;
                }
                long over = counts & 0xC0C0_C0C0_C0C0L; // lanes of 64 or more
                if (over != 0) {
                    long lanes = ((over >>> 6 | over >>> 7) & 0x0101_0101_0101L) * 0xFF;
                    counts = counts & ~lanes | lanes & 0x3F3F_3F3F_3F3FL; // still long enough, and no overflow
                }
            }
            if ((any & ALPHABET_32) != 0) {
                any |= base32(blocks);
            }
            return new Runs(blocks, any);
        }

        /** Marks the blocks where base32 may decode a run (see above); whether there is one. */
        private static int base32(byte[] blocks) {
            int any = 0;
            for (int b = 0; b < blocks.length; b++) {
                int bits = blocks[b];
                boolean mark = (bits & MARK_32) != 0 || b > 0 && (blocks[b - 1] & MARK_32) != 0
                        || b + 1 < blocks.length && (blocks[b + 1] & MARK_32) != 0;
                if ((bits & ALPHABET_32) != 0 && ((bits & UPPER_32) != 0 || mark)) {
                    blocks[b] = (byte) (bits | BASE32);
                    any = BASE32;
                }
            }
            return any;
        }

        boolean any(int decoder) {
            return (any & decoder) != 0;
        }

        /** The first block from {@code block} on where a run of {@code decoder} is long enough; -1 if none. */
        int next(int decoder, int block) {
            if ((any & decoder) == 0) {
                return -1;
            }
            for (int b = block; b < blocks.length; b++) {
                if ((blocks[b] & decoder) != 0) {
                    return b;
                }
            }
            return -1;
        }

        /**
         * Where a decoder reads block {@code block} from: at {@code cursor}, where its reading
         * stopped, if that is past the block's start; else at the start of the run (of the
         * characters of lane {@code lane}, {@code 0} to {@code 3}) holding the block's first
         * character.
         */
        static int from(char[] chars, int cursor, int block, int lane) {
            int i = block * BLOCK;
            if (cursor >= i) {
                return cursor;
            }
            long mask = 0xFFL << (8 * lane);
            while (i > cursor && (keepOf(chars[i - 1]) & mask) != 0) {
                i--;
            }
            return i;
        }

        /** The end of block {@code block}. */
        static int end(char[] chars, int block) {
            return Math.min(chars.length, (block + 1) * BLOCK);
        }

        private static long keepOf(char c) {
            return c < 256 ? KEEP[c] : keep(c);
        }
    }

    private static void add(List<View> out, String decoded, String how) {
        if (decoded != null && !decoded.isEmpty()) {
            out.add(new View(decoded, how));
        }
    }

    /** Decodes {@code %XX} sequences (and {@code +} as space); anything malformed is kept. */
    public static String percentDecode(String text) {
        Bytes out = new Bytes(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else if (b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.utf8();
    }

    private static int hex(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static final String[][] NAMED = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"sol", "/"},
        {"colon", ":"}, {"period", "."}, {"hyphen", "-"}, {"dash", "-"}, {"lowbar", "_"}, {"num", "#"},
        {"commat", "@"}, {"equals", "="}, {"plus", "+"}, {"comma", ","}, {"excl", "!"}, {"quest", "?"}};

    /** Decodes {@code &#115;}, {@code &#x73;} (semicolon optional) and common named references. */
    public static String htmlEntities(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&' && i + 2 < text.length()) {
                int j = i + 1;
                if (text.charAt(j) == '#') {
                    j++;
                    boolean isHex = j < text.length() && (text.charAt(j) == 'x' || text.charAt(j) == 'X');
                    if (isHex) {
                        j++;
                    }
                    int start = j;
                    long value = 0;
                    while (j < text.length() && j - start < 8 && (isHex ? hex(text.charAt(j)) >= 0 : Character.isDigit(text.charAt(j)))) {
                        value = value * (isHex ? 16 : 10) + (isHex ? hex(text.charAt(j)) : text.charAt(j) - '0');
                        j++;
                    }
                    if (j > start && value > 0 && value <= Character.MAX_CODE_POINT) {
                        out.appendCodePoint((int) value);
                        i = j < text.length() && text.charAt(j) == ';' ? j + 1 : j;
                        continue;
                    }
                } else {
                    int semi = text.indexOf(';', j);
                    if (semi > j && semi - j <= 8) {
                        String name = text.substring(j, semi);
                        String replacement = null;
                        for (String[] n : NAMED) {
                            if (n[0].equalsIgnoreCase(name)) {
                                replacement = n[1];
                            }
                        }
                        if (replacement != null) {
                            out.append(replacement);
                            i = semi + 1;
                            continue;
                        }
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Decodes {@code \\uXXXX}, {@code \\u{X..}}, {@code \xHH}, octal {@code \NNN} and {@code \/}-style escapes. */
    public static String backslashEscapes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Bytes bytes = new Bytes(16);
        int i = 0;
        while (i < text.length()) {
            // the characters up to the next backslash, as they are, at once
            int mark = text.indexOf('\\', i);
            int to = mark < 0 ? text.length() : mark;
            if (to > i) {
                flush(bytes, out);
                out.append(text, i, to);
                i = to;
                continue;
            }
            if (i + 1 >= text.length()) {
                flush(bytes, out);
                out.append('\\'); // a backslash that ends the text is itself
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            if ((e == 'u' || e == 'U') && i + 2 < text.length() && text.charAt(i + 2) == '{') {
                int close = text.indexOf('}', i + 3);
                if (close > i + 3 && close - i <= 12) {
                    try {
                        int cp = Integer.parseInt(text.substring(i + 3, close), 16);
                        flush(bytes, out);
                        out.appendCodePoint(cp);
                        i = close + 1;
                        continue;
                    } catch (IllegalArgumentException ignored) {
                        // not an escape: kept as written
                    }
                }
            } else if (e == 'u' && i + 6 <= text.length() && isHex(text, i + 2, 4)) {
                flush(bytes, out);
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 6;
                continue;
            } else if (e == 'x' && i + 4 <= text.length() && isHex(text, i + 2, 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 4;
                continue;
            } else if (e >= '0' && e <= '7') {
                int j = i + 1;
                int value = 0;
                while (j < text.length() && j - i <= 3 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                    value = value * 8 + (text.charAt(j) - '0');
                    j++;
                }
                if (value <= 0xFF) {
                    bytes.write(value);
                    i = j;
                    continue;
                }
            }
            flush(bytes, out);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b'); // as JSON writes a backspace
                case 'f' -> out.append('\f'); // and a form feed
                default -> out.append(e); // \/ \" \\ \- and any other: the character itself
            }
            i += 2;
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(Bytes bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(bytes.utf8());
            bytes.reset();
        }
    }

    private static boolean isHex(String text, int from, int n) {
        for (int k = from; k < from + n; k++) {
            if (hex(text.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes every RFC 2047 encoded-word ({@code =?UTF-8?Q?...?=}, {@code =?UTF-8?B?...?=}). */
    public static String encodedWords(String text) {
        Matcher m = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        QCodec q = new QCodec();
        BCodec b = new BCodec();
        while (m.find()) {
            out.append(text, last, m.start());
            String word = m.group();
            try {
                char kind = Character.toUpperCase(word.charAt(word.indexOf('?', 2) + 1));
                out.append(kind == 'Q' ? q.decode(word) : b.decode(word));
            } catch (DecoderException | RuntimeException e) {
                out.append(word);
            }
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /** The high surrogate of the tag characters U+E0000 to U+E007F. */
    private static final char TAG_HIGH_SURROGATE = '\uDB40';
    /**
     * {@code U+} and four to six hex digits that end there: before a character other than an
     * ASCII letter or digit, another {@code U+}, or the end. The base64 of random bytes (an
     * attachment) holds {@code U+} and four hex digits a few times per megabyte, almost never so
     * ended: decoding those made a second megabyte-long view, decoded all over again.
     */
    private static final Pattern CODE_POINT_NOTATION = Pattern.compile("[Uu]\\+([0-9A-Fa-f]{4,6})(?=[^0-9A-Za-z]|[Uu]\\+|$)");

    /**
     * The text with its tag characters read as the ASCII characters they mirror: U+E0020 to
     * U+E007E are invisible copies of space to tilde (text hidden in plain sight, which a model
     * reads and a reviewer does not see), the other tags dropped; null if there are none.
     */
    static String unicodeTags(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean any = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                any = true;
                if (cp >= 0xE0020 && cp <= 0xE007E) {
                    out.append((char) (cp - 0xE0000));
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        return any ? out.toString() : null;
    }

    /**
     * The bytes that runs of variation selectors stand for, as UTF-8 text pieces joined by NULs:
     * U+FE00 to U+FE0F are bytes 0 to 15 and U+E0100 to U+E01EF bytes 16 to 255, so any text can
     * ride, unseen, after one visible character. Null if no run holds a piece of
     * {@value #MIN_PIECE} characters.
     */
    static String variationSelectors(String text) {
        List<String> pieces = new ArrayList<>();
        Bytes run = new Bytes(16);
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : -1;
            i += cp < 0 ? 1 : Character.charCount(cp);
            if (cp >= 0xFE00 && cp <= 0xFE0F) {
                run.write(cp - 0xFE00);
            } else if (cp >= 0xE0100 && cp <= 0xE01EF) {
                run.write(cp - 0xE0100 + 16);
            } else if (run.size() > 0) {
                textPieces(run.toByteArray(), pieces);
                run.reset();
            }
        }
        return pieces.isEmpty() ? null : String.join("\u0000", pieces);
    }

    /** The text with each {@code U+0073} (4 to 6 hex digits) read as its code point; null if none is one. */
    static String codePointNotation(String text) {
        Matcher m = CODE_POINT_NOTATION.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        boolean any = false;
        while (m.find()) {
            int cp = Integer.parseInt(m.group(1), 16);
            if (cp > Character.MAX_CODE_POINT || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            out.append(text, last, m.start()).appendCodePoint(cp);
            last = m.end();
            any = true;
        }
        return any ? out.append(text, last, text.length()).toString() : null;
    }

    /** Decodes quoted-printable {@code =XX} sequences and soft line breaks; anything else is kept. */
    public static String quotedPrintable(String text) {
        Bytes out = new Bytes(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean any = false;
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            if (c == '=' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
                any = true;
            } else if (c == '=' && i + 1 < bytes.length && (bytes[i + 1] == '\n' || bytes[i + 1] == '\r')) {
                i += bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n' ? 2 : 1;
                any = true;
            } else {
                out.write(c);
            }
        }
        return any ? out.utf8() : null;
    }

    /** Least numbers in a run of character codes: a piece of {@value #MIN_PIECE} characters takes as many. */
    static final int MIN_CODES = MIN_PIECE;
    /** Most characters between two numbers of one run of character codes ({@code "), chr("} is 6). */
    static final int MAX_CODE_GAP = 8;
    /** Most digits of an octal character code: up to 0o777, as octal codes of text are written. */
    static final int MAX_OCTAL_DIGITS = 3;
    /** Least binary digits of one number read as binary octets without separators. */
    static final int MIN_BINARY_DIGITS = 8 * MIN_PIECE;

    /**
     * Whether {@link #charCodes} may read something: the text has {@value #MIN_CODES} numbers
     * (runs of ASCII digits) or {@value #MIN_BINARY_DIGITS} digits, counted in one pass without a
     * branch. Prose with a date or two has neither.
     */
    static boolean mayHoldCodes(char[] chars) {
        int digits = 0;
        int numbers = 0;
        int before = 0; // 1 if the character before is a digit
        for (char c : chars) {
            int digit = (char) (c - '0') < 10 ? 1 : 0;
            digits += digit;
            numbers += digit & ~before;
            before = digit;
        }
        return numbers >= MIN_CODES || digits >= MIN_BINARY_DIGITS;
    }

    /**
     * Decodes runs of character codes: {@value #MIN_CODES} or more numbers (ASCII digits), each
     * at most {@value #MAX_CODE_GAP} characters other than digits from the next ({@code 115, 107},
     * {@code [115,107]}, {@code chr(115)+chr(107)}, one per line). A run is read as decimal code
     * points ({@code char codes}); as octal ones when {@value #MIN_CODES} of its numbers are
     * octal numbers of up to {@value #MAX_OCTAL_DIGITS} digits ({@code octal codes}); and as bytes when
     * {@value #MIN_CODES} of them are binary octets of 7 or 8 digits 0 and 1 ({@code binary},
     * read as UTF-8). A number of {@value #MIN_BINARY_DIGITS} or more digits 0 and 1 alone is
     * read as octets too. A number that is no character in a reading (0, past U+10FFFF, a
     * surrogate, a control character, a digit 8 in octal) cuts it; what is read is kept in
     * pieces of {@value #MIN_PIECE} characters or more, as the other decoders keep theirs.
     */
    static void charCodes(char[] chars, List<View> out) {
        int n = chars.length;
        List<String> decimal = new ArrayList<>();
        List<String> octal = new ArrayList<>();
        List<String> binary = new ArrayList<>();
        int[] numbers = new int[32]; // start and end of each number of the run
        Bytes bytes = new Bytes(64);
        int i = 0;
        while (i < n) {
            while (i < n && !digit(chars[i])) {
                i++;
            }
            int count = 0;
            while (i < n) {
                int j = i;
                while (j < n && digit(chars[j])) {
                    j++;
                }
                if (2 * count + 2 > numbers.length) {
                    numbers = java.util.Arrays.copyOf(numbers, numbers.length * 2);
                }
                numbers[2 * count] = i;
                numbers[2 * count + 1] = j;
                count++;
                int k = j;
                while (k < n && k - j <= MAX_CODE_GAP && !digit(chars[k])) {
                    k++;
                }
                i = k;
                if (k >= n || k - j > MAX_CODE_GAP) {
                    break; // the run ends; the next starts at the next digit
                }
            }
            for (int m = 0; m < count; m++) {
                int from = numbers[2 * m];
                int to = numbers[2 * m + 1];
                if (to - from >= MIN_BINARY_DIGITS && onlyDigits(chars, from, to, '1')) {
                    bytes.reset();
                    for (int b = from; b + 8 <= to; b += 8) {
                        bytes.write(value(chars, b, b + 8, 2));
                    }
                    textPieces(bytes.toByteArray(), binary);
                }
            }
            if (count < MIN_CODES) {
                continue;
            }
            readCodes(chars, numbers, count, 10, bytes, decimal);
            int octalNumbers = 0;
            int octets = 0;
            for (int m = 0; m < count; m++) {
                int from = numbers[2 * m];
                int to = numbers[2 * m + 1];
                octalNumbers += to - from <= MAX_OCTAL_DIGITS && onlyDigits(chars, from, to, '7') ? 1 : 0;
                octets += (to - from == 7 || to - from == 8) && onlyDigits(chars, from, to, '1') ? 1 : 0;
            }
            if (octalNumbers >= MIN_CODES) {
                readCodes(chars, numbers, count, 8, bytes, octal);
            }
            if (octets >= MIN_CODES) {
                bytes.reset();
                for (int m = 0; m < count; m++) {
                    int from = numbers[2 * m];
                    int to = numbers[2 * m + 1];
                    boolean octet = (to - from == 7 || to - from == 8) && onlyDigits(chars, from, to, '1');
                    bytes.write(octet ? value(chars, from, to, 2) : 0); // 0: a control character, which cuts
                }
                textPieces(bytes.toByteArray(), binary);
            }
        }
        addPieces(out, decimal, "char codes");
        addPieces(out, octal, "octal codes");
        addPieces(out, binary, "binary");
    }

    /** The numbers of a run as code points in {@code radix}, written as UTF-8, then read into pieces. */
    private static void readCodes(char[] chars, int[] numbers, int count, int radix, Bytes bytes, List<String> pieces) {
        bytes.reset();
        char top = radix == 8 ? '7' : '9';
        for (int m = 0; m < count; m++) {
            int from = numbers[2 * m];
            int to = numbers[2 * m + 1];
            // at most 8 digits (the largest code point has 7): no overflow
            int cp = to - from <= (radix == 8 ? MAX_OCTAL_DIGITS : 8) && onlyDigits(chars, from, to, top) ? value(chars, from, to, radix) : 0;
            if (cp <= 0 || cp > Character.MAX_CODE_POINT || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                bytes.write(0); // no character: a cut
                continue;
            }
            if (cp < 0x80) {
                bytes.write(cp);
            } else if (cp < 0x800) {
                bytes.write(0xC0 | cp >> 6);
                bytes.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                bytes.write(0xE0 | cp >> 12);
                bytes.write(0x80 | cp >> 6 & 0x3F);
                bytes.write(0x80 | cp & 0x3F);
            } else {
                bytes.write(0xF0 | cp >> 18);
                bytes.write(0x80 | cp >> 12 & 0x3F);
                bytes.write(0x80 | cp >> 6 & 0x3F);
                bytes.write(0x80 | cp & 0x3F);
            }
        }
        textPieces(bytes.toByteArray(), pieces);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code [from, to)} holds only digits from 0 to {@code top}. */
    private static boolean onlyDigits(char[] chars, int from, int to, char top) {
        for (int k = from; k < to; k++) {
            if (chars[k] > top) {
                return false; // all are digits: only the largest matters
            }
        }
        return true;
    }

    private static int value(char[] chars, int from, int to, int radix) {
        int v = 0;
        for (int k = from; k < to; k++) {
            v = v * radix + (chars[k] - '0');
        }
        return v;
    }

    private static void addPieces(List<View> out, List<String> pieces, String how) {
        if (!pieces.isEmpty()) {
            out.add(new View(String.join("\u0000", pieces), how));
        }
    }

    /**
     * Decodes every hex run in the text (after removing {@code 0x}, {@code \\x}, {@code %},
     * {@code &#x} and separators), at both nibble alignments.
     */
    public static List<String> hexDecodings(String text) {
        char[] chars = text.toCharArray();
        return hexDecodings(text, chars, Runs.of(chars));
    }

    /** The same, with the text's characters and runs. */
    private static List<String> hexDecodings(String text, char[] chars, Runs runs) {
        List<String> out = new ArrayList<>();
        if (!mayHoldHex(chars, runs)) {
            return out; // no 12 hex digits without another letter between them: no hex run
        }
        // The text cut at every ASCII letter that no hex run or prefix holds (g to z but u and x,
        // either case): such a letter stays a letter through lower-casing, prefix removal and
        // alnumLower, so no run crosses it, and each piece between two is read alone; only the
        // pieces with 12 hex digits or more can hold a run. Lower-casing and removing prefixes of
        // a whole megabyte of base64, which has such digits somewhere, cost more than decoding it.
        int from = 0;
        int digits = 0;
        int n = chars.length;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? chars[i] : 'z';
            if (Character.isHighSurrogate(c) && (i + 1 == n || !Character.isLowSurrogate(chars[i + 1]))) {
                // alnumLower takes the character after a lone high surrogate with it, a letter
                // that would cut included: read the whole text as one
                out.clear();
                hexRuns(text, out);
                return out;
            }
            // without a branch on the character: in base64 its letters cut at random
            int kind = c < 128 ? HEX_KIND[c] : 0;
            int cut = kind >>> 1;
            if ((cut & (11 - digits) >>> 31) != 0) { // a cut after 12 digits or more
                hexRuns(text.substring(from, i), out);
            }
            from = cut != 0 ? i + 1 : from;
            digits = cut != 0 ? 0 : digits + (kind & 1);
        }
        return out;
    }

    /** ASCII letters that neither a hex digit nor a hex prefix ({@code 0x}, {@code \\x}, {@code &#x}, {@code \\u00}) is. */
    private static final boolean[] HEX_CUT = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            boolean cut = c > 'f' && c != 'u' && c != 'x';
            HEX_CUT[c] = cut;
            HEX_CUT[Character.toUpperCase(c)] = cut;
        }
    }

    /** The hex runs of {@code text} (after removing the prefixes and separators), decoded at both nibble alignments. */
    private static void hexRuns(String text, List<String> out) {
        String view = Decoders.alnumLower(HEX_PREFIXES.matcher(text.toLowerCase(java.util.Locale.ROOT)).replaceAll(""));
        Matcher m = HEX_RUN.matcher(view);
        while (m.find()) {
            String run = m.group();
            for (int start = 0; start < 2; start++) {
                int end = start + (run.length() - start) / 2 * 2;
                byte[] bytes = new byte[(end - start) / 2];
                for (int i = start, j = 0; i < end; i += 2, j++) {
                    bytes[j] = (byte) (hex(run.charAt(i)) * 16 + hex(run.charAt(i + 1)));
                }
                textPieces(bytes, out);
                utf16Pieces(bytes, 0, bytes.length, out);
            }
        }
    }

    /** For {@link #hexClass}: a hex digit, which a run counts. */
    private static final int HEX_DIGIT = 1;
    /** For {@link #hexClass}: a character a run goes on over (any but a letter or digit other than a hex digit, {@code x} and {@code u}). */
    private static final int HEX_GOES_ON = 2;

    /** {@link #hexClass} of each ASCII character. */
    private static final byte[] HEX_CLASSES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            HEX_CLASSES[c] = (byte) hexClass(c);
        }
    }

    /** Per ASCII character: bit 0 a hex digit, bit 1 a letter of {@link #HEX_CUT}. */
    private static final byte[] HEX_KIND = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            HEX_KIND[c] = (byte) ((HEX_CUT[c] ? 2 : 0) | ((HEX_CLASSES[c] & HEX_DIGIT) != 0 ? 1 : 0));
        }
    }

    /** What a character is to a hex run, read in lower case. */
    private static int hexClass(char c) {
        char lower = Character.toLowerCase(c);
        boolean digit = lower >= '0' && lower <= '9' || lower >= 'a' && lower <= 'f';
        boolean ends = !digit && Character.isLetterOrDigit(lower) && lower != 'x' && lower != 'u';
        return (digit ? HEX_DIGIT : 0) | (ends ? 0 : HEX_GOES_ON);
    }

    /**
     * Whether the text has 12 hex digits (either case) without a letter or digit other than a
     * hex digit, {@code x} or {@code u} between them: where a hex run may be once prefixes and
     * separators are removed.
     */
    static boolean mayHoldHex(String text) {
        if (text.length() < Runs.SHORTEST) {
            return false;
        }
        char[] chars = text.toCharArray();
        return mayHoldHex(chars, Runs.of(chars));
    }

    /** The same, with the text's characters and runs: only the blocks where 12 characters may be a hex run's are read. */
    private static boolean mayHoldHex(char[] chars, Runs runs) {
        int n = chars.length;
        int i = 0;
        for (int block = runs.next(Runs.HEX, 0); block >= 0; block = runs.next(Runs.HEX, block + 1)) {
            i = Runs.from(chars, i, block, 3);
            int blockEnd = Runs.end(chars, block);
            while (i < blockEnd) {
                int digits = 0; // in the stretch from i up to a letter that ends a run
                for (; i < n; i++) {
                    char c = chars[i];
                    int kind = c < 128 ? HEX_CLASSES[c] : hexClass(c);
                    if ((kind & HEX_GOES_ON) == 0) {
                        break;
                    }
                    if ((kind & HEX_DIGIT) != 0 && ++digits >= 12) {
                        return true;
                    }
                }
                i++; // past the letter
            }
        }
        return false;
    }

    /**
     * Base64 and base64url runs, decoded at each of the four alignments: once with only
     * whitespace removed (wrapped lines join up), once with everything that is not in the
     * standard alphabet removed (separators such as dots or dashes inserted into the encoding).
     * A run whose bytes are gzip, zlib or raw deflate is also inflated.
     */
    static void base64(String text, List<View> out, String how) {
        Alphabet runs = Alphabet.of(text.toCharArray());
        JoinedRuns joined = JoinedRuns.of(runs);
        decodeRuns(runs, joined, new Decoded(runs), BASE64, out, how);
        if (how.equals("base64")) {
            utf16Runs(runs, joined, out);
        }
    }

    /**
     * {@link #base64} of the text, then of its ROT13, as {@code base64(rot13(text))} would: ROT13
     * keeps every character in or out of the base64 alphabet and keeps its case, so the runs are
     * the same and only their decoding differs; the text is read once, not three times more.
     * A backslash makes the two differ ({@code \\n} is dropped as a wrapped line's escape, and
     * ROT13 turns other escapes into it), so such a text is rotated first.
     */
    static void base64AndRot13(String text, List<View> out) {
        base64AndRot13(text, text.toCharArray(), out);
    }

    /** The same, with the text's characters. */
    private static void base64AndRot13(String text, char[] chars, List<View> out) {
        if (text.indexOf('\\') >= 0) {
            base64(text, out, "base64");
            base64(rot13(text), out, "rot13 > base64");
            return;
        }
        Alphabet runs = Alphabet.of(chars);
        Decoded decoded = new Decoded(runs);
        JoinedRuns joined = JoinedRuns.of(runs); // ROT13 keeps every character in or out of the alphabet: the same runs
        decodeRuns(runs, joined, decoded, BASE64, out, "base64");
        utf16Runs(runs, joined, out);
        decodeRuns(runs, joined, decoded, BASE64_ROT13, out, "rot13 > base64");
    }

    /** Characters of a joined run below which it cannot hold {@value #MIN_PIECE} characters of UTF-16. */
    static final int UTF16_RUN = 16;

    /**
     * The stretches of the joined runs that are UTF-16 in base64 (as PowerShell's
     * {@code -EncodedCommand} takes it, little-endian, or big-endian), decoded at each alignment
     * into the pieces that {@link #utf16Pieces} finds: {@code base64 > utf-16}. The base64 of
     * ASCII text in UTF-16 has a zero byte every other byte, and so two {@code A}s (six zero
     * bits) in every eight characters, wherever it starts. So a stretch is read where
     * {@value #UTF16_RUN} characters in a row hold four {@code A}s, with {@value #UTF16_RUN}
     * characters more on either side; stretches that overlap are read as one. Prose has almost no
     * such stretch, and the base64 of random bytes (an image, an archive) only short ones, so the
     * pass costs one count of {@code A}s over the runs.
     */
    private static void utf16Runs(Alphabet runs, JoinedRuns joined, List<View> out) {
        byte[] text = runs.joined;
        List<String> pieces = new ArrayList<>();
        Bytes bytes = null;
        for (int r = 0; r < joined.size; r += 3) {
            int from = joined.at[r];
            int to = joined.at[r + 1];
            if (to - from < UTF16_RUN || countOfA(text, from, to) < 4) {
                continue; // prose: a sentence run together rarely holds four capital As
            }
            int zeros = 0;
            int stretchFrom = -1;
            int stretchTo = -1;
            for (int i = from; i < to; i++) {
                zeros += text[i] == 'A' ? 1 : 0;
                if (i - from >= UTF16_RUN) {
                    zeros -= text[i - UTF16_RUN] == 'A' ? 1 : 0;
                }
                if (zeros < 4) {
                    continue;
                }
                int windowFrom = Math.max(from, i + 1 - 2 * UTF16_RUN);
                if (stretchFrom >= 0 && windowFrom > stretchTo) {
                    bytes = utf16Stretch(text, stretchFrom, stretchTo, bytes, pieces);
                    stretchFrom = -1;
                }
                if (stretchFrom < 0) {
                    stretchFrom = windowFrom;
                }
                stretchTo = Math.min(to, i + 1 + UTF16_RUN);
            }
            if (stretchFrom >= 0) {
                bytes = utf16Stretch(text, stretchFrom, stretchTo, bytes, pieces);
            }
        }
        if (!pieces.isEmpty()) {
            out.add(new View(String.join("\u0000", pieces), "base64 > utf-16"));
        }
    }

    private static final long CAPITAL_AS = 0x4141_4141_4141_4141L;

    /** How many of {@code text [from, to)} (bytes below {@code 80}) are {@code A}: eight bytes at a time. */
    private static int countOfA(byte[] text, int from, int to) {
        int count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            count += Long.bitCount(zeros((long) LITTLE_LONGS.get(text, i) ^ CAPITAL_AS));
        }
        for (; i < to; i++) {
            count += text[i] == 'A' ? 1 : 0;
        }
        return count;
    }

    /** The UTF-16 pieces of base64 characters {@code [from, to)} at each alignment; the buffer used. */
    private static Bytes utf16Stretch(byte[] text, int from, int to, Bytes buffer, List<String> pieces) {
        int need = (to - from) * 3 / 4 + 3;
        Bytes bytes = buffer == null || buffer.data.length < need ? new Bytes(need) : buffer;
        for (int start = 0; start < 4; start++) {
            int length = decodeBase64(text, from + start, to, BASE64, bytes.data, 0);
            utf16Pieces(bytes.data, 0, length, pieces);
        }
        return bytes;
    }

    /**
     * The pieces of {@code bytes [from, to)} read as UTF-16, little-endian and big-endian, from
     * the first byte and from the second (a stream that follows an odd number of other bytes):
     * runs of {@value #MIN_PIECE} or more code units that are text in the scripts written below
     * U+0800 (printable ASCII, tab, line breaks, U+00A0 to U+07FF). Bytes of UTF-8 text are never
     * such units (two of them make U+2020 or more), and random bytes make one about one time in
     * thirty, so six in a row almost never.
     */
    static void utf16Pieces(byte[] bytes, int from, int to, List<String> out) {
        if (to - from < 2 * MIN_PIECE) {
            return;
        }
        for (int reading = 0; reading < 4; reading++) {
            int little = reading & 1;
            int start = -1;
            for (int i = from + (reading >> 1); i + 1 < to + 2; i += 2) {
                boolean text = false;
                if (i + 1 < to) {
                    int unit = little == 1 ? (bytes[i + 1] & 0xFF) << 8 | bytes[i] & 0xFF : (bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF;
                    text = unit >= 0x20 && unit <= 0x7E || unit == '\t' || unit == '\n' || unit == '\r' || unit >= 0xA0 && unit <= 0x7FF;
                }
                if (text) {
                    if (start < 0) {
                        start = i;
                    }
                    continue;
                }
                if (start >= 0 && (i - start) / 2 >= MIN_PIECE) {
                    char[] piece = new char[(i - start) / 2];
                    for (int k = 0; k < piece.length; k++) {
                        int at = start + 2 * k;
                        piece[k] = (char) (little == 1 ? (bytes[at + 1] & 0xFF) << 8 | bytes[at] & 0xFF : (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF);
                    }
                    out.add(new String(piece));
                }
                start = -1;
            }
        }
    }

    /**
     * The text as base64 reads it, one byte per character: {@code joined} without white space
     * (and without {@code \\n} or {@code \\r} escapes), every character outside the alphabet
     * written as 0 so that it still ends a run; {@code stripped} with only the standard
     * alphabet's characters, which is {@code joined} without its zeros, dashes and underscores.
     */
    private static final class Alphabet {
        private static final byte OTHER = 0;
        private static final byte STANDARD = 1;
        private static final byte URL = 2;
        private static final byte WHITE = 3;
        /** What each ASCII character is to base64: in the standard alphabet, in base64url's only, white space, other. */
        private static final byte[] ASCII_KIND = new byte[128];

        /** Per ASCII character: bit 0 set if it is in {@code joined}, bit 1 if in {@code stripped}. */
        private static final byte[] STEP = new byte[128];
        /** Per ASCII character: what {@code joined} holds for it (0 for a character outside the alphabet). */
        private static final byte[] AS_JOINED = new byte[128];
        /** Per ASCII character: {@link #AS_JOINED} in bits 0 to 7, {@link #STEP} from bit 8, read with one look-up. */
        private static final int[] ENTRY = new int[128];

        static {
            for (char c = 0; c < 128; c++) {
                ASCII_KIND[c] = c == '-' || c == '_' ? URL : BASE64[c] >= 0 ? STANDARD : Character.isWhitespace(c) ? WHITE : OTHER;
                STEP[c] = (byte) (ASCII_KIND[c] == WHITE ? 0 : ASCII_KIND[c] == STANDARD ? 3 : 1);
                AS_JOINED[c] = ASCII_KIND[c] == OTHER ? 0 : (byte) c;
                ENTRY[c] = AS_JOINED[c] & 0xFF | STEP[c] << 8;
            }
        }

        final byte[] joined;
        final byte[] stripped;
        int joinedLength;
        int strippedLength;

        private Alphabet(int n) {
            Scratch scratch = Scratch.of(n);
            joined = scratch == null ? new byte[n] : scratch.joined;
            stripped = scratch == null ? new byte[n] : scratch.stripped;
        }

        static Alphabet of(char[] chars) {
            int n = chars.length;
            Alphabet a = new Alphabet(n);
            byte[] joined = a.joined;
            byte[] stripped = a.stripped;
            int j = 0;
            int s = 0;
            for (int i = 0; i < n; i++) {
                char c = chars[i];
                if (c < 128 && c != '\\') {
                    // without branches: prose would mispredict them at every space and mark
                    int entry = ENTRY[c];
                    joined[j] = (byte) entry;
                    j += entry >> 8 & 1;
                    stripped[s] = (byte) c;
                    s += entry >> 9;
                    continue;
                }
                int kind = c < 128 ? ASCII_KIND[c] : Character.isWhitespace(c) ? WHITE : OTHER;
                if (kind == STANDARD) {
                    joined[j++] = (byte) c;
                    stripped[s++] = (byte) c;
                } else if (kind == URL) {
                    joined[j++] = (byte) c;
                } else if (kind == OTHER) {
                    if (c == '\\' && i + 1 < n && (chars[i + 1] == 'n' || chars[i + 1] == 'r')) {
                        i++; // an escaped line break, as a wrapped line written in JSON has
                        continue;
                    }
                    joined[j++] = 0;
                }
            }
            a.joinedLength = j;
            a.strippedLength = s;
            return a;
        }

        /** Whether the text has separators, so that the stripped run differs from the joined runs. */
        boolean separators() {
            return strippedLength != joinedLength;
        }
    }

    /**
     * Buffers for one text's decodings: the stripped run's bytes at each alignment, read with
     * base64's alphabet and with that of each character's ROT13, and where its pieces are; one
     * buffer for the joined runs that are not stretches of it.
     *
     * <p>The four alignments are one stream of bits read from four places: base64 turns each
     * character into six bits, and alignment {@code a} reads the stream from bit {@code 6a}, eight
     * bits a byte. So only alignment 0 is decoded in full; the others are shifted out of it
     * ({@link #fill}), into one buffer they share, only where {@link #strippedPieces}, a joined run or
     * an inflate attempt reads them.
     */
    private static final class Decoded {
        /** The stripped run decoded at each alignment with {@link #BASE64}, then with {@link #BASE64_ROT13}. */
        final byte[][] plain = new byte[4][];
        final byte[][] rotated = new byte[4][];
        final int[] length = new int[4];
        /** Per alignment, the start and end of each of the stripped run's pieces, in order. */
        final Spans[] spans = new Spans[4];
        /** Bits of the stream: 6 per character of the stripped run. */
        int bits;
        byte[] buffer = new byte[64];

        Decoded(Alphabet runs) {
            if (runs.separators() && runs.strippedLength >= 8 && mixed(runs.stripped, 0, runs.strippedLength)) {
                int n = runs.strippedLength;
                bits = 6 * n;
                // room past the last byte for the words of the stream read 8 bytes at a time (see strippedPieces)
                int size = n * 3 / 4 + 24;
                Scratch scratch = Scratch.of(n);
                plain[0] = scratch == null ? new byte[size] : scratch.plain;
                rotated[0] = scratch == null ? new byte[size] : scratch.rotated;
                // the other alignments, of either alphabet, share one buffer: each reader fills
                // in what it reads just before (see fill), the pieces' bytes included
                byte[] shifted = scratch == null ? new byte[size] : scratch.shifted;
                for (int a = 0; a < 4; a++) {
                    if (a > 0) {
                        plain[a] = shifted;
                        rotated[a] = shifted;
                    }
                    spans[a] = new Spans();
                    length[a] = decodedLength(n - a);
                }
                decodeBoth(runs.stripped, n, plain[0], rotated[0]);
            }
        }

        /** Whether the stripped run is decoded and shared by the joined runs (see {@link #decodeRuns}). */
        boolean shared() {
            return plain[0] != null;
        }

        byte[][] bytes(int[] values) {
            return values == BASE64 ? plain : rotated;
        }

        /**
         * Bytes {@code k} and {@code k + 1} of alignment {@code a} of the stream {@code stream}
         * (alignment 0 of {@link #plain} or {@link #rotated}), as the high and low byte: the 16
         * bits from bit {@code 6a + 8k}, which {@link #fill} would write there; nothing is
         * written. The buffers have room past the stream's last byte for the three read.
         */
        static int header(byte[] stream, int a, int k) {
            int bit = 6 * a + 8 * k;
            int at = bit >>> 3;
            int three = (stream[at] & 0xFF) << 16 | (stream[at + 1] & 0xFF) << 8 | stream[at + 2] & 0xFF;
            return three >>> (8 - (bit & 7)) & 0xFFFF;
        }

        /**
         * Writes the bytes {@code [from, to)} of alignment {@code a} of {@code bytes} (one of
         * {@link #plain} and {@link #rotated}): those of alignment 0 from bit {@code 6a} on.
         */
        static void fill(byte[][] bytes, int a, int from, int to) {
            if (a == 0) {
                return;
            }
            byte[] stream = bytes[0];
            byte[] out = bytes[a];
            int skip = 6 * a >> 3; // whole bytes before bit 6a
            int shift = 6 * a & 7;
            // eight bytes at a time (the buffers have room past the end); bytes past to are
            // those of the stream after it, never read
            for (int k = from; k < to; k += 8) {
                long v = (long) LONGS.get(stream, k + skip) << shift | (stream[k + skip + 8] & 0xFF) >>> (8 - shift);
                LONGS.set(out, k, v);
            }
        }
    }

    /**
     * Per character of the standard alphabet: its base64 value in bits 0 to 5 and that of its
     * ROT13 in bits 32 to 37, so that one long holds a quartet's 24 bits in each table.
     */
    private static final long[] BOTH = new long[128];

    static {
        for (int c = 0; c < 128; c++) {
            BOTH[c] = Math.max(0, BASE64[c]) | (long) Math.max(0, BASE64_ROT13[c]) << 32;
        }
    }

    /**
     * Decodes the base64 characters {@code [0, n)} of {@code text} (all in the standard
     * alphabet) with both alphabets at once, as {@link #decodeBase64} would twice (each
     * character is looked up once), and the bits of the stream left after the last whole byte.
     */
    private static void decodeBoth(byte[] text, int n, byte[] plain, byte[] rotated) {
        int at = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4, at += 3) {
            long v = BOTH[text[i] & 0x7F] << 18 | BOTH[text[i + 1] & 0x7F] << 12 | BOTH[text[i + 2] & 0x7F] << 6 | BOTH[text[i + 3] & 0x7F];
            // the three bytes, then five zeros that the next quartet overwrites (the buffers have room)
            LONGS.set(plain, at, v << 40);
            LONGS.set(rotated, at, v >>> 32 << 40);
        }
        // the last one to three characters, their bits followed by zeros: the bytes they make
        // whole, as decodeBase64 ends, then the rest of the stream for the other alignments
        long v = 0;
        for (int k = 0; k < 3; k++) {
            v = v << 6 | (i + k < n ? BOTH[text[i + k] & 0x7F] : 0);
        }
        v <<= 6;
        plain[at] = (byte) (v >> 16);
        plain[at + 1] = (byte) (v >> 8);
        plain[at + 2] = (byte) v;
        rotated[at] = (byte) (v >> 48);
        rotated[at + 1] = (byte) (v >> 40);
        rotated[at + 2] = (byte) (v >> 32);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** The bits of a word of the stream where a byte may start: the even ones, counted from the first. */
    private static final long EVEN = 0xAAAA_AAAA_AAAA_AAAAL;

    /**
     * The pieces of the stripped run's bytes at each alignment, in order, with their spans, as
     * {@link #textPieces(byte[], int, int, List, Spans)} would add them reading each alignment
     * alone; {@code bytes} is {@link Decoded#plain} or {@link Decoded#rotated}.
     *
     * <p>The stream is read a word of 64 bits at a time, and for each of its 32 even bits at
     * once, the first bit of a byte {@code x} of one alignment or another (see {@link Decoded}):
     * whether {@code x} and the next byte {@code y} of its alignment, 8 bits on, may lie in one
     * piece. The bit is cleared where {@code x} or {@code y} is never text as {@link #never}
     * finds it; where a continuation byte {@code y} follows a byte below {@code 80}; where a lead
     * byte {@code x} ({@code C0} to {@code FF}) is followed by a byte that is no continuation byte;
     * where {@code y} is a continuation byte that no lead byte takes ({@code x} is a continuation
     * byte after a lead byte of two, or after a continuation byte after a lead byte of three or
     * another continuation byte); and where {@code x} is a continuation byte that an ill-formed
     * lead byte leaves stray ({@code y} is no continuation byte, and before {@code x} comes a lead
     * byte of three or four, or a continuation byte after a lead byte of four). The bytes before
     * are those of {@code x}'s alignment only: the two before its first byte count as none. In
     * each case a cut lies at {@code x} or at {@code y} and no well-formed sequence holds both (a
     * byte that is no continuation byte starts a sequence in any reading, a lead byte reading
     * alone if ill-formed), so no piece holds both: inside a piece every bit is set.
     *
     * <p>A start is a candidate if its byte is no continuation byte and the bits of its
     * {@value #MIN_PIECE} - 1 pairs are set; the start of every piece of the reading of the whole
     * alignment (which is what {@link #textPieces(byte[], int, int, List, Spans)} yields, see
     * there) is one. Reading goes from candidate to candidate: let reading be fresh at {@code s}
     * (nothing pending, as at the alignment's start) and {@code c} the first candidate from
     * {@code s} on. No piece starts in {@code [s, c)}, so what the whole reading has pending at
     * {@code c}, begun in {@code [s, c)}, ends before {@value #MIN_PIECE} characters; read from
     * {@code c} alone (a sequence starts there) it ends at the same cut, shorter, and after that
     * cut the two readings agree: reading is fresh at {@code c}. There the loop of
     * {@code textPieces} takes one step, which from a fresh start ends at a fresh start: the
     * window of pairs checked with {@link #joins}, or the piece read up to its cut. The
     * alignment's bytes are filled in from the stream just before, up to four bytes past the
     * first pair from the candidate whose bit is clear: the step reads no further, since a cut
     * lies at one of that pair's bytes.
     *
     * <p>Before that, a candidate is dropped if the bytes up to that pair (its first byte
     * included) cannot hold {@value #MIN_PIECE} characters: no piece holds both bytes of the
     * pair, so a piece from the candidate ends at its first byte or before; each character of
     * it starts with a byte that is no continuation byte, and counts two only if that byte is
     * a lead byte of four ({@code F0} or more), so the piece has at most as many characters as
     * such bytes plus such lead bytes ({@link #most}, from bits kept per word). Every candidate
     * up to that byte is dropped with it (its pairs are set up to the same one, its bytes fewer),
     * so reading goes on after that byte: no piece starts before, so reading is fresh at the
     * next candidate as above. On decoded prose almost every candidate is dropped so, before
     * any byte of it is filled in or read.
     *
     * <p>The candidates of a word are found as soon as the next word's pairs are known, in the
     * same pass. Cost: one pass of some hundred operations per 64 bits of the stream, then a
     * few for each candidate.
     */
    private static void strippedPieces(Decoded decoded, byte[][] bytes, List<String> out) {
        int words = (decoded.bits + 63 >> 6) + 1;
        Scratch scratch = Scratch.of(decoded.bits / 6);
        long[] joins = scratch == null ? new long[words] : scratch.joins;
        long[] weights = scratch == null ? new long[words] : scratch.weights;
        byte[] stream = bytes[0];
        long word = (long) LONGS.get(stream, 0);
        long nextWord = (long) LONGS.get(stream, 8);
        // what the byte at each even bit of the word is (see classes)
        long high = word & EVEN;
        long b6 = word << 1 | nextWord >>> 63;
        long b5 = word << 2 | nextWord >>> 62;
        long b4 = word << 3 | nextWord >>> 61;
        long b3 = word << 4 | nextWord >>> 60;
        long cont = high & ~b6;
        long lead = high & b6;
        long two = lead & ~b5;
        long three = lead & b5 & ~b4;
        long four = lead & b5 & b4;
        long never = never(word, b6, b5, b4, b3);
        // bits 2, 4 and 10 come before the first byte of alignments 3, 2 and 3: bytes before none
        long first = ~(1L << 61 | 1L << 59 | 1L << 53);
        long lastCont = 0; // the classes of the word before, as bytes before
        long lastTwo = 0;
        long lastThree = 0;
        long lastFour = 0;
        // a pair reaches past the stream where its second byte does
        int lastPair = decoded.bits - 16;
        // the starts left, by alignment, in order: on decoded noise a few in a thousand bytes;
        // those of a word are found once the next word's pairs are known
        Candidates candidates = new Candidates();
        long lastStarts = 0;
        long lastJoins = 0;
        for (int w = 0; w < words; w++) {
            long afterWord = w + 2 < words ? (long) LONGS.get(stream, 8 * w + 16) : 0;
            long nextHigh = nextWord & EVEN;
            long n6 = nextWord << 1 | afterWord >>> 63;
            long n5 = nextWord << 2 | afterWord >>> 62;
            long n4 = nextWord << 3 | afterWord >>> 61;
            long n3 = nextWord << 4 | afterWord >>> 60;
            long nextCont = nextHigh & ~n6;
            long nextLead = nextHigh & n6;
            long nextNever = never(nextWord, n6, n5, n4, n3);
            long cb = cont; // as bytes before
            long tb = two;
            long hb = three;
            long fb = four;
            if (w == 0) {
                cb &= first;
                tb &= first;
                hb &= first;
                fb &= first;
            }
            long contAfter = cont << 8 | nextCont >>> 56;
            long contBefore = cb >>> 8 | lastCont << 56;
            long contTwoBefore = cb >>> 16 | lastCont << 48;
            long twoBefore = tb >>> 8 | lastTwo << 56;
            long longerBefore = (hb | fb) >>> 8 | (lastThree | lastFour) << 56;
            long threeTwoBefore = hb >>> 16 | lastThree << 48;
            long fourTwoBefore = fb >>> 16 | lastFour << 48;
            long fails = never | (never << 8 | nextNever >>> 56)
                    | contAfter & (~high | cont & (twoBefore | contBefore & (threeTwoBefore | contTwoBefore)))
                    | ~contAfter & (lead | cont & (longerBefore | contBefore & fourTwoBefore));
            long j = ~fails & EVEN;
            int from = w << 6;
            if (from + 63 > lastPair) {
                j &= from > lastPair ? 0 : -1L << (63 - (lastPair - from));
            }
            joins[w] = j;
            if (w > 0) {
                candidates.add(w - 1, lastStarts, lastJoins, j);
            }
            lastStarts = ~cont & EVEN;
            weights[w] = lastStarts | four >>> 1;
            lastJoins = j;
            lastCont = cb;
            lastTwo = tb;
            lastThree = hb;
            lastFour = fb;
            high = nextHigh;
            cont = nextCont;
            lead = nextLead;
            two = nextLead & ~n5;
            three = nextLead & n5 & ~n4;
            four = nextLead & n5 & n4;
            never = nextNever;
            word = nextWord;
            nextWord = afterWord;
        }
        candidates.add(words - 1, lastStarts, lastJoins, 0);
        int[] count = candidates.count;
        for (int a = 0; a < 4; a++) {
            byte[] buf = bytes[a];
            int to = decoded.length[a];
            Spans spans = decoded.spans[a];
            spans.size = 0;
            int origin = 6 * a;
            long phase = 0x8080_8080_8080_8080L >>> (origin & 7);
            int s = 0;
            int filled = 0; // bytes of the alignment written: fills do not overlap, however pairs cut
            int[] starts = candidates.at[a];
            for (int c = 0; c < count[a] && to - s >= MIN_PIECE; c++) {
                if (starts[c] < s) {
                    continue;
                }
                s = starts[c];
                if (to - s < MIN_PIECE) {
                    break;
                }
                int end = next(joins, words, origin + 8 * s, phase, true);
                int last = end < 0 ? to - 1 : Math.min(to - 1, end - origin >> 3); // the last byte a piece from s may hold
                if (most(weights, origin + 8 * s, origin + 8 * last + 1, phase) < MIN_PIECE) {
                    s = last + 1; // no piece starts in [s, last]
                    continue;
                }
                int fill = Math.min(to, end < 0 ? to : (end - origin >> 3) + 5);
                if (fill > filled) {
                    Decoded.fill(bytes, a, Math.max(s, filled), fill);
                    filled = fill;
                }
                int m = MIN_PIECE - 2;
                while (m >= 0 && joins(buf[s + m], buf[s + m + 1])) {
                    m--;
                }
                if (m >= 0) {
                    s += m + 1;
                    continue;
                }
                if (KIND[buf[s] & 0xFF] == CONTINUATION) {
                    s++; // a stray continuation byte where reading starts afresh: it cuts
                } else {
                    s = piece(buf, s, to, out, spans); // after a cut, reading starts afresh
                }
            }
        }
    }

    /**
     * The bits set in {@code weights} from bit {@code from} to bit {@code to}, both included,
     * among those of {@code phase} and the bits after them: for {@link #strippedPieces}, the
     * most characters the bytes of one alignment from bit {@code from} on, up to the byte at
     * bit {@code to - 1}, may hold.
     */
    private static int most(long[] weights, int from, int to, long phase) {
        long both = phase | phase >>> 1;
        int n = 0;
        for (int w = from >>> 6; w <= to >>> 6; w++) {
            long range = -1L;
            if (w == from >>> 6) {
                range &= -1L >>> (from & 63);
            }
            if (w == to >>> 6) {
                range &= -1L << (63 - (to & 63));
            }
            n += Long.bitCount(weights[w] & both & range);
        }
        return n;
    }

    /** The candidates of {@link #strippedPieces}: per alignment, the bytes where a piece may start, in order. */
    private static final class Candidates {
        final int[][] at = new int[4][8];
        final int[] count = new int[4];

        /**
         * Adds those of word {@code w}: the starts among {@code starts} whose {@value Views#MIN_PIECE}
         * - 1 pairs are set in {@code joins} (the word's pairs, then {@code next}, the next word's).
         */
        void add(int w, long starts, long joins, long next) {
            long j = joins;
            long left = starts & j & (j << 8 | next >>> 56) & (j << 16 | next >>> 48) & (j << 24 | next >>> 40) & (j << 32 | next >>> 32);
            while (left != 0) {
                int bit = Long.numberOfLeadingZeros(left);
                left &= ~(Long.MIN_VALUE >>> bit);
                int bitAt = (w << 6) + bit;
                int a = (-bitAt & 7) >> 1; // bit 6a + 8k, 6a being 0, 6, 12 or 18
                if (count[a] == at[a].length) {
                    at[a] = java.util.Arrays.copyOf(at[a], 2 * count[a]);
                }
                at[a][count[a]++] = bitAt - 6 * a >> 3;
            }
        }
    }

    /** The first bit from {@code from} on set in the first {@code count} of {@code words} (clear, if {@code clear}) among those of {@code phase}; -1 if none. */
    private static int next(long[] words, int count, int from, long phase, boolean clear) {
        int w = from >>> 6;
        if (w >= count) {
            return -1;
        }
        long x = (clear ? ~words[w] : words[w]) & phase & -1L >>> (from & 63);
        while (x == 0) {
            if (++w >= count) {
                return -1;
            }
            x = (clear ? ~words[w] : words[w]) & phase;
        }
        return (w << 6) + Long.numberOfLeadingZeros(x);
    }

    /**
     * The even bits of a word of the stream where a byte that is never text starts, given the
     * word ({@code b7}) and the word shifted by one to four bits ({@code b6} to {@code b3}), so
     * that each byte's bits 6 to 3 lie where its bit 7 does: {@code 00} to {@code 07} and
     * {@code 10} to {@code 1F} (control characters), {@code F8} to {@code FF}. Not all of them
     * ({@code 0E}, {@code 0F}, delete, {@code C0}, {@code C1} and {@code F5} to {@code F7} are
     * left out, as rare): a start a byte left out keeps a candidate is checked by {@link #joins}.
     */
    private static long never(long b7, long b6, long b5, long b4, long b3) {
        return (~(b7 | b6 | b5) & (b4 | ~b3) | b7 & b6 & b5 & b4 & b3) & EVEN;
    }

    /** Start and end offsets of pieces, in order. */
    static final class Spans {
        int[] at = new int[16];
        int size; // number of offsets: twice the pieces

        void add(int from, int to) {
            if (size + 2 > at.length) {
                at = java.util.Arrays.copyOf(at, at.length * 2);
            }
            at[size++] = from;
            at[size++] = to;
        }
    }

    /**
     * Decodes each run of 8 or more base64 characters ({@code [A-Za-z0-9+/_-]}) of {@code joined}
     * that mixes cases or digits, at the four alignments, into text pieces; then, if the text has
     * separators, the stripped run the same way. {@code values} is the alphabet read: base64's, or
     * that of each character's ROT13.
     *
     * <p>A joined run without dashes or underscores is a stretch of the stripped run, so at each
     * alignment its bytes are a stretch of the stripped run's bytes at one alignment, and its
     * pieces lie inside the stripped run's pieces: read on their own, those bytes cut wherever
     * the whole does, and more (a sequence cut off at either end). So the stripped run is decoded
     * and read first, and such a joined run reads only the stripped pieces it overlaps, within
     * its own bounds: on ordinary text, which decodes to noise, almost nothing.
     */
    private static void decodeRuns(Alphabet runs, JoinedRuns joined, Decoded decoded, int[] values, List<View> out, String how) {
        boolean shared = decoded.shared();
        byte[][] strippedBytes = decoded.bytes(values);
        List<String> strippedPieces = new ArrayList<>();
        int[] cursor = new int[4];
        if (shared) {
            strippedPieces(decoded, strippedBytes, strippedPieces);
        }
        byte[] text = runs.joined;
        List<String> pieces = new ArrayList<>();
        for (int r = 0; r < joined.size; r += 3) {
            int from = joined.at[r];
            int i = joined.at[r + 1];
            int o = joined.at[r + 2] >> 1;
            boolean url = (joined.at[r + 2] & 1) != 0;
            for (int start = 0; start < 4; start++) {
                byte[] bytes;
                int off;
                int length;
                int before = pieces.size();
                if (shared && !url) {
                    int a = (o + start) % 4;
                    bytes = strippedBytes[a];
                    off = (o + start - a) / 4 * 3;
                    length = decodedLength(i - from - start);
                    Spans spans = decoded.spans[a];
                    int k = cursor[a];
                    while (k < spans.size && spans.at[k + 1] <= off) {
                        k += 2; // pieces before this run
                    }
                    cursor[a] = k;
                    for (; k < spans.size && spans.at[k] < off + length; k += 2) {
                        int pieceFrom = Math.max(off, spans.at[k]);
                        int pieceTo = Math.min(off + length, spans.at[k + 1]);
                        Decoded.fill(strippedBytes, a, pieceFrom, pieceTo);
                        textPieces(bytes, pieceFrom, pieceTo, pieces, null);
                    }
                } else {
                    int need = (i - from) * 3 / 4 + 3;
                    if (decoded.buffer.length < need) {
                        decoded.buffer = new byte[need];
                    }
                    bytes = decoded.buffer;
                    off = 0;
                    length = decodeBase64(text, from + start, i, values, bytes, 0);
                    textPieces(bytes, off, off + length, pieces, null);
                }
                if (start == 0 && length >= 8 && pieces.size() == before) {
                    if (shared && !url) {
                        // the header first, read from the stream: most runs are none of the three, and only then the rest
                        int a = (o + start) % 4;
                        int header = Decoded.header(strippedBytes[0], a, off);
                        if (!compressed(header >>> 8, header & 0xFF, length)) {
                            continue;
                        }
                        Decoded.fill(strippedBytes, a, off, off + length);
                    }
                    String inflated = inflate(bytes, off, length);
                    if (inflated != null) {
                        add(out, inflated, how + " > compressed");
                    }
                }
            }
            gzipInside(text, from, i, values, decoded, out, how);
        }
        if (!pieces.isEmpty()) {
            out.add(new View(String.join("\u0000", pieces), how));
        }
        if (!strippedPieces.isEmpty()) {
            out.add(new View(String.join("\u0000", strippedPieces), how + " (separators removed)"));
        }
    }

    /**
     * gzip members that start inside a joined run rather than at its start: the base64 of a
     * gzip header ({@code 1F 8B 08}, {@code H4sI} at its own alignment) after other base64
     * characters, as when a line of other base64 or a word run together with it (white space is
     * not part of a run) comes first. Each is decoded from there and inflated. The header's
     * first character is looked for first, eight characters at a time.
     */
    private static void gzipInside(byte[] text, int from, int to, int[] values, Decoded decoded, List<View> out, String how) {
        byte first = (byte) (values == BASE64 ? 'H' : 'U'); // the character that reads as the header's first six bits
        long firsts = (first & 0xFFL) * 0x0101_0101_0101_0101L;
        for (int p = from + 1; p + 4 <= to; p++) {
            if (p + 8 <= to && zeros((long) LITTLE_LONGS.get(text, p) ^ firsts) == 0) {
                p += 7; // none of the next eight characters starts a header (bytes below 80: zeros is exact)
                continue;
            }
            if (text[p] != first) {
                continue;
            }
            int v = values[text[p] & 0x7F] << 18 | values[text[p + 1] & 0x7F] << 12 | values[text[p + 2] & 0x7F] << 6
                    | values[text[p + 3] & 0x7F];
            if (v != 0x1F8B08) {
                continue;
            }
            int need = (to - p) * 3 / 4 + 3;
            if (decoded.buffer.length < need) {
                decoded.buffer = new byte[need];
            }
            int length = decodeBase64(text, p, to, values, decoded.buffer, 0);
            String inflated = inflate(decoded.buffer, 0, length);
            if (inflated != null) {
                add(out, inflated, how + " > compressed");
            }
        }
    }

    /**
     * The runs of {@code joined} that {@link #decodeRuns} decodes: 8 or more characters long and
     * mixing cases or digits (the base64 of text always does; a shorter run or an ordinary word
     * is skipped). Found once per text, as they depend on the characters only, not on the
     * alphabet they are read with, and read by both alphabets' passes; the same runs, in the
     * same order, as the walk over {@code joined} in each pass found before. Cost: one pass over
     * {@code joined}, three ints per run kept.
     */
    static final class JoinedRuns {
        /** Per run: its start and end in {@code joined}, then the characters of the stripped run before it times two, plus one if it holds a dash or an underscore. */
        int[] at = new int[24];
        int size;

        /**
         * The runs, found eight bytes at a time: every byte of {@code joined} is below
         * {@code 80} (a character of the alphabet, or 0), so {@link #zeros} marks exactly the
         * bytes of a word that are 0, and of the word xored with dashes or underscores those
         * that are dashes or underscores; a run ends at the first zero (or at the end), and it
         * holds a dash or an underscore if one is marked before that zero. The bytes past
         * {@code joinedLength} are never read as the run's: the words stop eight bytes short
         * of it and the bytes after are read one by one, as before.
         */
        static JoinedRuns of(Alphabet runs) {
            JoinedRuns out = new JoinedRuns();
            byte[] text = runs.joined;
            int n = runs.joinedLength;
            int i = 0;
            int at = 0; // characters of the stripped run before i
            while (i < n) {
                if (text[i] == 0) {
                    i++;
                    continue;
                }
                int from = i;
                boolean url = false; // holds a dash or an underscore: not a stretch of the stripped run
                for (; i + 8 <= n; i += 8) {
                    long v = (long) LITTLE_LONGS.get(text, i);
                    long zeros = zeros(v);
                    long marks = zeros(v ^ DASHES) | zeros(v ^ UNDERSCORES);
                    if (zeros != 0) {
                        long before = (zeros & -zeros) - 1; // the bits of the bytes before the first zero
                        url |= (marks & before) != 0;
                        i += Long.numberOfTrailingZeros(zeros) >>> 3;
                        break;
                    }
                    url |= marks != 0;
                }
                while (i < n && text[i] != 0) {
                    url |= text[i] == '-' || text[i] == '_';
                    i++;
                }
                int o = at;
                at += url ? count(text, from, i) : i - from;
                if (i - from < 8 || !mixed(text, from, i)) {
                    continue; // too short, or an ordinary word: the base64 of text always mixes letter cases or digits
                }
                if (out.size + 3 > out.at.length) {
                    out.at = java.util.Arrays.copyOf(out.at, out.at.length * 2);
                }
                out.at[out.size++] = from;
                out.at[out.size++] = i;
                out.at[out.size++] = o << 1 | (url ? 1 : 0);
            }
            return out;
        }
    }

    private static final VarHandle LITTLE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long DASHES = 0x2D2D_2D2D_2D2D_2D2DL;
    private static final long UNDERSCORES = 0x5F5F_5F5F_5F5F_5F5FL;

    /**
     * The top bit of each byte of {@code v} that is 0, the others clear; exact for every byte
     * whose top bit is clear (adding {@code 7F} to the low seven bits carries into the top bit
     * unless they are all zero, and carries into no other byte).
     */
    private static long zeros(long v) {
        return ~((v & LOW7) + LOW7 | v | LOW7);
    }

    /** Characters in {@code [from, to)} other than dashes and underscores. */
    private static int count(byte[] text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text[i] != '-' && text[i] != '_') {
                n++;
            }
        }
        return n;
    }

    /** Bytes that {@code chars} base64 characters decode to (a lone last character decodes to none). */
    private static int decodedLength(int chars) {
        if (chars <= 0) {
            return 0;
        }
        int rest = chars % 4;
        return chars / 4 * 3 + (rest >= 2 ? rest - 1 : 0);
    }

    private static boolean mixed(byte[] text, int from, int to) {
        boolean lower = false;
        boolean upper = false;
        boolean other = false;
        for (int i = from; i < to; i++) {
            byte c = text[i];
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else {
                other = true;
            }
            if ((lower ? 1 : 0) + (upper ? 1 : 0) + (other ? 1 : 0) >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if {@code run} mixes at least two of lower-case letters, capitals and digits or
     * symbols. The base64 of text does (its first sextet of every byte triple is a capital or
     * {@code a}-{@code f} for any printable byte); a word of one case does not and is not decoded.
     */
    static boolean mixed(CharSequence run) {
        boolean lower = false;
        boolean upper = false;
        boolean other = false;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else {
                other = true;
            }
            if ((lower ? 1 : 0) + (upper ? 1 : 0) + (other ? 1 : 0) >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes the base64 characters {@code [from, to)} of {@code text}, each read as
     * {@code values} says, four characters to three bytes, into {@code out} from {@code at};
     * the bytes written ({@link #decodedLength}).
     */
    private static int decodeBase64(byte[] text, int from, int to, int[] values, byte[] out, int at) {
        int n = at;
        int i = from;
        // the loop once per table, so that the compiler knows each table's length and checks no index
        if (values == BASE64) {
            for (; i + 4 <= to; i += 4) {
                int v = BASE64[text[i] & 0x7F] << 18 | BASE64[text[i + 1] & 0x7F] << 12 | BASE64[text[i + 2] & 0x7F] << 6
                        | BASE64[text[i + 3] & 0x7F];
                out[n] = (byte) (v >> 16);
                out[n + 1] = (byte) (v >> 8);
                out[n + 2] = (byte) v;
                n += 3;
            }
        } else {
            for (; i + 4 <= to; i += 4) {
                int v = values[text[i] & 0x7F] << 18 | values[text[i + 1] & 0x7F] << 12 | values[text[i + 2] & 0x7F] << 6
                        | values[text[i + 3] & 0x7F];
                out[n] = (byte) (v >> 16);
                out[n + 1] = (byte) (v >> 8);
                out[n + 2] = (byte) v;
                n += 3;
            }
        }
        int rest = to - i;
        if (rest >= 2) {
            int v = values[text[i] & 0x7F] << 18 | values[text[i + 1] & 0x7F] << 12 | (rest == 3 ? values[text[i + 2] & 0x7F] << 6 : 0);
            out[n++] = (byte) (v >> 16);
            if (rest == 3) {
                out[n++] = (byte) (v >> 8);
            }
        }
        return n - at;
    }

    private static final ThreadLocal<Inflater> ZLIB = ThreadLocal.withInitial(Inflater::new);
    private static final ThreadLocal<Inflater> RAW = ThreadLocal.withInitial(() -> new Inflater(true));

    /**
     * gzip, zlib or raw deflate, inflated (at most 1 MiB); null if the bytes are none of these.
     * Raw deflate has no header, so it is tried only on runs of 16 bytes or more whose first block
     * type is valid; the inflaters are kept per thread, as creating one costs far more than trying.
     */
    static String inflate(byte[] bytes) {
        return inflate(bytes, 0, bytes.length);
    }

    /** The same for the {@code length} bytes from {@code off}. */
    static String inflate(byte[] bytes, int off, int length) {
        int b0 = bytes[off] & 0xFF;
        int b1 = bytes[off + 1] & 0xFF;
        try {
            byte[] result;
            if (b0 == 0x1F && b1 == 0x8B) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes, off, length))) {
                    result = in.readNBytes(MAX_INFLATE);
                }
            } else if ((b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && (b0 * 256 + b1) % 31 == 0) {
                result = inflate(ZLIB.get(), bytes, off, length);
            } else if (length >= 16 && ((b0 >> 1) & 3) != 3 && ((b0 >> 1) & 3) != 0) {
                if (RawDeflate.fails(bytes, off, length, MAX_INFLATE - CHUNK)) {
                    return null; // what zlib would say, without its exception
                }
                result = inflate(RAW.get(), bytes, off, length);
            } else {
                return null;
            }
            if (result == null || result.length == 0) {
                return null;
            }
            String text = new String(result, StandardCharsets.UTF_8);
            long printable = text.chars().filter(c -> c >= 0x20 && c != 0xFFFD || c == '\n' || c == '\t' || c == '\r').count();
            if (printable * 10 < text.length() * 9L) {
                return null; // inflating noise yields noise, not compressed text
            }
            List<String> pieces = new ArrayList<>();
            textPieces(result, pieces);
            return pieces.isEmpty() ? null : String.join("\u0000", pieces);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code length} bytes that start with {@code b0} then {@code b1} start as
     * {@link #inflate} tries to inflate: a gzip header, a zlib header, or (16 bytes or more) a
     * valid first raw deflate block type.
     */
    private static boolean compressed(int b0, int b1, int length) {
        return b0 == 0x1F && b1 == 0x8B || (b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && (b0 * 256 + b1) % 31 == 0
                || length >= 16 && ((b0 >> 1) & 3) != 3 && ((b0 >> 1) & 3) != 0;
    }

    private static byte[] inflate(Inflater inflater, byte[] bytes, int off, int length) {
        inflater.reset();
        inflater.setInput(bytes, off, length);
        Bytes out = new Bytes(length * 4);
        byte[] chunk = new byte[CHUNK];
        try {
            while (!inflater.finished() && out.size() < MAX_INFLATE) {
                int n = inflater.inflate(chunk);
                if (n == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                }
                for (int i = 0; i < n; i++) {
                    out.write(chunk[i]);
                }
            }
        } catch (java.util.zip.DataFormatException e) {
            return null;
        }
        return out.toByteArray();
    }

    /** Base32 runs (RFC 4648 alphabet, either case, padded or not). */
    static List<String> base32Decodings(String text) {
        if (text.length() < Runs.SHORTEST) {
            return new ArrayList<>();
        }
        char[] chars = text.toCharArray();
        return base32Decodings(text, chars, Runs.of(chars));
    }

    /** The same, with the text's characters and runs: only the blocks where a run is 8 characters long are read. */
    private static List<String> base32Decodings(String text, char[] chars, Runs runs) {
        List<String> out = new ArrayList<>();
        byte[] bytes = null;
        int n = chars.length;
        int i = 0;
        for (int block = runs.next(Runs.BASE32, 0); block >= 0; block = runs.next(Runs.BASE32, block + 1)) {
            i = Runs.from(chars, i, block, 2);
            int blockEnd = Runs.end(chars, block);
            while (i < blockEnd) {
                // runs of [A-Za-z2-7]{8,} and the '=' padding after them
                if (!inBase32(chars[i])) {
                    i++;
                    continue;
                }
                int from = i;
                boolean digit = false;
                boolean lower = false;
                while (i < n && inBase32(chars[i])) {
                    char c = chars[i];
                    digit |= c <= '7';
                    lower |= c >= 'a';
                    i++;
                }
                if (i - from < 8) {
                    continue;
                }
                int end = i;
                while (end < n && chars[end] == '=') {
                    end++;
                }
                if (!digit && end == i && lower) {
                    i = end;
                    continue; // a plain lower-case word, not base32
                }
                if (bytes == null || bytes.length < (i - from) * 5 / 8 + 1) {
                    bytes = new byte[Math.max(64, (i - from) * 5 / 8 + 1)];
                }
                textPieces(bytes, 0, decodeBase32(chars, from, i, bytes), out);
                i = end;
            }
        }
        return out;
    }

    /**
     * Code points in {@code [from, to)}: a token's length as a regular expression counts it. Exact
     * below 32 characters; from 32 on the count is at least 16 anyway, more than any threshold
     * it is compared with, so the characters are not counted one by one.
     */
    private static int codePoints(String text, int from, int to) {
        return to - from >= 32 ? to - from : Character.codePointCount(text, from, to);
    }

    /**
     * Decodes the base32 characters {@code [from, to)} (all of {@code [A-Za-z2-7]}), five bits
     * each, into {@code out}; the bytes written: what commons-codec's lenient
     * {@code Base32.decode} makes of them upper-cased, without a buffer
     * of its own per run (on a megabyte of base64, where such runs are everywhere, allocating
     * those was a third of the decoding).
     */
    private static int decodeBase32(char[] chars, int from, int to, byte[] out) {
        long buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            int value = BASE32_VALUE[c]; // c is in the alphabet
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
            }
        }
        if ((to - from) % 8 == 1) {
            // as commons-codec reads a last character alone: with the three bits before it, as a byte
            out[n++] = (byte) (buffer >>> 2);
        }
        return n;
    }

    private static boolean inBase32(char c) {
        return c < 128 && BASE32_VALUE[c] >= 0;
    }

    /**
     * Per ASCII character: its value in base32 read case-insensitively ({@code [A-Za-z2-7]}), -1
     * outside it. A look-up: comparing ranges branches on every character, and in text that mixes
     * cases and digits at random (base64) those branches mispredict.
     */
    private static final byte[] BASE32_VALUE = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            BASE32_VALUE[c] = (byte) (c >= 'a' && c <= 'z' ? c - 'a' : c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1);
        }
    }

    /** What the regular expressions' {@code \\s} is: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean space(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** Ascii85 (inside {@code <~ ~>}, or a token of 10 or more characters) and Z85 tokens. */
    static void base85(String text, List<View> out) {
        char[] chars = text.length() < Runs.SHORTEST ? null : text.toCharArray();
        base85(text, chars, chars == null ? null : Runs.of(chars), out);
    }

    /**
     * The same, with the text's characters and runs (both null if the text is too short to hold
     * a token): only the blocks where a token is 10 characters long are read.
     */
    private static void base85(String text, char[] chars, Runs runs, List<View> out) {
        List<String> pieces = new ArrayList<>();
        if (text.indexOf("<~") >= 0) {
            Matcher wrapped = ASCII85_WRAPPED.matcher(text);
            while (wrapped.find()) {
                textPieces(ascii85(wrapped.group(1).replaceAll("\\s", "")), pieces);
            }
        }
        if (runs != null) {
            int n = chars.length;
            int i = 0;
            byte[] buffer = null; // a token's bytes, in either reading
            for (int block = runs.next(Runs.TOKEN_85, 0); block >= 0; block = runs.next(Runs.TOKEN_85, block + 1)) {
                i = Runs.from(chars, i, block, 0);
                int blockEnd = Runs.end(chars, block);
                while (i < blockEnd) {
                    // tokens of 10 or more characters that are not white space
                    if (space(chars[i])) {
                        i++;
                        continue;
                    }
                    int from = i;
                    while (i < n && !space(chars[i])) {
                        i++;
                    }
                    if (i - from < 10 || codePoints(text, from, i) < 10 || !hasSymbolOrDigitAndLetter(text, from, i)) {
                        continue; // a word or a number: Ascii85 of text mixes letters with digits and symbols
                    }
                    if (buffer == null || buffer.length < 4 * (i - from)) {
                        buffer = new byte[Math.max(256, 4 * (i - from))]; // a z is four bytes
                    }
                    textPieces(buffer, 0, ascii85(chars, from, i, buffer), pieces);
                    textPieces(buffer, 0, z85(chars, from, i, buffer), pieces);
                }
            }
        }
        if (!pieces.isEmpty()) {
            out.add(new View(String.join("\u0000", pieces), "base85"));
        }
    }

    private static boolean hasSymbolOrDigitAndLetter(String text, int from, int to) {
        boolean letter = false;
        boolean other = false;
        for (int i = from; i < to && !(letter && other); i++) {
            char c = text.charAt(i);
            if (c < 128 ? ASCII_LETTER[c] : Character.isLetter(c)) {
                letter = true;
            } else {
                other = true;
            }
        }
        return letter && other;
    }

    /** Per ASCII character: whether it is a letter (a look-up: random case and digits mispredict range tests). */
    private static final boolean[] ASCII_LETTER = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LETTER[c] = Character.isLetter(c);
        }
    }

    static byte[] ascii85(String s) {
        char[] chars = s.toCharArray();
        byte[] out = new byte[4 * chars.length + 4];
        return java.util.Arrays.copyOf(out, ascii85(chars, 0, chars.length, out));
    }

    /**
     * Decodes the Ascii85 characters {@code [from, to)} of {@code chars} into {@code out}, which
     * has room for four bytes a character: the bytes written. A character outside the alphabet
     * starts a group again after it; {@code z} at a group's start is four zeros; a last group of
     * two to four characters is padded with {@code u}.
     */
    static int ascii85(char[] chars, int from, int to, byte[] out) {
        int n = 0;
        long tuple = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c == 'z' && count == 0) {
                out[n++] = 0;
                out[n++] = 0;
                out[n++] = 0;
                out[n++] = 0;
                continue;
            }
            if (c < '!' || c > 'u') {
                count = 0; // outside the alphabet: start again after it
                tuple = 0;
                continue;
            }
            tuple = tuple * 85 + (c - '!');
            if (++count == 5) {
                n = writeTuple(out, n, tuple, 4);
                tuple = 0;
                count = 0;
            }
        }
        if (count > 1) {
            for (int k = count; k < 5; k++) {
                tuple = tuple * 85 + 84;
            }
            n = writeTuple(out, n, tuple, count - 1);
        }
        return n;
    }

    static byte[] z85(String s) {
        char[] chars = s.toCharArray();
        byte[] out = new byte[chars.length + 4];
        return java.util.Arrays.copyOf(out, z85(chars, 0, chars.length, out));
    }

    /**
     * Decodes the Z85 characters {@code [from, to)} of {@code chars} into {@code out} (four bytes
     * per five characters; a character outside the alphabet starts a group again after it): the
     * bytes written.
     */
    static int z85(char[] chars, int from, int to, byte[] out) {
        int n = 0;
        long tuple = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            int v = c < 128 ? Z85_VALUE[c] : -1;
            if (v < 0) {
                count = 0;
                tuple = 0;
                continue;
            }
            tuple = tuple * 85 + v;
            if (++count == 5) {
                n = writeTuple(out, n, tuple, 4);
                tuple = 0;
                count = 0;
            }
        }
        return n;
    }

    /** Writes the first {@code n} bytes of a group's 32 bits at {@code at}: where writing goes on. */
    private static int writeTuple(byte[] out, int at, long tuple, int n) {
        for (int k = 0; k < n; k++) {
            out[at + k] = (byte) (tuple >>> (24 - 8 * k));
        }
        return at + n;
    }


    /** Letters shifted by 13 (ROT13); everything else kept. */
    public static String rot13(String text) {
        char[] out = text.toCharArray();
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (c >= 'a' && c <= 'z') {
                out[i] = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                out[i] = (char) ('A' + (c - 'A' + 13) % 26);
            }
        }
        return new String(out);
    }

    /** ASCII characters that are part of a token: neither white space nor a delimiter. */
    private static final boolean[] TOKEN_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHAR[c] = !space(c) && "/?&=#\"',;:<>{}[]()".indexOf(c) < 0;
        }
    }

    private static boolean inToken(char c) {
        return c >= 128 || TOKEN_CHAR[c];
    }

    /**
     * Interleaved halves: a token whose characters at even places, then those at odd places (or
     * the reverse), spell something ({@code s1k2-3l4} read as {@code sk-l} and {@code 1234}).
     */
    static void interleaved(String text, List<View> out) {
        if (text.length() >= Runs.SHORTEST) {
            char[] chars = text.toCharArray();
            interleaved(text, chars, Runs.of(chars), out);
        }
    }

    /** The same, with the text's characters and runs: only the blocks where a token is 12 characters long are read. */
    private static void interleaved(String text, char[] chars, Runs runs, List<View> out) {
        char[] views = null; // written a token at a time: its halves both ways round, each pair ended by U+0000
        int size = 0;
        int n = chars.length;
        int i = 0;
        for (int block = runs.next(Runs.TOKEN, 0); block >= 0; block = runs.next(Runs.TOKEN, block + 1)) {
            i = Runs.from(chars, i, block, 1);
            int blockEnd = Runs.end(chars, block);
            while (i < blockEnd) {
                // tokens of 12 or more characters between white space and URL, JSON or shell delimiters
                if (!inToken(chars[i])) {
                    i++;
                    continue;
                }
                int from = i;
                while (i < n && inToken(chars[i])) {
                    i++;
                }
                int length = i - from;
                if (length < 12 || codePoints(text, from, i) < 12 || length > 256) {
                    continue;
                }
                if (views == null || views.length - size < 2 * length + 2) {
                    views = java.util.Arrays.copyOf(views == null ? new char[0] : views,
                            Math.max(2 * (size + 2 * length + 2), 1024));
                }
                int evens = (length + 1) / 2;
                int odds = length / 2;
                // even places then odd ones, U+0000, odd then even, U+0000
                for (int k = 0; k < evens; k++) {
                    char c = chars[from + 2 * k];
                    views[size + k] = c;
                    views[size + length + 1 + odds + k] = c;
                }
                for (int k = 0; k < odds; k++) {
                    char c = chars[from + 2 * k + 1];
                    views[size + evens + k] = c;
                    views[size + length + 1 + k] = c;
                }
                views[size + length] = '\u0000';
                views[size + 2 * length + 1] = '\u0000';
                size += 2 * length + 2;
            }
        }
        if (views != null) {
            out.add(new View(new String(views, 0, size), "interleaved"));
        }
    }

    /**
     * Adds the pieces of decoded bytes that could be text. Decoding text that was never encoded
     * yields mostly bytes that are not UTF-8; a secret is text, so it holds no replacement
     * character and no control character other than tab and line breaks. Cutting there and
     * dropping pieces shorter than {@value #MIN_PIECE} loses nothing worth finding.
     */
    static void textPieces(byte[] bytes, List<String> out) {
        textPieces(bytes, 0, bytes.length, out);
    }

    /** The same over the first {@code length} bytes. */
    static void textPieces(byte[] bytes, int length, List<String> out) {
        textPieces(bytes, 0, length, out);
    }

    /** What a decoded byte is to UTF-8: text on its own, a continuation, a lead, or never text. */
    private static final byte TEXT = 0;
    private static final byte CONTINUATION = 1;
    private static final byte LEAD = 2;
    private static final byte NEVER = 3;
    private static final byte[] KIND = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            KIND[b] = b == '\t' || b == '\n' || b == '\r' || b >= 0x20 && b < 0x7F ? TEXT
                    : b < 0x80 ? NEVER // a control character cuts
                    : b <= 0xBF ? CONTINUATION
                    : b >= 0xC2 && b <= 0xF4 ? LEAD
                    : NEVER; // C0, C1, F5 to FF are never well-formed UTF-8
        }
    }

    /**
     * The same over the bytes {@code [from, to)}, read as if they were all there is, reading
     * UTF-8 in place: only the pieces kept become strings. A byte sequence that is not
     * well-formed UTF-8 (as the JDK's decoder judges it: overlong forms, surrogates, code points
     * past U+10FFFF, stray continuation bytes) cuts, as its replacement character would; so does
     * a decoded U+FFFD or control character.
     *
     * <p>Decoded noise is mostly cuts, and a piece of {@value #MIN_PIECE} characters takes at
     * least {@value #MIN_PIECE} bytes: see the next method for how reading skips the bytes
     * where no piece can be.
     */
    static void textPieces(byte[] bytes, int from, int to, List<String> out) {
        textPieces(bytes, from, to, out, null);
    }

    /**
     * Per byte {@code x}: which bytes may follow it inside a piece, as bits of {@link #AS_NEXT}.
     * After a byte that is never text nothing may; after text, text or a lead byte; after a
     * continuation byte anything that is not never text; after a lead byte only the second bytes
     * of a well-formed sequence it starts.
     */
    private static final byte[] MAY_PRECEDE = new byte[256];
    /** Per byte: its bit for {@link #MAY_PRECEDE}; zero for a byte that is never text. */
    private static final byte[] AS_NEXT = new byte[256];

    static {
        int text = 1;
        int lead = 2;
        int c80 = 4; // continuation bytes 80 to 8F
        int c90 = 8; // 90 to 9F
        int cA0 = 16; // A0 to BF
        int anyContinuation = c80 | c90 | cA0;
        for (int b = 0; b < 256; b++) {
            AS_NEXT[b] = (byte) switch (KIND[b]) {
                case TEXT -> text;
                case LEAD -> lead;
                case CONTINUATION -> b < 0x90 ? c80 : b < 0xA0 ? c90 : cA0;
                default -> 0;
            };
            MAY_PRECEDE[b] = (byte) switch (KIND[b]) {
                case TEXT -> text | lead;
                case CONTINUATION -> text | lead | anyContinuation;
                case LEAD -> b == 0xE0 ? cA0 : b == 0xED ? c80 | c90 : b == 0xF0 ? c90 | cA0 : b == 0xF4 ? c80 : anyContinuation;
                default -> 0;
            };
        }
    }

    /**
     * Whether the bytes {@code x} then {@code y} may both lie in one piece. When they may not,
     * reading cuts at one of them and no sequence holds both: {@code x} or {@code y} is never
     * text (a control character, or a byte never in UTF-8: read alone, it cuts); or {@code x} is
     * text and {@code y} a continuation byte (a stray one: it cuts); or {@code x} is a lead byte
     * and {@code y} not a second byte of a well-formed sequence from it ({@code x} is read alone,
     * as ill-formed, and cuts). Either way reading from {@code y} goes on as a fresh read would.
     */
    private static boolean joins(byte x, byte y) {
        return (MAY_PRECEDE[x & 0xFF] & AS_NEXT[y & 0xFF]) != 0;
    }

    /**
     * The same, adding where each piece is to {@code spans} if that is not null.
     *
     * <p>Where two adjacent bytes do not {@link #joins join}, the bytes before and after read
     * alone yield the pieces reading them together would (a cut lies at one of the two and no
     * sequence spans them), so reading may start afresh after such a pair, as it does after a
     * cut. From such a start {@code s}, a piece needs {@value #MIN_PIECE} bytes whose
     * {@value #MIN_PIECE} - 1 adjacent pairs all join: the pairs are checked from the last one
     * back, and one that does not join moves the start past it (every start up to it would
     * include it). Only where all join is the text read, sequence by sequence, up to its first
     * cut ({@link #piece}); a continuation byte at the start cuts at once. Decoded noise,
     * mostly stray continuation and lone lead bytes, is mostly skipped so, a few pairs looked at
     * for every {@value #MIN_PIECE} bytes. UTF-8 of two to four bytes is covered alike: a
     * continuation byte joins only after a lead byte that takes it or another continuation byte,
     * a lead byte only before a second byte that it takes, and whether the continuation bytes
     * are as many as the lead byte needs is left to {@link #piece}, which reads every candidate.
     */
    private static void textPieces(byte[] bytes, int from, int to, List<String> out, Spans spans) {
        int s = from; // where a stretch starts: the range's start, or after a pair that does not join
        while (to - s >= MIN_PIECE) {
            int m = MIN_PIECE - 2;
            while (m >= 0 && joins(bytes[s + m], bytes[s + m + 1])) {
                m--;
            }
            if (m >= 0) {
                s += m + 1;
                continue;
            }
            if (KIND[bytes[s] & 0xFF] == CONTINUATION) {
                s++; // a stray continuation byte where reading starts afresh: it cuts
            } else {
                s = piece(bytes, s, to, out, spans); // after a cut, reading starts afresh
            }
        }
    }

    /**
     * Reads from {@code start}, where nothing is pending, up to and including the next cut (or
     * to {@code to}), adding what was read before it if it is a piece; the position after.
     */
    private static int piece(byte[] bytes, int start, int to, List<String> out, Spans spans) {
        int chars = 0; // the piece's length in UTF-16 characters
        int i = start;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            int size;
            int cp;
            if (b < 0x80) {
                size = 1;
                cp = b;
            } else {
                size = wellFormed(bytes, i, to);
                cp = size == 0 ? 0xFFFD : codePoint(bytes, i, size);
                if (size == 0) {
                    size = 1; // the JDK replaces the maximal ill-formed part; every byte of it cuts here alike
                }
            }
            boolean cut = cp == 0xFFFD || cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' || cp == 0x7F;
            if (cut) {
                if (chars >= MIN_PIECE) {
                    out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    if (spans != null) {
                        spans.add(start, i);
                    }
                }
                return i + size;
            }
            chars += cp >= 0x10000 ? 2 : 1;
            i += size;
        }
        if (chars >= MIN_PIECE) {
            out.add(new String(bytes, start, to - start, StandardCharsets.UTF_8));
            if (spans != null) {
                spans.add(start, to);
            }
        }
        return to;
    }

    /** Length of the well-formed UTF-8 sequence of two to four bytes at {@code i}; 0 if there is none. */
    private static int wellFormed(byte[] bytes, int i, int length) {
        int b0 = bytes[i] & 0xFF;
        int size;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            size = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            size = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            size = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + size > length) {
            return 0;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int b = bytes[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return 0;
            }
        }
        return size;
    }

    private static int codePoint(byte[] bytes, int i, int size) {
        int b0 = bytes[i] & 0xFF;
        int cp = size == 2 ? b0 & 0x1F : size == 3 ? b0 & 0x0F : b0 & 0x07;
        for (int k = 1; k < size; k++) {
            cp = cp << 6 | (bytes[i + k] & 0x3F);
        }
        return cp;
    }
}
