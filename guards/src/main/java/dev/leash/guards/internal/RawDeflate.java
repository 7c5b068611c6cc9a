package dev.leash.guards.internal;

/**
 * Tells, without inflating, that bytes which look like the start of raw deflate data are not:
 * decoded base64 of ordinary text often has a valid first block type, and zlib reports the
 * data error it soon meets with an exception, which costs a thousand times more than reading
 * the first few symbols here. Reads a first fixed-Huffman block symbol by symbol (counting,
 * not writing, what it would output) and a first dynamic block's header, and answers
 * {@code true} only where zlib certainly fails or inflates nothing: a literal/length code 286
 * or 287, a distance code 30 or 31, a distance farther back than what was output so far, a
 * dynamic header with more than 286 literal/length or 30 distance codes or an over-subscribed
 * code-length code, or a final block that ends before any output. Anything else (the input
 * runs out, a second block, a valid dynamic header) is left to zlib. Stateless and thread-safe.
 */
final class RawDeflate {

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};

    private RawDeflate() {
    }

    /**
     * Whether the {@code length} bytes from {@code off}, inflated as raw deflate, certainly end in
     * a data error or in nothing, before {@code limit} bytes are output.
     */
    static boolean fails(byte[] bytes, int off, int length, long limit) {
        Bits in = new Bits(bytes, off, length);
        int last = in.read(1);
        int type = in.read(2);
        if (type == 2) {
            if (in.left() < 14) {
                return false;
            }
            int literals = in.read(5) + 257;
            int distances = in.read(5) + 1;
            int lengths = in.read(4) + 4;
            if (literals > 286 || distances > 30) {
                return true; // "too many length or distance symbols"
            }
            if (in.left() < 3L * lengths) {
                return false;
            }
            int[] count = new int[8];
            for (int k = 0; k < lengths; k++) {
                count[in.read(3)]++;
            }
            int free = 1;
            for (int len = 1; len <= 7; len++) {
                free = (free << 1) - count[len];
                if (free < 0) {
                    return true; // "invalid code lengths set": over-subscribed
                }
            }
            return false;
        }
        if (type != 1) {
            return false;
        }
        long out = 0;
        while (out < limit) {
            int symbol = fixedSymbol(in);
            if (symbol < 0) {
                return false; // the input ran out: zlib would wait for more, without error
            }
            if (symbol < 256) {
                out++;
                continue;
            }
            if (symbol == 256) {
                return last == 1 && out == 0; // end of a final block: inflates to nothing
            }
            if (symbol > 285) {
                return true; // "invalid literal/length code"
            }
            int extra = LENGTH_EXTRA[symbol - 257];
            if (in.left() < extra + 5) {
                return false;
            }
            int copied = LENGTH_BASE[symbol - 257] + in.read(extra);
            int code = 0;
            for (int k = 0; k < 5; k++) {
                code = code << 1 | in.read(1); // Huffman codes are read from their first bit
            }
            if (code > 29) {
                return true; // "invalid distance code"
            }
            if (in.left() < DISTANCE_EXTRA[code]) {
                return false;
            }
            int distance = DISTANCE_BASE[code] + in.read(DISTANCE_EXTRA[code]);
            if (distance > out) {
                return true; // "invalid distance too far back": nothing was output that far back
            }
            out += copied;
        }
        return false;
    }

    /** The next symbol of the fixed literal/length code, or -1 if the input ends first. */
    private static int fixedSymbol(Bits in) {
        if (in.left() < 7) {
            return -1;
        }
        int code = 0;
        for (int k = 0; k < 7; k++) {
            code = code << 1 | in.read(1);
        }
        if (code <= 0b0010111) {
            return 256 + code; // 256 to 279: seven bits
        }
        if (in.left() < 1) {
            return -1;
        }
        code = code << 1 | in.read(1);
        if (code >= 0b00110000 && code <= 0b10111111) {
            return code - 0b00110000; // 0 to 143: eight bits
        }
        if (code >= 0b11000000 && code <= 0b11000111) {
            return 280 + code - 0b11000000; // 280 to 287: eight bits
        }
        if (in.left() < 1) {
            return -1;
        }
        code = code << 1 | in.read(1);
        return 144 + code - 0b110010000; // 144 to 255: nine bits
    }

    /** Bits in deflate's order: each byte from its lowest bit. */
    private static final class Bits {
        private final byte[] bytes;
        private final long end;
        private final int off;
        private long at;

        Bits(byte[] bytes, int off, int length) {
            this.bytes = bytes;
            this.off = off;
            this.end = 8L * length;
        }

        long left() {
            return end - at;
        }

        /** The next {@code n} bits as a number, the first one lowest; the caller checks {@link #left}. */
        int read(int n) {
            int value = 0;
            for (int k = 0; k < n; k++) {
                int bit = bytes[off + (int) (at >>> 3)] >> (int) (at & 7) & 1;
                value |= bit << k;
                at++;
            }
            return value;
        }
    }
}
