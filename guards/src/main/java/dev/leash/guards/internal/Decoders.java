package dev.leash.guards.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient decoders that find encoded content inside arbitrary text: percent-encoding, hex runs
 * and base64 or base64url runs (at every alignment). Stateless and thread-safe.
 */
public final class Decoders {

    /** Runs shorter than this are not decoded: they cannot hold a secret of the minimum length. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{8,}");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{12,}");
    private static final Pattern HEX_PREFIXES = Pattern.compile("\\\\x|0x|%|&#x|\\\\u00");
    private static final int[] BASE64 = new int[128];

    static {
        java.util.Arrays.fill(BASE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = i;
        }
        BASE64['-'] = 62;
        BASE64['_'] = 63;
    }

    private Decoders() {
    }

    /** Lower-cased letters and digits only: separators, spaces, punctuation removed. */
    public static String alnumLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                    out.append(c);
                } else if (c >= 'A' && c <= 'Z') {
                    out.append((char) (c + 32));
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                int cp = text.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    out.appendCodePoint(Character.toLowerCase(cp));
                }
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    public static String reverse(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    /** Decodes {@code %XX} sequences (and {@code +} as space); anything malformed is kept as is. */
    public static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
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
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
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

    /**
     * Decodes every hex run in the text (after removing {@code 0x}, {@code \x}, {@code %} and
     * separators), at both nibble alignments.
     */
    public static List<String> hexDecodings(String text) {
        if (!mayHoldHex(text)) {
            return List.of();
        }
        String view = alnumLower(HEX_PREFIXES.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(""));
        List<String> out = new ArrayList<>();
        Matcher m = HEX_RUN.matcher(view);
        while (m.find()) {
            String run = m.group();
            for (int start = 0; start < 2; start++) {
                int end = start + (run.length() - start) / 2 * 2;
                byte[] bytes = new byte[(end - start) / 2];
                for (int i = start, j = 0; i < end; i += 2, j++) {
                    bytes[j] = (byte) (Character.digit(run.charAt(i), 16) * 16 + Character.digit(run.charAt(i + 1), 16));
                }
                addTextPieces(new String(bytes, StandardCharsets.UTF_8), out);
            }
        }
        return out;
    }

    /**
     * Whether the text has 12 hex digits in a row once separators are skipped: the shortest hex
     * run {@link #hexDecodings} decodes. Prose almost never has, so most texts skip the regular
     * expressions. Hex written with {@code 0x}, {@code \\x}, {@code &#x} or {@code %} prefixes is
     * still a run of hex digits once the prefix letters are skipped: {@code x} and {@code #} and
     * {@code &} and {@code ;} break nothing here.
     */
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
     * Decodes every base64 or base64url run in the text (whitespace and padding removed, so
     * wrapped MIME lines join up) at each of the four character alignments, so that content at
     * any byte offset inside a longer encoded text is recovered.
     */
    public static List<String> base64Decodings(String text) {
        StringBuilder joined = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r')) {
                i++;
            } else if (!Character.isWhitespace(c)) {
                joined.append(c);
            }
        }
        List<String> out = new ArrayList<>();
        Matcher m = BASE64_RUN.matcher(joined);
        while (m.find()) {
            String run = m.group();
            for (int start = 0; start < 4; start++) {
                addTextPieces(new String(decodeBase64(run, start), StandardCharsets.UTF_8), out);
            }
        }
        return out;
    }

    /** Shortest piece of decoded text worth scanning: no secret is shorter. */
    static final int MIN_PIECE = 6;

    /**
     * Adds the pieces of decoded text that could hold a secret. Decoding text that was never
     * encoded (every English word is a base64 run) yields mostly bytes that are not UTF-8; a
     * secret is text, so it cannot contain a replacement character or a control character other
     * than tab and line breaks. Splitting there and dropping pieces shorter than any secret loses
     * no secret, and keeps the next layer of decoding from working on noise.
     */
    static void addTextPieces(String decoded, List<String> out) {
        int start = 0;
        for (int i = 0; i <= decoded.length(); i++) {
            boolean cut = i == decoded.length();
            if (!cut) {
                char c = decoded.charAt(i);
                cut = c == '\uFFFD' || c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F;
            }
            if (cut) {
                if (i - start >= MIN_PIECE) {
                    out.add(decoded.substring(start, i));
                }
                start = i + 1;
            }
        }
    }

    private static byte[] decodeBase64(String run, int start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(run.length());
        int buffer = 0;
        int bits = 0;
        for (int i = start; i < run.length(); i++) {
            int v = BASE64[run.charAt(i)];
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xFF);
            }
        }
        return out.toByteArray();
    }
}
