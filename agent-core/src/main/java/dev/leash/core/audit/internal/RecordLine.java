package dev.leash.core.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One line of the audit log, byte for byte:
 *
 * <pre>
 * {"seq":N,"prev":"P","event":E,"hash":"H"}\n
 * </pre>
 *
 * <p>{@code N} is the record's sequence number (1, 2, 3, ... with no gaps), {@code P} the
 * {@code H} of the line before (64 zeros for the first line), {@code E} the event as one line of
 * JSON and {@code H} the lower-case hex SHA-256 of the UTF-8 bytes of the line up to, not
 * including, {@code ,"hash":} (that is {@code {"seq":N,"prev":"P","event":E}). Hashing the
 * exact bytes means no canonical form of JSON is needed: any changed byte changes the hash.
 */
public final class RecordLine {

    /** The {@code prev} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] SEQ = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREV = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "\",\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_HEX = 64;
    private static final HexFormat HEX = HexFormat.of();

    private RecordLine() {
    }

    /** An encoded line and its hash. */
    public record Encoded(byte[] bytes, String hash) {
    }

    /**
     * A line as found in a file.
     *
     * @param seq the sequence number it states
     * @param prev the hash it says came before
     * @param hash the hash it states
     * @param hashValid whether {@code hash} is the SHA-256 of the line's body
     * @param eventJson the event JSON text
     */
    public record Parsed(long seq, String prev, String hash, boolean hashValid, String eventJson) {
    }

    /**
     * Lines appended one after another to a buffer, each chained to the one before: the bytes of
     * {@link #encode} without a string, a digest or an array made per line. {@link #clear()}
     * empties the buffer and keeps the chain. Not thread-safe (the sink's commit lock guards it).
     */
    public static final class Chain {
        private final MessageDigest digest;
        private final byte[] hash = new byte[32];
        private final byte[] prev = new byte[HASH_HEX];
        private final byte[] digits = new byte[20];
        private static final int INITIAL = 8192;
        private static final int KEEP = 1 << 20;
        private byte[] buffer = new byte[INITIAL];
        private int size;

        /** A chain whose next line follows the line with hash {@code prevHash}. */
        public Chain(String prevHash) {
            if (!isHex(prevHash)) {
                throw new IllegalArgumentException("prevHash must be 64 lower-case hex digits: " + prevHash);
            }
            System.arraycopy(prevHash.getBytes(StandardCharsets.US_ASCII), 0, prev, 0, HASH_HEX);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        /**
         * Appends the line of record {@code seq} with the event {@code eventJson[0, length)} (one
         * line of JSON in UTF-8, no raw line breaks).
         */
        public void append(long seq, byte[] eventJson, int length) {
            if (seq < 1) {
                throw new IllegalArgumentException("seq must be positive: " + seq);
            }
            int n = digits.length;
            for (long v = seq; v > 0; v /= 10) {
                digits[--n] = (byte) ('0' + v % 10);
            }
            int bodyLength = SEQ.length + digits.length - n + PREV.length + HASH_HEX + EVENT.length + length;
            int lineLength = bodyLength + HASH.length + HASH_HEX + END.length + 1;
            if (buffer.length - size < lineLength) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + lineLength));
            }
            int start = size;
            int at = put(start, SEQ, SEQ.length);
            System.arraycopy(digits, n, buffer, at, digits.length - n);
            at += digits.length - n;
            at = put(at, PREV, PREV.length);
            at = put(at, prev, HASH_HEX);
            at = put(at, EVENT, EVENT.length);
            System.arraycopy(eventJson, 0, buffer, at, length);
            at += length;
            digest.update(buffer, start, at - start);
            try {
                digest.digest(hash, 0, hash.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 failed", e);
            }
            at = put(at, HASH, HASH.length);
            for (int i = 0; i < hash.length; i++) {
                prev[2 * i] = HEX_DIGITS[(hash[i] >> 4) & 0xf];
                prev[2 * i + 1] = HEX_DIGITS[hash[i] & 0xf];
            }
            at = put(at, prev, HASH_HEX);
            at = put(at, END, END.length);
            buffer[at++] = '\n';
            size = at;
        }

        private int put(int at, byte[] bytes, int length) {
            System.arraycopy(bytes, 0, buffer, at, length);
            return at + length;
        }

        /** The lines appended since the last {@link #clear()}: {@code buffer()[0, size())}. */
        public byte[] buffer() {
            return buffer;
        }

        /** How many bytes {@link #buffer()} holds. */
        public int size() {
            return size;
        }

        /** Empties the buffer (and lets a large one go); the next line still follows the last one appended. */
        public void clear() {
            size = 0;
            if (buffer.length > KEEP) {
                buffer = new byte[INITIAL];
            }
        }

        /** The hash of the last line appended (the constructor's for none). */
        public String lastHash() {
            return new String(prev, StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Encodes a record; {@code eventJson} must be one line of JSON (no raw line breaks). */
    public static Encoded encode(long seq, String prev, String eventJson) {
        String body = "{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"event\":" + eventJson;
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String hash = sha256(bodyBytes, bodyBytes.length);
        byte[] line = new byte[bodyBytes.length + HASH.length + HASH_HEX + END.length + 1];
        System.arraycopy(bodyBytes, 0, line, 0, bodyBytes.length);
        int at = bodyBytes.length;
        System.arraycopy(HASH, 0, line, at, HASH.length);
        at += HASH.length;
        byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, line, at, HASH_HEX);
        at += HASH_HEX;
        System.arraycopy(END, 0, line, at, END.length);
        line[line.length - 1] = '\n';
        return new Encoded(line, hash);
    }

    /**
     * Parses a line (without its newline).
     *
     * @return empty when the line does not have the record layout at all
     */
    public static Optional<Parsed> parse(byte[] line) {
        int suffix = HASH.length + HASH_HEX + END.length;
        int minimum = SEQ.length + 1 + PREV.length + HASH_HEX + EVENT.length + 2 + suffix;
        if (line.length < minimum || !startsWith(line, 0, SEQ)) {
            return Optional.empty();
        }
        int bodyEnd = line.length - suffix;
        if (!startsWith(line, bodyEnd, HASH) || !startsWith(line, line.length - END.length, END)) {
            return Optional.empty();
        }
        String hash = ascii(line, bodyEnd + HASH.length, HASH_HEX);
        if (!isHex(hash)) {
            return Optional.empty();
        }
        int at = SEQ.length;
        int digitsStart = at;
        while (at < bodyEnd && line[at] >= '0' && line[at] <= '9') {
            at++;
        }
        if (at == digitsStart || at - digitsStart > 18) {
            return Optional.empty();
        }
        long seq = Long.parseLong(ascii(line, digitsStart, at - digitsStart));
        if (!startsWith(line, at, PREV)) {
            return Optional.empty();
        }
        at += PREV.length;
        if (at + HASH_HEX > bodyEnd) {
            return Optional.empty();
        }
        String prev = ascii(line, at, HASH_HEX);
        at += HASH_HEX;
        if (!isHex(prev) || !startsWith(line, at, EVENT)) {
            return Optional.empty();
        }
        at += EVENT.length;
        if (at >= bodyEnd || line[at] != '{' || line[bodyEnd - 1] != '}') {
            return Optional.empty();
        }
        String event = new String(Arrays.copyOfRange(line, at, bodyEnd), StandardCharsets.UTF_8);
        boolean valid = sha256(line, bodyEnd).equals(hash);
        return Optional.of(new Parsed(seq, prev, hash, valid, event));
    }

    /**
     * Where the parts of a line lie in a buffer, found without copying or hashing it (for a
     * verifier that streams a log and checks the hash with a digest of its own).
     *
     * @param seq the sequence number the line states
     * @param prevAt offset of the 64 hex digits of {@code prev}
     * @param eventFrom offset of the event's opening brace
     * @param bodyEnd offset where {@code ,"hash":} starts (the end of the hashed body and of the event)
     * @param hashAt offset of the 64 hex digits of the stated hash
     */
    public record Layout(long seq, int prevAt, int eventFrom, int bodyEnd, int hashAt) {
    }

    /**
     * The layout of the line in {@code buffer[offset, offset + length)} (without its newline).
     *
     * @return null when the bytes do not have the record layout at all (a hex digit out of
     *         place, a missing part)
     */
    public static Layout layout(byte[] buffer, int offset, int length) {
        int suffix = HASH.length + HASH_HEX + END.length;
        int minimum = SEQ.length + 1 + PREV.length + HASH_HEX + EVENT.length + 2 + suffix;
        int limit = offset + length;
        if (length < minimum || !startsWith(buffer, offset, limit, SEQ)) {
            return null;
        }
        int bodyEnd = limit - suffix;
        if (!startsWith(buffer, bodyEnd, limit, HASH) || !startsWith(buffer, limit - END.length, limit, END)) {
            return null;
        }
        int hashAt = bodyEnd + HASH.length;
        if (!isHex(buffer, hashAt)) {
            return null;
        }
        int at = offset + SEQ.length;
        int digitsStart = at;
        long seq = 0;
        while (at < bodyEnd && buffer[at] >= '0' && buffer[at] <= '9') {
            seq = seq * 10 + (buffer[at] - '0');
            at++;
        }
        if (at == digitsStart || at - digitsStart > 18) {
            return null;
        }
        if (!startsWith(buffer, at, limit, PREV)) {
            return null;
        }
        at += PREV.length;
        if (at + HASH_HEX > bodyEnd) {
            return null;
        }
        int prevAt = at;
        at += HASH_HEX;
        if (!isHex(buffer, prevAt) || !startsWith(buffer, at, limit, EVENT)) {
            return null;
        }
        at += EVENT.length;
        if (at >= bodyEnd || buffer[at] != '{' || buffer[bodyEnd - 1] != '}') {
            return null;
        }
        return new Layout(seq, prevAt, at, bodyEnd, hashAt);
    }

    private static boolean isHex(byte[] buffer, int at) {
        for (int i = at; i < at + HASH_HEX; i++) {
            byte c = buffer[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] buffer, int at, int limit, byte[] prefix) {
        if (at < 0 || at + prefix.length > limit) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex SHA-256 of the first {@code length} bytes. */
    public static String sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return HEX.formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code text} is 64 lower-case hex digits. */
    public static boolean isHex(String text) {
        if (text.length() != HASH_HEX) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] line, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > line.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] line, int from, int length) {
        return new String(line, from, length, StandardCharsets.ISO_8859_1);
    }
}
