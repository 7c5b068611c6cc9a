package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * The decoders that read runs of characters (Ascii85 and Z85 tokens, interleaved tokens, base32
 * runs, the hex pre-check) read only the blocks where one pass found a run long enough, and
 * {@code Views.of} queues its views in the list it returns: what they find must be exactly what
 * {@link ViewsReference}, reading every character, finds. The texts are built to sit on every
 * edge the pass has: runs one short of, at and one past each least length, across block
 * boundaries, ended by each kind of character (white space of every kind, delimiters, {@code =}
 * padding, letters that end a hex run, non-ASCII letters whose lower case is ASCII, surrogates),
 * and runs long enough to be capped.
 */
class ViewsRunsDifferentialTest {

    /** Characters grouped by what they are to the decoders. */
    private static final String[] KINDS = {
        " \t\n\u000B\f\r", // white space as the regular expressions' \s
        "/?&=#\"',;:<>{}[]()", // delimiters of interleaved tokens
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ", // base32, capitals
        "abcdefghijklmnopqrstuvwxyz", // base32, lower case
        "234567", // base32 digits
        "0189", // digits outside base32
        "0123456789abcdefABCDEF", // hex digits
        "xXuU", // letters a hex run goes on over
        "ghijklmnopqrstvwyzGHIJKLMNOPQRSTVWYZ", // letters that end a hex run
        "=", // base32 padding
        "!$*+-.@^_`|~z%\\", // Ascii85 and Z85 symbols, marks of other decodings
        "\u00e9\u00fc\u00df\u00ff\u0130\u212A\u017F\uFF21\uFF41\u0663\u4e2d\u00a0\u2028", // non-ASCII letters, digits, spaces
        "\ud83d\ude00\ud800\udc00\ud83d", // surrogate pairs and lone surrogates
    };

    private static String run(Random random, String kind, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(kind.charAt(random.nextInt(kind.length())));
        }
        return out.toString();
    }

    /** A length on an edge: one short of, at or one past a least length or a block, or a long run. */
    private static int length(Random random) {
        int[] edges = {1, 2, 5, 7, 8, 9, 10, 11, 12, 13, 31, 32, 33, 63, 64, 65, 255, 256, 257};
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(6);
            case 1 -> edges[random.nextInt(edges.length)];
            case 2 -> random.nextInt(40);
            default -> random.nextInt(20) == 0 ? 300 + random.nextInt(3_000) : 1 + random.nextInt(14);
        };
    }

    private static String text(Random random, int parts) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            int r = random.nextInt(10);
            if (r < 6) {
                text.append(run(random, KINDS[random.nextInt(KINDS.length)], length(random)));
            } else if (r < 8) {
                // a run mixing two kinds, as encodings and tokens do
                String mixed = KINDS[random.nextInt(KINDS.length)] + KINDS[random.nextInt(KINDS.length)];
                text.append(run(random, mixed, length(random)));
            } else if (r == 8) {
                byte[] bytes = new byte[1 + random.nextInt(24)];
                random.nextBytes(bytes);
                if (random.nextBoolean()) {
                    bytes = ("key " + run(random, KINDS[2] + KINDS[3] + KINDS[4], 8 + random.nextInt(10))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                text.append(switch (random.nextInt(5)) {
                    case 0 -> new Base32().encodeAsString(bytes);
                    case 1 -> new Base32().encodeAsString(bytes).toLowerCase(java.util.Locale.ROOT);
                    case 2 -> HexFormat.of().formatHex(bytes);
                    case 3 -> "<~" + run(random, "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstu z\n", 5 + random.nextInt(30)) + "~>";
                    default -> Base64.getEncoder().encodeToString(bytes);
                });
            } else {
                text.append(run(random, KINDS[0] + KINDS[1], 1 + random.nextInt(3)));
            }
        }
        return text.toString();
    }

    private static void sameDecodings(String text) {
        String shown = text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
        List<Views.View> base85 = new ArrayList<>();
        Views.base85(text, base85);
        List<Views.View> base85Before = new ArrayList<>();
        ViewsReference.base85(text, base85Before);
        assertThat(base85).as("base85 of %s", shown).isEqualTo(base85Before);
        List<Views.View> interleaved = new ArrayList<>();
        Views.interleaved(text, interleaved);
        List<Views.View> interleavedBefore = new ArrayList<>();
        ViewsReference.interleaved(text, interleavedBefore);
        assertThat(interleaved).as("interleaved of %s", shown).isEqualTo(interleavedBefore);
        assertThat(Views.base32Decodings(text)).as("base32 of %s", shown).isEqualTo(ViewsReference.base32Decodings(text));
        assertThat(Views.mayHoldHex(text)).as("may hold hex: %s", shown).isEqualTo(ViewsReference.mayHoldHex(text));
        assertThat(Views.hexDecodings(text)).as("hex of %s", shown).isEqualTo(ViewsReference.hexDecodings(text));
        assertThat(Views.mayBeEncoded(text)).as("may be encoded: %s", shown).isEqualTo(ViewsReference.mayBeEncoded(text));
        assertThat(Views.of(text)).as("views of %s", shown).isEqualTo(ViewsReference.of(text));
    }

    @Test
    void attachmentsInBase64DecodeAsBefore() {
        // random bytes in MIME base64, as a mail's attachment is written: base32 and hex runs
        // everywhere, cut hex pieces, and now and then a lone surrogate or a secret's hex inside
        Random random = new Random(25);
        for (int round = 0; round < 24; round++) {
            byte[] bytes = new byte[1024 + random.nextInt(6 * 1024)];
            random.nextBytes(bytes);
            StringBuilder text = new StringBuilder(Base64.getMimeEncoder().encodeToString(bytes));
            for (int k = random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, '\uD83D');
                    case 1 -> text.insert(at, HexFormat.of().formatHex("sk-live-4f9aQ27xLm83Tz".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    default -> text.insert(at, "\\x41\\x42 0x4344%45&#x46;\\u0047R");
                }
            }
            sameDecodings(text.toString());
        }
    }

    @Test
    void runsOnEveryEdgeOfTheLeastLengthsAndBlocksDecodeAsBefore() {
        Random random = new Random(21);
        for (int round = 0; round < 15_000; round++) {
            sameDecodings(text(random, 1 + random.nextInt(round % 100 == 0 ? 30 : 8)));
        }
    }

    @Test
    void base32RunsWithTheirDigitOrPaddingInTheBlockBeforeOrAfterDecodeAsBefore() {
        // A lower-case run is decoded only for a digit 2 to 7 in it or a '=' after it, which may
        // lie in the block before or after the one where the run is 8 long: lower-case base32
        // of text whose only digits are among its first 7 characters, or that has none but its
        // padding, at every offset
        Random random = new Random(24);
        List<String> early = new ArrayList<>();
        List<String> padded = new ArrayList<>();
        while (early.size() < 4 || padded.size() < 4) {
            String word = run(random, "abcdefghijklmnopqrstuvwxyz -", 6 + random.nextInt(10));
            String encoded = new Base32().encodeAsString(word.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toLowerCase(java.util.Locale.ROOT);
            String unpadded = encoded.replace("=", "");
            boolean digits = !unpadded.chars().allMatch(Character::isLetter);
            if (digits && unpadded.length() > 8 && unpadded.substring(7).chars().allMatch(Character::isLetter) && early.size() < 4) {
                early.add(unpadded);
            } else if (!digits && encoded.endsWith("=") && padded.size() < 4) {
                padded.add(encoded);
            }
        }
        for (int offset = 0; offset < 2 * Views.Runs.BLOCK + 20; offset++) {
            for (String encoded : early) {
                sameBase32(" ".repeat(offset) + encoded + " tail");
                sameBase32("x".repeat(offset) + " " + encoded);
            }
            for (String encoded : padded) {
                sameBase32(" ".repeat(offset) + encoded + " tail");
                sameBase32(" ".repeat(offset) + encoded.replace("=", "") + " tail"); // a word: not decoded
            }
        }
    }

    private static void sameBase32(String text) {
        List<String> decoded = Views.base32Decodings(text);
        assertThat(decoded).as("base32 of %s", text).isEqualTo(ViewsReference.base32Decodings(text));
        assertThat(Views.of(text)).as("views of %s", text).isEqualTo(ViewsReference.of(text));
    }

    @Test
    void shortTextsOfEveryKindDecodeAsBefore() {
        Random random = new Random(22);
        String all = String.join("", KINDS);
        for (int round = 0; round < 20_000; round++) {
            sameDecodings(run(random, random.nextBoolean() ? all : KINDS[random.nextInt(KINDS.length)], random.nextInt(20)));
        }
        for (String text : List.of("", "a", "found", "READ", "effective impact READ", "<~87cURD]i,\"Ebo80~>", "<~zz~>", "=?UTF-8?B?c2stbGl2ZQ==?=",
                "JBSWY3DP", "jbswy3dp", "JBSWY3D", "abcdefgh=", "abcdefgh", "ABCDEFGH", "0123456789ab", "0123456789a", "s1k2-3l4s1k2",
                "\u212A\u212A\u212A", "\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00")) {
            sameDecodings(text);
        }
    }

    @Test
    void manyViewsDuplicatesAndTheBudgetAreAsBefore() {
        Random random = new Random(23);
        for (int round = 0; round < 60; round++) {
            // many hex runs: one view per piece, more than are looked up one by one, some repeated
            StringBuilder text = new StringBuilder();
            for (int k = 5 + random.nextInt(60); k > 0; k--) {
                String word = run(random, KINDS[2] + KINDS[3], 6 + random.nextInt(6));
                if (random.nextInt(3) == 0) {
                    word = "repeated word";
                }
                text.append(HexFormat.of().formatHex(word.getBytes(java.nio.charset.StandardCharsets.UTF_8))).append(random.nextBoolean() ? " g " : "\n");
            }
            sameDecodings(text.toString());
        }
        for (int round = 0; round < 6; round++) {
            // decodings adding up to more than the budget: the shortest that fit are kept
            byte[] bytes = new byte[30_000 + random.nextInt(40_000)];
            random.nextBytes(bytes);
            String base64 = Base64.getEncoder().encodeToString(bytes);
            sameDecodings(random.nextBoolean() ? base64 : HexFormat.of().formatHex(bytes));
        }
    }
}
