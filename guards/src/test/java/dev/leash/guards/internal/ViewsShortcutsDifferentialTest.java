package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the base64 path yield exactly what {@link ViewsReference#base64AndRot13}
 * yields: the joined runs found eight bytes at a time (a dash, an underscore or a separator at
 * every place of a word, runs ending on either side of the last whole word), a stripped-run
 * start skipped when the bytes up to its first cut cannot hold {@value Views#MIN_PIECE}
 * characters (pieces of one to four-byte sequences just under, at and over that length, with
 * the four-byte ones counting two), compression headers read from the stream, and buffers
 * reused from text to text on a thread (a short text after a long one of noise, whose bytes
 * are left past the short one's end). Each text is also checked in full against
 * {@link ViewsReference#of}.
 */
class ViewsShortcutsDifferentialTest {

    private static final String[] PROSE = {"", "We shipped the release. ", "{\"title\":\"Weekly\",\"body\":\"",
        "caf\u00e9 \u00fcber \u4e2d\u6587 ", "\ud83d\ude00 ", "a\\nb ", "Order 100234577 ships on Monday, "};

    private static void sameViews(String text) {
        List<Views.View> actual = new ArrayList<>();
        List<Views.View> expected = new ArrayList<>();
        Views.base64AndRot13(text, actual);
        ViewsReference.base64AndRot13(text, expected);
        String shown = text.length() <= 300 ? text : text.substring(0, 300) + "...";
        assertThat(actual).as("base64 views of %s", shown).isEqualTo(expected);
        assertThat(Views.of(text)).as("views of %s", shown).isEqualTo(ViewsReference.of(text));
    }

    @Test
    void joinedRunsWithMarksAtEveryPlaceOfAWordAreAsBefore() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String marks = "-_.,:\" \n\u00e9\\";
        Random random = new Random(21);
        for (int length = 1; length <= 26; length++) {
            for (int at = 0; at < length; at++) {
                for (int k = 0; k < marks.length(); k++) {
                    StringBuilder run = new StringBuilder();
                    for (int i = 0; i < length; i++) {
                        run.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    run.setCharAt(at, marks.charAt(k));
                    if (random.nextBoolean()) {
                        run.setCharAt(random.nextInt(length), marks.charAt(random.nextInt(marks.length())));
                    }
                    String prose = PROSE[random.nextInt(PROSE.length)];
                    sameViews(prose + run);
                    sameViews(run + "." + prose);
                    sameViews(prose + run + "-" + run);
                }
            }
        }
    }

    /** Characters of every UTF-8 length: one byte, two, three, and four (two UTF-16 characters). */
    private static final String[] CHARACTERS = {"a", "Z", "7", " ", "\u00e9", "\u07fe", "\u20ac", "\u4e2d", "\ud7ff", "\ue000",
        "\ud83d\ude00", "\udbff\udfff", "\ud800\udc00"};

    @Test
    void piecesJustUnderAtAndOverTheLeastLengthAreAsBefore() {
        Random random = new Random(22);
        String separators = ".,-_ :;/|";
        for (int round = 0; round < 6_000; round++) {
            StringBuilder piece = new StringBuilder();
            int chars = Views.MIN_PIECE - 2 + random.nextInt(4);
            while (piece.length() < chars) {
                piece.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
            }
            byte[] text = piece.toString().getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[text.length + 2];
            System.arraycopy(text, 0, bytes, 1, text.length);
            // cut on either side: a control byte, a stray continuation byte, a lead byte, or nothing
            int[] cuts = {0x00, 0x80, 0xC3, 0xF0, 0x41};
            bytes[0] = (byte) cuts[random.nextInt(cuts.length)];
            bytes[bytes.length - 1] = (byte) cuts[random.nextInt(cuts.length)];
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            if (random.nextInt(3) == 0) {
                encoded = Views.rot13(encoded);
            }
            StringBuilder out = new StringBuilder(PROSE[random.nextInt(PROSE.length)]);
            out.append("QA7".substring(0, random.nextInt(4))); // every alignment
            for (int i = 0; i < encoded.length(); i++) {
                if (random.nextInt(6) == 0) {
                    out.append(separators.charAt(random.nextInt(separators.length())));
                }
                out.append(encoded.charAt(i));
            }
            if (random.nextBoolean()) {
                out.append('.'); // the stripped run differs from the joined runs
            }
            out.append(' ').append(PROSE[random.nextInt(PROSE.length)]);
            sameViews(out.toString());
        }
    }

    @Test
    void shortTextsAfterLongNoiseReadNothingLeftFromIt() {
        Random random = new Random(24);
        String separators = ".,-_ :";
        for (int round = 0; round < 150; round++) {
            // near the most a thread's buffers hold, on either side of it, and far past it
            int size = round % 15 == 0 ? Views.Scratch.MOST * 2 : Views.Scratch.MOST - 64 + random.nextInt(128);
            StringBuilder noise = new StringBuilder();
            byte[] bytes = new byte[3];
            while (noise.length() < size) {
                random.nextBytes(bytes);
                noise.append(Base64.getEncoder().encodeToString(bytes));
                if (random.nextInt(5) == 0) {
                    noise.append(separators.charAt(random.nextInt(separators.length())));
                }
            }
            sameViews(noise.substring(0, size));
            StringBuilder text = new StringBuilder(PROSE[random.nextInt(PROSE.length)]);
            int length = 8 + random.nextInt(120);
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x5F));
            }
            String encoded = Base64.getEncoder().encodeToString(payload);
            for (int i = 0; i < encoded.length(); i++) {
                if (random.nextInt(7) == 0) {
                    text.append(separators.charAt(random.nextInt(separators.length())));
                }
                text.append(encoded.charAt(i));
            }
            sameViews(text.toString());
            sameViews(text.substring(0, Math.max(8, text.length() / 2)) + ".");
        }
    }

    @Test
    void compressedRunsAtEveryAlignmentInsideTheStrippedRunAreAsBefore() {
        // inflated only where the run's first alignment yields no piece: a few in a hundred of these
        Random random = new Random(23);
        int inflated = 0;
        for (int round = 0; round < 1_500; round++) {
            byte[] payload = ("the api key is sk-live-" + Long.toHexString(random.nextLong()) + ", keep it safe")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] compressed = switch (round % 3) {
                case 0 -> ViewsDifferentialTest.gzip(payload);
                case 1 -> ViewsDifferentialTest.deflate(payload, false);
                default -> ViewsDifferentialTest.deflate(payload, true);
            };
            String encoded = Base64.getEncoder().encodeToString(compressed);
            if (round % 5 == 0) {
                encoded = Views.rot13(encoded);
            }
            String text = PROSE[random.nextInt(PROSE.length)] + "QA7".substring(0, round / 3 % 4) + "." + encoded + ". "
                    + PROSE[random.nextInt(PROSE.length)];
            sameViews(text);
            if (ViewsReference.of(text).stream().anyMatch(v -> v.how().contains("compressed"))) {
                inflated++;
            }
        }
        assertThat(inflated).as("texts with an inflated view").isGreaterThan(10);
    }
}
