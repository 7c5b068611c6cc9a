package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Long texts with a few marked sequences ({@code U+0041}, {@code %41}, {@code =41}, entities,
 * escapes): their copies with the sequences undone are read as the parts that changed, with 512
 * characters either side, and what those parts hold is still read and decoded.
 */
class ViewsLongCopyTest {

    private static final String PROSE = "We shipped the release and the incident review is booked for Thursday. ";
    private static final String[] MARKS = {"U+0041", "%41", "=41", "&amp;", "\\t", "&#x42;", "U+1F600", "%E2%82%AC"};

    @Test
    void aLongCopyIsReadAsItsChangedParts() {
        String text = PROSE.repeat(200) + "code U+0051U+0053-7731 " + PROSE.repeat(200);

        List<Views.View> views = Views.of(text);

        Views.View copy = views.stream().filter(v -> v.how().equals("U+ code points")).findFirst().orElseThrow();
        assertThat(copy.text()).contains("code QS-7731").hasSizeLessThan(2 * Views.COPY_CONTEXT + 40);
        assertThat(text.indexOf("code U+")).isGreaterThan(2 * Views.COPY_CONTEXT);
    }

    @Test
    void whatTheChangedPartsEncodeIsDecoded() {
        String secret = Base64.getEncoder().encodeToString("deploy key QS-7731-ALPHA".getBytes(StandardCharsets.UTF_8));
        // the base64 is split by a percent-encoded character: only the copy joins it up
        String split = secret.substring(0, 10) + "%" + Integer.toHexString(secret.charAt(10)).toUpperCase() + secret.substring(11);
        String text = PROSE.repeat(300) + split + " " + PROSE.repeat(300);

        List<Views.View> views = Views.of(text);

        assertThat(views).anySatisfy(v -> {
            assertThat(v.how()).isEqualTo("url-encoded > base64");
            assertThat(v.text()).contains("deploy key QS-7731-ALPHA");
        });
    }

    @Test
    void aCopyThatChangesMostOfTheTextIsKeptWhole() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("line ").append(i).append(" %41\n");
        }

        List<Views.View> views = Views.of(text.toString());

        Views.View copy = views.stream().filter(v -> v.how().equals("url-encoded")).findFirst().orElseThrow();
        assertThat(copy.text()).isEqualTo(text.toString().replace("%41", "A"));
    }

    @Test
    void theChangedPartsAreThoseOfTheReference() {
        Random random = new Random(41);
        for (int round = 0; round < 300; round++) {
            StringBuilder source = new StringBuilder();
            int length = 4096 + random.nextInt(20_000);
            while (source.length() < length) {
                if (random.nextInt(40) == 0) {
                    source.append(MARKS[random.nextInt(MARKS.length)]);
                } else {
                    source.append(random.nextInt(3) == 0 ? PROSE.substring(random.nextInt(20)) : (char) ('a' + random.nextInt(26)));
                }
            }
            String text = source.toString();
            String copy = mutate(text, random);
            assertThat(Views.changedParts(text, copy)).as("round %d", round).isEqualTo(ViewsReference.changedParts(text, copy));
        }
    }

    @Test
    void viewsOfLongTextsWithFewMarksAreThoseOfTheReference() {
        Random random = new Random(43);
        for (int round = 0; round < 12; round++) {
            StringBuilder text = new StringBuilder();
            int length = 5000 + random.nextInt(30_000);
            while (text.length() < length) {
                int kind = random.nextInt(200);
                if (kind == 0) {
                    text.append(MARKS[random.nextInt(MARKS.length)]);
                } else if (kind == 1) {
                    text.append(Base64.getEncoder().encodeToString(("token " + random.nextInt()).getBytes(StandardCharsets.UTF_8))).append(' ');
                } else {
                    text.append(PROSE, 0, 1 + random.nextInt(PROSE.length() - 1));
                }
            }
            assertThat(Views.of(text.toString())).as("round %d", round).isEqualTo(ViewsReference.of(text.toString()));
        }
    }

    @Test
    void aTextWhoseEscapesChangeItThroughoutIsDecodedAsItsCopy() {
        // a letter as its JSON writes it: a \\n every few sentences, and base64 of a key in it
        String secret = Base64.getEncoder().encodeToString("deploy key QS-7731-ALPHA".getBytes(StandardCharsets.UTF_8));
        String letter = (PROSE + PROSE + "\\n\\n").repeat(60) + "key " + secret + "\\n" + (PROSE + "\\n\\n").repeat(60);

        List<Views.View> views = Views.of(letter);

        assertThat(views.get(0)).isEqualTo(new Views.View(letter, "plain"));
        assertThat(views.get(1).how()).isEqualTo("escapes");
        assertThat(views.get(1).text()).doesNotContain("\\").contains("Thursday. \n\nWe");
        // every other view is decoded from the copy, never from the escapes' letters as written
        assertThat(views.subList(2, views.size())).allSatisfy(v -> assertThat(v.text()).doesNotContain("\\n"));
        // and named as the text's own decodings
        assertThat(views).anySatisfy(v -> {
            assertThat(v.how()).isEqualTo("base64");
            assertThat(v.text()).contains("deploy key QS-7731-ALPHA");
        });
        assertThat(views).isEqualTo(ViewsReference.of(letter));
    }

    @Test
    void aShortTextWithEscapesIsDecodedAsItsCopyWithTheCopysOwnEscapesNamedSo() {
        // the JSON of a value that holds an escape of its own, \\x41 as written in the value
        String json = "{\"body\":\"line one\\nkey \\\\x51\\\\x53-7731 and more words\"}";

        List<Views.View> views = Views.of(json);

        assertThat(views.get(1)).isEqualTo(new Views.View("{\"body\":\"line one\nkey \\x51\\x53-7731 and more words\"}", "escapes"));
        assertThat(views).anySatisfy(v -> {
            assertThat(v.how()).isEqualTo("escapes > escapes");
            assertThat(v.text()).contains("key QS-7731");
        });
        assertThat(views).isEqualTo(ViewsReference.of(json));
    }

    @Test
    void aLongTextWithFewEscapesIsStillDecodedItself() {
        String secret = Base64.getEncoder().encodeToString("deploy key QS-7731-ALPHA".getBytes(StandardCharsets.UTF_8));
        String text = PROSE.repeat(200) + "say \\\"hi\\\" " + PROSE.repeat(100) + secret + " " + PROSE.repeat(100);

        List<Views.View> views = Views.of(text);

        // the copy is cut to the parts about its one change; the base64 far from it is the text's
        assertThat(views.get(1).how()).isEqualTo("escapes");
        assertThat(views.get(1).text()).hasSizeLessThan(2 * Views.COPY_CONTEXT + 40);
        assertThat(views).anySatisfy(v -> {
            assertThat(v.how()).isEqualTo("base64");
            assertThat(v.text()).contains("deploy key QS-7731-ALPHA");
        });
        assertThat(views).isEqualTo(ViewsReference.of(text));
    }

    /** {@code text} with a few of its characters replaced, removed, or inserted, as decodings do. */
    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = random.nextInt(12); edits > 0; edits--) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.replace(at, Math.min(out.length(), at + 1 + random.nextInt(9)), String.valueOf((char) ('A' + random.nextInt(26))));
                case 1 -> out.deleteCharAt(at);
                default -> out.insert(at, "xy".substring(0, 1 + random.nextInt(2)));
            }
        }
        return out.toString();
    }
}
