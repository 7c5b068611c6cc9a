package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The base64 path that reads the stripped run as one stream of bits for its four alignments
 * (pairs that may join found 32 at a time, the other alignments shifted out of alignment 0 only
 * where they are read, inflate attempts filled in only past a header) yields exactly what
 * {@link ViewsReference#base64AndRot13}, the base64 path as it was first written, yields: the
 * same views with the same labels in the same order. Compared on random texts mixing prose,
 * base64, base64url and ROT13-of-base64 runs with and without separators, payloads of UTF-8
 * edge bytes and of gzip, zlib and raw deflate, at lengths on either side of the 64-bit words.
 */
class ViewsStreamDifferentialTest {

    private static final String[] WORDS = {"We", "shipped", "the", "release", "and", "incident", "review", "is",
        "booked", "for", "Thursday.", "Weekly", "summary", "\"title\":", "\"body\":", "{", "}", ",", "-", "_", ".",
        "caf\u00e9", "\u00fcber", "\u4e2d\u6587", "\ud83d\ude00", "QS-7731", "v1.2.3", "x/y/z", "\n", "\t", "save_note"};
    /** Bytes at the edges of UTF-8: lead bytes with narrow second bytes, the ends of each range, controls. */
    private static final int[] EDGES = {0x00, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x1F, 0x20, 0x7E, 0x7F, 0x80,
        0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF};

    private static void sameViews(String text) {
        List<Views.View> actual = new ArrayList<>();
        List<Views.View> expected = new ArrayList<>();
        Views.base64AndRot13(text, actual);
        ViewsReference.base64AndRot13(text, expected);
        assertThat(actual).as("base64 views of %s", text.length() <= 300 ? text : text.substring(0, 300) + "...")
                .isEqualTo(expected);
    }

    @Test
    void randomMixesOfProseAndEncodedRunsHaveTheSameViews() {
        Random random = new Random(64);
        for (int round = 0; round < 6_000; round++) {
            sameViews(mix(random, round % 50 == 0 ? 200 : 24));
        }
    }

    @Test
    void longTextsHaveTheSameViews() {
        Random random = new Random(65);
        for (int round = 0; round < 40; round++) {
            sameViews(mix(random, 400 + random.nextInt(3_000)));
        }
    }

    @Test
    void runsOfEveryLengthNearTheWordsHaveTheSameViews() {
        Random random = new Random(66);
        for (int length = 1; length < 400; length++) {
            for (int round = 0; round < 4; round++) {
                byte[] raw = payload(random, length);
                String b64 = Base64.getEncoder().encodeToString(raw);
                sameViews(b64 + ".");
                sameViews("x " + b64.substring(0, b64.length() / 2) + "-" + b64.substring(b64.length() / 2) + " y.");
                sameViews(Views.rot13(b64) + ", \"z\"");
            }
        }
    }

    @Test
    void textPiecesOfRandomBytesAreTheReferencePieces() {
        Random random = new Random(67);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = payload(random, random.nextInt(round % 20 == 0 ? 800 : 120));
            int from = bytes.length == 0 ? 0 : random.nextInt(Math.min(bytes.length, 16) + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            List<String> actual = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            Views.textPieces(bytes, from, to, actual);
            ViewsReference.textPieces(java.util.Arrays.copyOfRange(bytes, from, to), expected);
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** Prose and encoded runs, {@code parts} of them, with separators and white space between. */
    private static String mix(Random random, int parts) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(parts + 1);
        for (int k = 0; k < n; k++) {
            int kind = random.nextInt(12);
            if (kind < 5) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
            } else {
                byte[] raw = switch (kind) {
                    case 5 -> ViewsDifferentialTest.gzip(prose(random));
                    case 6 -> ViewsDifferentialTest.deflate(prose(random), false);
                    case 7 -> ViewsDifferentialTest.deflate(prose(random), true);
                    default -> payload(random, random.nextInt(60));
                };
                String b64 = kind == 8 ? Base64.getUrlEncoder().encodeToString(raw) : Base64.getEncoder().encodeToString(raw);
                if (kind == 9) {
                    b64 = Views.rot13(b64);
                }
                if (kind == 10 && b64.length() > 4) {
                    StringBuilder cut = new StringBuilder();
                    for (int i = 0; i < b64.length(); i++) {
                        cut.append(b64.charAt(i));
                        if (random.nextInt(6) == 0) {
                            cut.append(".-_ \n,:".charAt(random.nextInt(7)));
                        }
                    }
                    b64 = cut.toString();
                }
                if (kind == 11) {
                    b64 = b64.replace("=", "");
                }
                text.append(b64);
            }
            text.append(random.nextInt(3) == 0 ? "" : random.nextBoolean() ? " " : "\n");
        }
        return text.toString();
    }

    /** Bytes of text, of UTF-8 edge bytes, or of anything. */
    private static byte[] payload(Random random, int length) {
        byte[] bytes = new byte[length];
        int mode = random.nextInt(4);
        byte[] text = "secret token k9 \u00e9t\u00e9 \u20ac \ud83d\ude00 sk-live".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length; i++) {
            int k = random.nextInt(10);
            bytes[i] = (byte) switch (mode) {
                case 0 -> random.nextInt(256);
                case 1 -> k < 6 ? text[random.nextInt(text.length)] : EDGES[random.nextInt(EDGES.length)];
                case 2 -> k < 8 ? text[random.nextInt(text.length)] : random.nextInt(256);
                default -> EDGES[random.nextInt(EDGES.length)];
            };
        }
        return bytes;
    }

    private static byte[] prose(Random random) {
        StringBuilder text = new StringBuilder();
        int n = 3 + random.nextInt(30);
        for (int k = 0; k < n; k++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
