package dev.leash.tiers.guard.internal;

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
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return out;
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
                out.add(new String(decodeBase64(run, start), StandardCharsets.UTF_8));
            }
        }
        return out;
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
