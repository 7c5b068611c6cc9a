package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.ToolCall;
import org.junit.jupiter.api.Test;

/**
 * The decoders read their input in place rather than through regular expressions and decoded
 * strings; what they find must be exactly what the straightforward reading finds.
 */
class ViewsDecodingTest {

    /** The straightforward reading: decode the bytes as the JDK does, cut at U+FFFD and controls. */
    private static List<String> piecesOfDecodedString(byte[] bytes) {
        List<String> out = new ArrayList<>();
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= decoded.length(); i++) {
            boolean cut = i == decoded.length();
            if (!cut) {
                char c = decoded.charAt(i);
                cut = c == '\uFFFD' || c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F;
            }
            if (cut) {
                if (i - start >= Views.MIN_PIECE) {
                    out.add(decoded.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    @Test
    void aDecodingReadsBytesWhenAnyOfItsStepsDoes() {
        assertThat(Views.readsBytes("plain")).isFalse();
        assertThat(Views.readsBytes("url-encoded > html-entities")).isFalse();
        assertThat(Views.readsBytes("hex")).isTrue();
        assertThat(Views.readsBytes("url-encoded > hex")).isTrue();
        assertThat(Views.readsBytes("rot13 > base64 > compressed")).isTrue();
        assertThat(Views.readsBytes("html-entities > char codes")).isTrue();
        assertThat(Views.readsBytes("binary > url-encoded")).isTrue();
        assertThat(Views.readsBytes("hexadecimal words")).as("hex only as a step of its own").isFalse();
        // every view a long text of many layers decodes to is judged as its steps are
        for (Views.View view : Views.of("68656c6c6f20776f726c6421 aGVsbG8gd29ybGQh %41%42 &#65;&#66; 115,101,99,114,101,116")) {
            boolean any = false;
            for (String step : view.how().split(" > ", -1)) {
                any |= step.contains("base64") || step.contains("base32") || step.contains("base85") || step.equals("hex")
                        || step.contains("compressed") || step.endsWith(" codes") || step.equals("binary");
            }
            assertThat(Views.readsBytes(view.how())).as(view.how()).isEqualTo(any);
        }
    }

    @Test
    void textPiecesOfBytesAreThoseOfTheJdksDecodingForWellFormedAndBrokenUtf8() {
        Random random = new Random(1);
        String[] samples = {"plain ascii text", "caf\u00e9 cr\u00e8me", "\u20ac 12,50", "\ud83d\ude00 smile", "\u4e2d\u6587\u6587\u672c",
            "\uFFFD literal", "tab\there\r\nline"};
        for (int round = 0; round < 20_000; round++) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int parts = 1 + random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                switch (random.nextInt(4)) {
                    case 0 -> bytes.writeBytes(samples[random.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8));
                    case 1 -> {
                        for (int k = random.nextInt(12); k > 0; k--) {
                            bytes.write(random.nextInt(256)); // noise: stray, truncated, overlong, surrogate sequences
                        }
                    }
                    case 2 -> {
                        // a multi-byte sequence cut short or with a bad continuation
                        byte[] one = samples[random.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
                        int cut = random.nextInt(one.length + 1);
                        bytes.write(one, 0, cut);
                        bytes.write(0x80 | random.nextInt(0x40));
                    }
                    default -> {
                        int[] leads = {0xC0, 0xC1, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF};
                        bytes.write(leads[random.nextInt(leads.length)]);
                        bytes.write(0x80 + random.nextInt(0x40));
                        bytes.write(0x80 + random.nextInt(0x40));
                        bytes.write(random.nextInt(256));
                    }
                }
            }
            byte[] input = bytes.toByteArray();
            List<String> inPlace = new ArrayList<>();
            Views.textPieces(input, inPlace);

            assertThat(inPlace).as("pieces of %s", java.util.HexFormat.of().formatHex(input))
                    .isEqualTo(piecesOfDecodedString(input));
        }
    }

    @Test
    void base64OfTextAndOfItsRot13AreFoundAsByRotatingTheTextFirst() {
        Random random = new Random(2);
        String[] words = {"Thursday", "the", "report", "c2stbGl2ZS1hYmNkZWYxMjM0", "\\n", "\\r", "\\t", "QS-7731-ALPHA", "-", "_",
            "ZmxhZzp7c2VjcmV0fQ==", "a.b.c", "\n", " ", "xyzzyPLUGH12", "/+/+"};
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                text.append(words[random.nextInt(words.length)]);
                if (random.nextBoolean()) {
                    text.append(Base64.getEncoder().encodeToString(("secret-" + random.nextInt(1000) + "-value")
                            .getBytes(StandardCharsets.UTF_8)));
                }
                text.append(random.nextBoolean() ? " " : "");
            }
            String t = text.toString();
            List<Views.View> separately = new ArrayList<>();
            Views.base64(t, separately, "base64");
            Views.base64(Views.rot13(t), separately, "rot13 > base64");
            List<Views.View> together = new ArrayList<>();
            Views.base64AndRot13(t, together);

            assertThat(together).as("views of %s", t).isEqualTo(separately);
        }
    }

    @Test
    void theSameViewsAreFoundForEncodedSecretsAsBefore() {
        String secret = "sk-live-4f9a2b7c1d";
        String text = "a " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))
                + " b " + Views.rot13(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                + " c 7" + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)).replaceAll("(.{4})", "$1.");

        List<Views.View> views = Views.of(text);

        assertThat(views).anySatisfy(v -> assertThat(v.how()).isEqualTo("base64").satisfies(h -> assertThat(v.text()).contains(secret)));
        assertThat(views).anySatisfy(v -> assertThat(v.how()).isEqualTo("rot13 > base64").satisfies(h -> assertThat(v.text()).contains(secret)));
        assertThat(views).anySatisfy(v -> assertThat(v.how()).isEqualTo("base64 (separators removed)")
                .satisfies(h -> assertThat(v.text()).contains(secret)));
    }

    @Test
    void tokensAreMeasuredInCodePointsAsTheRegularExpressionsDid() {
        String emoji = "\ud83d\ude00";
        // 11 code points in 12 characters: not a token of 12 to de-interleave; one more and it is
        String eleven = emoji + "a1b2c3d4e5";
        List<Views.View> out = new ArrayList<>();
        Views.interleaved(eleven, out);
        assertThat(out).isEmpty();
        Views.interleaved(eleven + "f", out);
        assertThat(out).hasSize(1);
    }

    @Test
    void codePointNotationIsReadWhereItEndsNotInsideARunOfLettersAndDigits() {
        assertThat(Views.codePointNotation("the letter U+00E9.")).isEqualTo("the letter \u00e9.");
        assertThat(Views.codePointNotation("U+0073U+006Bu+002D")).isEqualTo("sk-");
        assertThat(Views.codePointNotation("ends with U+0041")).isEqualTo("ends with A");
        // inside base64: U+ and hex digits followed by more of the run
        assertThat(Views.codePointNotation("iVBORw0KU+0041xQ2VyaWZ")).isNull();
        assertThat(Views.codePointNotation("xU+00410Q")).isNull();
    }

    @Test
    void undoingTheEscapesOfTheArgumentsJsonGivesEveryTextAsWritten() {
        // the view of a call with its escapes undone holds each text argument exactly as written,
        // as Jackson escapes it (short escapes for backspace and form feed included)
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\ud83d\ude00 \\u0041 \\x41 \\101 \\n \\\\ \\u{41} \\");
        java.util.Random random = new java.util.Random(41);
        List<String> texts = new ArrayList<>(List.of(all.toString()));
        String marks = "\\\"\n\r\t\u0000\u001fux{}017aZ/";
        for (int t = 0; t < 2000; t++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                text.append(marks.charAt(random.nextInt(marks.length())));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("body", text);
            String json = ToolCall.of("save_note", arguments).argumentsJson();
            assertThat(Views.backslashEscapes(json)).as("%s", text).isEqualTo("{\"body\":\"" + text + "\"}");
        }
    }

    @Test
    void ofDecodedBytesOnlyThePiecesThatLookEncodedAreDecodedAgain() {
        String noise = "k#!q&*(p@" + '\u0000' + "c2VjcmV0IGtleQ==" + '\u0000' + "x)(*&^% a!";
        assertThat(Views.encodedPieces(noise)).isEqualTo("c2VjcmV0IGtleQ==");
        assertThat(Views.encodedPieces("k#!q&*(p@" + '\u0000' + "x)(*&^% a!")).isNull();
        String all = "c2VjcmV0IGtleQ==" + '\u0000' + "<~87cURD]i,~>";
        assertThat(Views.encodedPieces(all)).isSameAs(all);
    }

    @Test
    void aSecondLayerAmongTheNoiseOfDecodedRandomBytesIsStillDecoded() {
        // an attachment of random bytes with the base64 of a key inside, all of it in base64:
        // its decoding is tens of thousands of characters of noise around one encoded piece
        byte[] random = new byte[120_000];
        new Random(5).nextBytes(random);
        byte[] inner = ("\n" + Base64.getEncoder().encodeToString("deploy key QS-7731-ALPHA".getBytes(StandardCharsets.UTF_8)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        System.arraycopy(inner, 0, random, 70_001, inner.length);
        String attachment = Base64.getMimeEncoder().encodeToString(random);

        List<Views.View> views = Views.of(attachment);

        assertThat(views).anySatisfy(v -> {
            assertThat(v.how()).isEqualTo("base64 > base64");
            assertThat(v.text()).contains("deploy key QS-7731-ALPHA");
        });
        assertThat(views).isEqualTo(ViewsReference.of(attachment));
    }
}
