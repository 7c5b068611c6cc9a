package dev.leash.guards.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.net.BCodec;
import org.apache.commons.codec.net.QCodec;

/**
 * {@link Views} as it was before its base64 decoding was rewritten (kept unchanged, apart from
 * its name, as the oracle of {@code ViewsDifferentialTest}, which checks that the rewritten
 * decoders find exactly the views this finds; character codes were added to both later, read
 * here with regular expressions). Every way an outbound text may carry content, decoded: the text itself and what its encoded
 * parts decode to, layer on layer up to a bounded depth. Decodings: percent-encoding, HTML
 * character references (decimal, hex and the common named ones), backslash escapes ({@code \\u},
 * {@code \x}, octal, JSON's {@code \/}), quoted-printable, RFC 2047 encoded-words, hex runs,
 * base64 and base64url (wrapped, with separators inserted, at every alignment), base32, Ascii85
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
final class ViewsReference {

    /** Layers of encoding peeled off. */
    public static final int MAX_DEPTH = 3;
    static final int BUDGET_FACTOR = 4;
    static final int BUDGET_BASE = 1 << 16;
    /** Decoded text shorter than this cannot hold a piece worth tracking. */
    static final int MIN_PIECE = 6;
    private static final int MAX_INFLATE = 1 << 20;

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

    private ViewsReference() {
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

    /** The text and its decodings, up to {@link #MAX_DEPTH} layers. */
    public static List<Views.View> of(String text) {
        List<Views.View> views = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return views;
        }
        long budget = (long) BUDGET_FACTOR * text.length() + BUDGET_BASE;
        Set<String> seen = new HashSet<>();
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[] {new Views.View(text, "plain"), 0});
        seen.add(text);
        while (!queue.isEmpty()) {
            Object[] next = queue.poll();
            Views.View view = (Views.View) next[0];
            int depth = (Integer) next[1];
            views.add(view);
            if (depth >= MAX_DEPTH) {
                continue;
            }
            if (view.how().endsWith("interleaved")) {
                continue; // read, never decoded further: de-interleaving makes noise of anything else
            }
            // of decoded bytes, only the pieces that look like another layer are decoded again
            String source = view.text();
            if (!view.how().equals("plain") && Views.readsBytes(view.how())) {
                List<String> kept = new ArrayList<>();
                for (String piece : source.split("\u0000", -1)) {
                    if (mayBeEncoded(piece) || piece.contains("<~")) {
                        kept.add(piece);
                    }
                }
                if (kept.isEmpty()) {
                    continue;
                }
                source = String.join("\u0000", kept);
            }
            List<Views.View> decoded = new ArrayList<>();
            decodeOnce(source, decoded, !view.how().contains("interleaved"));
            Views.View standIn = null;
            if (view.how().equals("plain")) {
                // the text with its escapes undone, when read whole, is decoded in the text's place
                for (Views.View d : decoded) {
                    if (d.how().equals("escapes") && d.text().length() >= MIN_PIECE && !d.text().equals(text)
                            && (d.text().length() < 8 * COPY_CONTEXT || changedParts(text, d.text()) == null)) {
                        decoded = List.of(d);
                        standIn = d;
                        break;
                    }
                }
            }
            boolean inPlace = next.length > 2;
            // the new decodings, once each; if they do not all fit the budget left, the shortest
            // that fit (the earlier of equal lengths), in their order
            java.util.LinkedHashMap<String, Views.View> fresh = new java.util.LinkedHashMap<>();
            for (Views.View d : decoded) {
                if (d.text().length() >= MIN_PIECE && !seen.contains(d.text()) && !fresh.containsKey(d.text())) {
                    String parts = d.text().length() >= 8 * COPY_CONTEXT && COPIES.contains(d.how()) ? changedParts(source, d.text()) : null;
                    fresh.put(d.text(), parts == null ? d : new Views.View(parts, d.how()));
                }
            }
            List<Views.View> bySize = new ArrayList<>(fresh.values());
            bySize.sort(java.util.Comparator.comparingInt(v -> v.text().length()));
            Set<Views.View> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            long left = budget;
            for (Views.View d : bySize) {
                if (d.text().length() > left) {
                    break;
                }
                kept.add(d);
                left -= d.text().length();
            }
            for (Map.Entry<String, Views.View> entry : fresh.entrySet()) {
                Views.View d = entry.getValue();
                if (!kept.contains(d)) {
                    continue;
                }
                seen.add(entry.getKey());
                budget -= d.text().length();
                boolean copy = d == standIn;
                String how = "plain".equals(view.how()) || inPlace && !d.how().equals("escapes") ? d.how()
                        : view.how() + " > " + d.how();
                // Decoded noise is read once, never decoded again: only a decoding that looks like
                // another layer of encoding is peeled further.
                // the text's escapes undone: how it is written (as JSON), not a layer
                int deeper = view.how().equals("plain") && d.how().equals("escapes") ? depth
                        : !binary(d.how()) || mayBeEncoded(d.text()) ? depth + 1 : MAX_DEPTH;
                queue.add(copy ? new Object[] {new Views.View(d.text(), how), deeper, true}
                        : new Object[] {new Views.View(d.text(), how), deeper});
            }
        }
        return views;
    }

    static final int COPY_CONTEXT = 512;
    /** The decodings that copy the text with marked sequences undone in place. */
    static final Set<String> COPIES = Set.of("url-encoded", "html-entities", "escapes", "quoted-printable", "rfc2047",
            "U+ code points");

    /**
     * The changed parts of a long copy: mark the copy's characters that differ from the source
     * read in step (after a difference, the source goes on at the first place within 64
     * characters where the next 8 characters of the copy stand), then keep every character within
     * 512 of a marked one, runs of kept characters joined by NUL; null if that keeps more than half
     * of the copy, or nothing.
     */
    static String changedParts(String source, String copy) {
        int n = copy.length();
        boolean[] changed = new boolean[n];
        int i = 0;
        int j = 0;
        boolean any = false;
        while (j < n) {
            if (i < source.length() && source.charAt(i) == copy.charAt(j)) {
                i++;
                j++;
                continue;
            }
            changed[j++] = true;
            any = true;
            while (j < n) {
                int length = Math.min(8, n - j);
                int found = -1;
                for (int a = i; a + length <= Math.min(source.length(), i + 64 + 8); a++) {
                    if (source.regionMatches(a, copy, j, length)) {
                        found = a;
                        break;
                    }
                }
                if (found >= 0) {
                    i = found;
                    break;
                }
                changed[j++] = true;
            }
        }
        if (!any) {
            return null;
        }
        boolean[] keep = new boolean[n];
        int count = 0;
        for (int c = 0; c < n; c++) {
            if (changed[c]) {
                for (int x = Math.max(0, c - COPY_CONTEXT); x < Math.min(n, c + 1 + COPY_CONTEXT); x++) {
                    keep[x] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < n; c++) {
            if (keep[c]) {
                count++;
                if (c > 0 && !keep[c - 1] && out.length() > 0) {
                    out.append('\u0000');
                }
                out.append(copy.charAt(c));
            }
        }
        return 2 * count > n ? null : out.toString();
    }

    /**
     * Whether a decoded text may hold another layer: a stretch of 8 or more characters of which
     * at least 90% are letters, digits or the marks encodings use ({@code + / = _ - % & # ; \\ .}).
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
            if (c < 128 && (Character.isLetterOrDigit(c) || "+/=_-%&#;\\.".indexOf(c) >= 0)) {
                good++;
            }
        }
        List<Views.View> codes = new ArrayList<>();
        charCodes(text, codes);
        return !codes.isEmpty();
    }

    /** Decodings of bytes, which turn ordinary text into noise; the others only undo marked sequences. */
    private static boolean binary(String how) {
        return how.contains("base64") || how.contains("base32") || how.contains("base85") || how.equals("hex")
                || how.contains("compressed") || how.endsWith(" codes") || how.equals("binary");
    }

    /** One layer of every decoding that applies to {@code text}. */
    static void decodeOnce(String text, List<Views.View> out, boolean interleave) {
        if (text.indexOf('%') >= 0) {
            add(out, percentDecode(text), "url-encoded");
        }
        if (text.indexOf('&') >= 0) {
            add(out, htmlEntities(text), "html-entities");
        }
        if (text.indexOf('\\') >= 0) {
            add(out, backslashEscapes(text), "escapes");
        }
        if (text.indexOf("=?") >= 0) {
            add(out, encodedWords(text), "rfc2047");
        }
        if (text.indexOf('=') >= 0) {
            add(out, quotedPrintable(text), "quoted-printable");
        }
        if (text.codePoints().anyMatch(cp -> cp >= 0xE0000 && cp <= 0xE03FF)) {
            if (text.codePoints().anyMatch(cp -> cp >= 0xE0000 && cp <= 0xE007F)) {
                StringBuilder tags = new StringBuilder();
                text.codePoints().filter(cp -> cp < 0xE0000 || cp > 0xE007F || cp >= 0xE0020 && cp <= 0xE007E)
                        .map(cp -> cp >= 0xE0020 && cp <= 0xE007E ? cp - 0xE0000 : cp).forEach(tags::appendCodePoint);
                add(out, tags.toString(), "unicode tags");
            }
            // variation selectors as bytes: U+FE00..U+FE0F are 0..15, U+E0100..U+E01EF 16..255
            List<String> pieces = new ArrayList<>();
            java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
            int[] cps = java.util.stream.IntStream.concat(text.codePoints(), java.util.stream.IntStream.of(-1)).toArray();
            for (int cp : cps) {
                int b = cp >= 0xFE00 && cp <= 0xFE0F ? cp - 0xFE00 : cp >= 0xE0100 && cp <= 0xE01EF ? cp - 0xE0100 + 16 : -1;
                if (b >= 0) {
                    run.write(b);
                } else if (run.size() > 0) {
                    textPieces(run.toByteArray(), pieces);
                    run.reset();
                }
            }
            if (!pieces.isEmpty()) {
                out.add(new Views.View(String.join("\u0000", pieces), "variation selectors"));
            }
        }
        add(out, codePointNotation(text), "U+ code points");
        for (String hex : hexDecodings(text)) {
            add(out, hex, "hex");
        }
        charCodes(text, out);
        base64AndRot13(text, out);
        for (String b32 : base32Decodings(text)) {
            add(out, b32, "base32");
        }
        base85(text, out);
        if (interleave) {
            interleaved(text, out);
        }
    }

    /** Runs of character codes, read as {@code Views.charCodes} reads them: numbers at most 8 characters apart. */
    static void charCodes(String text, List<Views.View> out) {
        List<String> decimal = new ArrayList<>();
        List<String> octal = new ArrayList<>();
        List<String> binary = new ArrayList<>();
        List<List<String>> runs = new ArrayList<>();
        Matcher number = Pattern.compile("[0-9]+").matcher(text);
        int lastEnd = -100;
        while (number.find()) {
            if (runs.isEmpty() || number.start() - lastEnd > 8) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(number.group());
            lastEnd = number.end();
        }
        for (List<String> numbers : runs) {
            for (String n : numbers) {
                if (n.length() >= 48 && n.matches("[01]+")) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    for (int b = 0; b + 8 <= n.length(); b += 8) {
                        bytes.write(Integer.parseInt(n.substring(b, b + 8), 2));
                    }
                    textPieces(bytes.toByteArray(), binary);
                }
            }
            if (numbers.size() < 6) {
                continue;
            }
            textPieces(codePoints(numbers, "[0-9]{1,8}", 10), decimal);
            if (numbers.stream().filter(n -> n.matches("[0-7]{1,3}")).count() >= 6) {
                textPieces(codePoints(numbers, "[0-7]{1,3}", 8), octal);
            }
            if (numbers.stream().filter(n -> n.matches("[01]{7,8}")).count() >= 6) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                for (String n : numbers) {
                    bytes.write(n.matches("[01]{7,8}") ? Integer.parseInt(n, 2) : 0);
                }
                textPieces(bytes.toByteArray(), binary);
            }
        }
        for (Object[] reading : new Object[][] {{decimal, "char codes"}, {octal, "octal codes"}, {binary, "binary"}}) {
            @SuppressWarnings("unchecked")
            List<String> pieces = (List<String>) reading[0];
            if (!pieces.isEmpty()) {
                out.add(new Views.View(String.join("\u0000", pieces), (String) reading[1]));
            }
        }
    }

    /** Each number that is a character in {@code radix} as its UTF-8, any other as a 0 byte. */
    private static byte[] codePoints(List<String> numbers, String digits, int radix) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String n : numbers) {
            long cp = n.matches(digits) ? Long.parseLong(n, radix) : 0;
            if (cp < 1 || cp > Character.MAX_CODE_POINT || Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                bytes.write(0);
            } else {
                bytes.writeBytes(new String(Character.toChars((int) cp)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** {@code U+0073} (4 to 6 hex digits, either case of U) as its code point, read character by character; null if none. */
    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    /** {@code U+} and four to six hex digits, ended by a character other than an ASCII letter or digit, another {@code U+} or the end. */
    static String codePointNotation(String text) {
        StringBuilder out = new StringBuilder();
        boolean any = false;
        int i = 0;
        while (i < text.length()) {
            if ((text.charAt(i) == 'U' || text.charAt(i) == 'u') && i + 1 < text.length() && text.charAt(i + 1) == '+') {
                int j = i + 2;
                while (j < text.length() && j - i - 2 < 6 && Character.digit(text.charAt(j), 16) >= 0 && text.charAt(j) < 128) {
                    j++;
                }
                boolean ends = j == text.length() || !isAsciiLetterOrDigit(text.charAt(j))
                        || (text.charAt(j) == 'U' || text.charAt(j) == 'u') && j + 1 < text.length() && text.charAt(j + 1) == '+';
                if (j - i - 2 >= 4 && ends) {
                    int cp = Integer.parseInt(text.substring(i + 2, j), 16);
                    if (cp <= Character.MAX_CODE_POINT && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                        out.appendCodePoint(cp);
                        any = true;
                        i = j;
                        continue;
                    }
                }
            }
            out.append(text.charAt(i));
            i++;
        }
        return any ? out.toString() : null;
    }

    private static void add(List<Views.View> out, String decoded, String how) {
        if (decoded != null && !decoded.isEmpty()) {
            out.add(new Views.View(decoded, how));
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
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                flush(bytes, out);
                out.append(c);
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

    /**
     * Decodes every hex run in the text (after removing {@code 0x}, {@code \x}, {@code %},
     * {@code &#x} and separators), at both nibble alignments.
     */
    public static List<String> hexDecodings(String text) {
        List<String> out = new ArrayList<>();
        if (!mayHoldHex(text)) {
            return out;
        }
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
                utf16Pieces(bytes, bytes.length, out);
            }
        }
        return out;
    }

    private static final Pattern UTF16_TEXT = Pattern.compile("[\\t\\n\\r\\x20-\\x7E\\u00A0-\\u07FF]{6,}");

    /**
     * The first {@code length} bytes as UTF-16 code units, big- then little-endian, from the first
     * byte, then so from the second: the runs of six or more in {@link #UTF16_TEXT}.
     */
    static void utf16Pieces(byte[] bytes, int length, List<String> out) {
        for (int skip = 0; skip < 2; skip++) {
            for (java.nio.ByteOrder order : List.of(java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN)) {
                if (length - skip < 0) {
                    continue;
                }
                String units = java.nio.ByteBuffer.wrap(bytes, skip, (length - skip) & ~1).slice().order(order).asCharBuffer().toString();
                Matcher m = UTF16_TEXT.matcher(units);
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
    }

    /**
     * In runs of 16 or more base64 characters that mix cases or digits: every 16 characters in a
     * row holding four {@code A}s, widened by 16 on either side, overlapping ones joined; each such
     * stretch decoded at four alignments as UTF-16.
     */
    private static void utf16Runs(byte[] text, int n, List<Views.View> out) {
        List<String> pieces = new ArrayList<>();
        Matcher m = Pattern.compile("[^\\x00]{16,}").matcher(new String(text, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String run = m.group();
            if (!mixed(run)) {
                continue;
            }
            List<int[]> stretches = new ArrayList<>();
            for (int end = 1; end <= run.length(); end++) {
                String window = run.substring(Math.max(0, end - 16), end);
                if (window.chars().filter(c -> c == 'A').count() < 4) {
                    continue;
                }
                int[] stretch = {Math.max(0, end - 32), Math.min(run.length(), end + 16)};
                int[] last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
                if (last != null && stretch[0] <= last[1]) {
                    last[1] = stretch[1];
                } else {
                    stretches.add(stretch);
                }
            }
            for (int[] stretch : stretches) {
                byte[] buffer = new byte[stretch[1] - stretch[0]];
                for (int start = 0; start < 4; start++) {
                    int length = decodeBase64(text, m.start() + stretch[0] + start, m.start() + stretch[1], false, buffer);
                    utf16Pieces(buffer, length, pieces);
                }
            }
        }
        if (!pieces.isEmpty()) {
            out.add(new Views.View(String.join("\u0000", pieces), "base64 > utf-16"));
        }
    }

    static boolean mayHoldHex(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                if (++run >= 12) {
                    return true;
                }
            } else if (Character.isLetterOrDigit(c) && c != 'x' && c != 'u') {
                run = 0;
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
    static void base64(String text, List<Views.View> out, String how) {
        Alphabet runs = Alphabet.of(text);
        decodeRuns(runs.joined, runs.joinedLength, out, how, true, false);
        if (runs.strippedLength != runs.joinedLength) {
            decodeRuns(runs.stripped, runs.strippedLength, out, how + " (separators removed)", false, false);
        }
        if (how.equals("base64")) {
            utf16Runs(runs.joined, runs.joinedLength, out);
        }
    }

    /**
     * {@link #base64} of the text, then of its ROT13, as {@code base64(rot13(text))} would: ROT13
     * keeps every character in or out of the base64 alphabet and keeps its case, so the runs are
     * the same and only their decoding differs; the text is read once, not three times more.
     * A backslash makes the two differ ({@code \\n} is dropped as a wrapped line's escape, and
     * ROT13 turns other escapes into it), so such a text is rotated first.
     */
    static void base64AndRot13(String text, List<Views.View> out) {
        if (text.indexOf('\\') >= 0) {
            base64(text, out, "base64");
            base64(rot13(text), out, "rot13 > base64");
            return;
        }
        Alphabet runs = Alphabet.of(text);
        boolean separators = runs.strippedLength != runs.joinedLength;
        decodeRuns(runs.joined, runs.joinedLength, out, "base64", true, false);
        if (separators) {
            decodeRuns(runs.stripped, runs.strippedLength, out, "base64 (separators removed)", false, false);
        }
        utf16Runs(runs.joined, runs.joinedLength, out);
        decodeRuns(runs.joined, runs.joinedLength, out, "rot13 > base64", true, true);
        if (separators) {
            decodeRuns(runs.stripped, runs.strippedLength, out, "rot13 > base64 (separators removed)", false, true);
        }
    }

    /**
     * The text as base64 reads it, one byte per character: {@code joined} without white space
     * (and without {@code \\n} or {@code \\r} escapes), every character outside the alphabet
     * written as 0 so that it still ends a run; {@code stripped} with only the standard
     * alphabet's characters.
     */
    private static final class Alphabet {
        final byte[] joined;
        final byte[] stripped;
        int joinedLength;
        int strippedLength;

        private Alphabet(int n) {
            joined = new byte[n];
            stripped = new byte[n];
        }

        static Alphabet of(String text) {
            int n = text.length();
            Alphabet a = new Alphabet(n);
            byte[] joined = a.joined;
            byte[] stripped = a.stripped;
            int j = 0;
            int s = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
                    i++;
                    continue;
                }
                boolean alphabet = c < 128 && BASE64[c] >= 0;
                if (alphabet) {
                    joined[j++] = (byte) c;
                    if (c != '-' && c != '_') {
                        stripped[s++] = (byte) c;
                    }
                } else if (!Character.isWhitespace(c)) {
                    joined[j++] = 0;
                }
            }
            a.joinedLength = j;
            a.strippedLength = s;
            return a;
        }
    }

    /**
     * Decodes each run of 8 or more base64 characters ({@code [A-Za-z0-9+/_-]}) that mixes
     * cases or digits, at the four alignments, into text pieces (of the ROT13 of the run if
     * {@code rot13}).
     */
    private static void decodeRuns(byte[] text, int n, List<Views.View> out, String how, boolean inflate, boolean rot13) {
        List<String> pieces = new ArrayList<>();
        byte[] buffer = new byte[64];
        int i = 0;
        while (i < n) {
            if (text[i] == 0) {
                i++;
                continue;
            }
            int from = i;
            while (i < n && text[i] != 0) {
                i++;
            }
            if (i - from < 8 || !mixed(text, from, i)) {
                continue; // too short, or an ordinary word: the base64 of text always mixes letter cases or digits
            }
            if (buffer.length < (i - from) * 3 / 4 + 1) {
                buffer = new byte[(i - from) * 3 / 4 + 1];
            }
            for (int start = 0; start < 4; start++) {
                int length = decodeBase64(text, from + start, i, rot13, buffer);
                int before = pieces.size();
                textPieces(buffer, length, pieces);
                if (inflate && start == 0 && length >= 8 && pieces.size() == before) {
                    String inflated = inflate(buffer, length);
                    if (inflated != null) {
                        add(out, inflated, how + " > compressed");
                    }
                }
            }
            // a gzip member starting inside the run: wherever four characters decode to 1F 8B 08
            for (int p = from + 1; inflate && p + 4 <= i; p++) {
                byte[] header = new byte[3];
                if (decodeBase64(text, p, p + 4, rot13, header) == 3 && (header[0] & 0xFF) == 0x1F && (header[1] & 0xFF) == 0x8B
                        && header[2] == 8) {
                    byte[] rest = new byte[(i - p) * 3 / 4 + 1];
                    String inflated = inflate(rest, decodeBase64(text, p, i, rot13, rest));
                    if (inflated != null) {
                        add(out, inflated, how + " > compressed");
                    }
                }
            }
        }
        if (!pieces.isEmpty()) {
            out.add(new Views.View(String.join("\u0000", pieces), how));
        }
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

    /** Decodes base64 characters {@code [from, to)} (ROT13'd first if {@code rot13}) into {@code out}; the bytes written. */
    private static int decodeBase64(byte[] text, int from, int to, boolean rot13, byte[] out) {
        int[] values = rot13 ? BASE64_ROT13 : BASE64;
        int n = 0;
        int buffer = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            buffer = (buffer << 6) | values[text[i]];
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) ((buffer >> bits) & 0xFF);
            }
        }
        return n;
    }

    private static final ThreadLocal<Inflater> ZLIB = ThreadLocal.withInitial(Inflater::new);
    private static final ThreadLocal<Inflater> RAW = ThreadLocal.withInitial(() -> new Inflater(true));

    /**
     * gzip, zlib or raw deflate, inflated (at most 1 MiB); null if the bytes are none of these.
     * Raw deflate has no header, so it is tried only on runs of 16 bytes or more whose first block
     * type is valid; the inflaters are kept per thread, as creating one costs far more than trying.
     */
    static String inflate(byte[] bytes) {
        return inflate(bytes, bytes.length);
    }

    /** The same for the first {@code length} bytes. */
    static String inflate(byte[] bytes, int length) {
        int b0 = bytes[0] & 0xFF;
        int b1 = bytes[1] & 0xFF;
        try {
            byte[] result;
            if (b0 == 0x1F && b1 == 0x8B) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes, 0, length))) {
                    result = in.readNBytes(MAX_INFLATE);
                }
            } else if ((b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && (b0 * 256 + b1) % 31 == 0) {
                result = inflate(ZLIB.get(), bytes, length);
            } else if (length >= 16 && ((b0 >> 1) & 3) != 3 && ((b0 >> 1) & 3) != 0) {
                result = inflate(RAW.get(), bytes, length);
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

    private static byte[] inflate(Inflater inflater, byte[] bytes, int length) {
        inflater.reset();
        inflater.setInput(bytes, 0, length);
        Bytes out = new Bytes(length * 4);
        byte[] chunk = new byte[4096];
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
        List<String> out = new ArrayList<>();
        Base32 codec = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            // runs of [A-Za-z2-7]{8,} and the '=' padding after them
            if (!inBase32(text.charAt(i))) {
                i++;
                continue;
            }
            int from = i;
            boolean digit = false;
            boolean lower = false;
            while (i < n && inBase32(text.charAt(i))) {
                char c = text.charAt(i);
                digit |= c <= '7';
                lower |= c >= 'a';
                i++;
            }
            if (i - from < 8) {
                continue;
            }
            int end = i;
            while (end < n && text.charAt(end) == '=') {
                end++;
            }
            if (!digit && end == i && lower) {
                i = end;
                continue; // a plain lower-case word, not base32
            }
            if (codec == null) {
                codec = new Base32();
            }
            textPieces(codec.decode(text.substring(from, end).toUpperCase(java.util.Locale.ROOT)), out);
            i = end;
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

    private static boolean inBase32(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '2' && c <= '7';
    }

    /** What the regular expressions' {@code \\s} is: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean space(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** Ascii85 (inside {@code <~ ~>}, or a token of 10 or more characters) and Z85 tokens. */
    static void base85(String text, List<Views.View> out) {
        List<String> pieces = new ArrayList<>();
        if (text.indexOf("<~") >= 0) {
            Matcher wrapped = ASCII85_WRAPPED.matcher(text);
            while (wrapped.find()) {
                textPieces(ascii85(wrapped.group(1).replaceAll("\\s", "")), pieces);
            }
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            // tokens of 10 or more characters that are not white space
            if (space(text.charAt(i))) {
                i++;
                continue;
            }
            int from = i;
            while (i < n && !space(text.charAt(i))) {
                i++;
            }
            if (codePoints(text, from, i) < 10 || !hasSymbolOrDigitAndLetter(text, from, i)) {
                continue; // a word or a number: Ascii85 of text mixes letters with digits and symbols
            }
            String token = text.substring(from, i);
            textPieces(ascii85(token), pieces);
            textPieces(z85(token), pieces);
        }
        if (!pieces.isEmpty()) {
            out.add(new Views.View(String.join("\u0000", pieces), "base85"));
        }
    }

    private static boolean hasSymbolOrDigitAndLetter(String text, int from, int to) {
        boolean letter = false;
        boolean other = false;
        for (int i = from; i < to && !(letter && other); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else {
                other = true;
            }
        }
        return letter && other;
    }

    static byte[] ascii85(String s) {
        Bytes out = new Bytes(s.length());
        long tuple = 0;
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'z' && count == 0) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(0);
                continue;
            }
            if (c < '!' || c > 'u') {
                count = 0; // outside the alphabet: start again after it
                tuple = 0;
                continue;
            }
            tuple = tuple * 85 + (c - '!');
            if (++count == 5) {
                writeTuple(out, tuple, 4);
                tuple = 0;
                count = 0;
            }
        }
        if (count > 1) {
            for (int k = count; k < 5; k++) {
                tuple = tuple * 85 + 84;
            }
            writeTuple(out, tuple, count - 1);
        }
        return out.toByteArray();
    }

    static byte[] z85(String s) {
        Bytes out = new Bytes(s.length());
        long tuple = 0;
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int v = c < 128 ? Z85_VALUE[c] : -1;
            if (v < 0) {
                count = 0;
                tuple = 0;
                continue;
            }
            tuple = tuple * 85 + v;
            if (++count == 5) {
                writeTuple(out, tuple, 4);
                tuple = 0;
                count = 0;
            }
        }
        return out.toByteArray();
    }

    private static void writeTuple(Bytes out, long tuple, int n) {
        for (int k = 0; k < n; k++) {
            out.write((int) (tuple >>> (24 - 8 * k)) & 0xFF);
        }
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

    private static boolean inToken(char c) {
        return !space(c) && "/?&=#\"',;:<>{}[]()".indexOf(c) < 0;
    }

    /**
     * Interleaved halves: a token whose characters at even places, then those at odd places (or
     * the reverse), spell something ({@code s1k2-3l4} read as {@code sk-l} and {@code 1234}).
     */
    static void interleaved(String text, List<Views.View> out) {
        StringBuilder views = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            // tokens of 12 or more characters between white space and URL, JSON or shell delimiters
            if (!inToken(text.charAt(i))) {
                i++;
                continue;
            }
            int from = i;
            while (i < n && inToken(text.charAt(i))) {
                i++;
            }
            if (codePoints(text, from, i) < 12 || i - from > 256) {
                continue;
            }
            for (int k = from; k < i; k += 2) {
                views.append(text.charAt(k));
            }
            for (int k = from + 1; k < i; k += 2) {
                views.append(text.charAt(k));
            }
            views.append('\u0000');
            for (int k = from + 1; k < i; k += 2) {
                views.append(text.charAt(k));
            }
            for (int k = from; k < i; k += 2) {
                views.append(text.charAt(k));
            }
            views.append('\u0000');
        }
        if (views.length() > 0) {
            out.add(new Views.View(views.toString(), "interleaved"));
        }
    }

    /**
     * Adds the pieces of decoded bytes that could be text. Decoding text that was never encoded
     * yields mostly bytes that are not UTF-8; a secret is text, so it holds no replacement
     * character and no control character other than tab and line breaks. Cutting there and
     * dropping pieces shorter than {@value #MIN_PIECE} loses nothing worth finding.
     */
    static void textPieces(byte[] bytes, List<String> out) {
        textPieces(bytes, bytes.length, out);
    }

    /**
     * The same over the first {@code length} bytes, reading UTF-8 in place: only the pieces kept
     * become strings. A byte sequence that is not well-formed UTF-8 (as the JDK's decoder judges
     * it: overlong forms, surrogates, code points past U+10FFFF, stray continuation bytes)
     * cuts, as its replacement character would; so does a decoded U+FFFD or control character.
     */
    static void textPieces(byte[] bytes, int length, List<String> out) {
        int start = 0; // first byte of the current piece
        int chars = 0; // its length in UTF-16 characters
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xFF;
            int size;
            int cp;
            if (b < 0x80) {
                size = 1;
                cp = b;
            } else {
                size = wellFormed(bytes, i, length);
                cp = size == 0 ? 0xFFFD : codePoint(bytes, i, size);
                if (size == 0) {
                    size = 1; // the JDK replaces the maximal ill-formed part; every byte of it cuts here alike
                }
            }
            boolean cut = cp == 0xFFFD || cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' || cp == 0x7F;
            if (cut) {
                if (chars >= MIN_PIECE) {
                    out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                i += size;
                start = i;
                chars = 0;
                continue;
            }
            chars += cp >= 0x10000 ? 2 : 1;
            i += size;
        }
        if (chars >= MIN_PIECE) {
            out.add(new String(bytes, start, length - start, StandardCharsets.UTF_8));
        }
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
