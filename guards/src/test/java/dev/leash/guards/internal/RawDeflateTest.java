package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The pre-check says "fails" only where the JDK's zlib fails or inflates nothing, and the
 * views' inflation finds what it found before, on noise and on real deflate data (whole,
 * truncated, with bits flipped).
 */
class RawDeflateTest {

    /** What zlib makes of raw deflate: the bytes out, or null on a data error. */
    private static byte[] zlib(byte[] bytes) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (!inflater.finished() && out.size() < 1 << 20) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static byte[] deflate(byte[] input, int level) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void check(byte[] bytes, int[] said) {
        boolean fails = RawDeflate.fails(bytes, 0, bytes.length, Long.MAX_VALUE);
        if (fails) {
            byte[] out = zlib(bytes);
            assertThat(out == null || out.length == 0).as("zlib on %s", java.util.HexFormat.of().formatHex(bytes)).isTrue();
            said[0]++;
        }
        int type = bytes[0] >> 1 & 3;
        if (type == 1 || type == 2) {
            said[1]++; // a first block of fixed or dynamic codes, as the views try
        }
        if (bytes.length >= 16) {
            assertThat(Views.inflate(bytes)).isEqualTo(ViewsReference.inflate(bytes));
        }
    }

    @Test
    void saysFailsOnlyWhereZlibFailsAndInflationFindsWhatItDid() {
        Random random = new Random(21);
        int[] noise = new int[2];
        for (int round = 0; round < 60_000; round++) {
            byte[] bytes = new byte[8 + random.nextInt(120)];
            random.nextBytes(bytes);
            check(bytes, noise);
        }
        int[] real = new int[2];
        String[] texts = {"sk-live-4f9a2b7c1d", "the key is QS-7731-ALPHA, keep it safe", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "We shipped the release and the incident review is booked for Thursday. We shipped the release."};
        for (int round = 0; round < 20_000; round++) {
            String text = texts[random.nextInt(texts.length)] + random.nextInt(1000);
            byte[] bytes = deflate(text.getBytes(StandardCharsets.UTF_8), random.nextInt(10));
            switch (random.nextInt(3)) {
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
                case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    // whole
                }
            }
            check(bytes, real);
        }
        // most noise that starts as a fixed or dynamic block is told apart without zlib, or the check would not be worth having
        assertThat(noise[0]).as("noise found to fail, of %d", noise[1]).isGreaterThan(noise[1] / 2);
    }
}
