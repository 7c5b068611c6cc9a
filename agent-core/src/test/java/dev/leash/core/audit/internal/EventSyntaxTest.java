package dev.leash.core.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventSyntaxTest {

    private static final String EVENT = "{\"type\":\"decision\",\"runId\":\"run-1\",\"at\":\"2026-11-27T03:00:00Z\","
            + "\"args\":{\"to\":[\"cfo@example.com\",\"ceo@example.com\"],\"n\":-12.5e+3,\"ok\":true,\"no\":false,"
            + "\"none\":null,\"nested\":[[],{},[{\"a\":[1,2,{\"b\":\"\\u00e9\\n\\\"q\\\"\"}]}]]},"
            + "\"detail\":\"caf\u00e9 \u20ac \ud83d\ude00 \\/ \\\\ \\t\"}";

    private static boolean quick(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return EventSyntax.quickIsEvent(bytes, 0, bytes.length);
    }

    private static boolean parsed(byte[] bytes) {
        return EventSyntax.parsedIsEvent(bytes, 0, bytes.length);
    }

    @Test
    void acceptsTheEventsTheSinkWrites() {
        assertThat(quick(EVENT)).isTrue();
        assertThat(quick("{\"type\":\"run_started\"}")).isTrue();
        assertThat(quick("{ \"a\" : 1 , \"type\" : \"x\" }")).isTrue();
    }

    @Test
    void acceptsNothingThatIsNotAnEvent() {
        List<String> notEvents = List.of("", "{}", "[]", "\"type\"", "{\"type\":1}", "{\"type\":null}",
                "{\"type\":{\"a\":\"b\"}}", "{\"kind\":\"x\"}", "{\"nested\":{\"type\":\"x\"}}",
                "{\"type\":\"x\",\"type\":2}", "{\"type\":\"x\"}{}", "{\"type\":\"x\",}",
                "{\"type\":\"x\",\"a\":01}", "{\"type\":\"x\",\"a\":1.}", "{\"type\":\"x\",\"a\":-}",
                "{\"type\":\"x\",\"a\":1e}", "{\"type\":\"x\",\"a\":tru}", "{\"type\":\"x\",\"a\":nul}",
                "{\"type\":\"x\",\"a\":[1,]}", "{\"type\":\"x\",\"a\":[1}", "{\"type\":\"x\",\"a\":{\"b\"}}",
                "{\"type\":\"x\",\"a\":\"\\q\"}", "{\"type\":\"x\",\"a\":\"\\u12g4\"}", "{\"type\":\"x\",\"a\":\"\t\"}",
                "{'type':'x'}", "{type:\"x\"}", "{\"type\":\"x\" /* c */}", "{\"type\":\"x\",\"a\":NaN}",
                "{\"type\":\"x\"", "{\"type\":\"x", "{\"ty\\u0070e\":\"x\"}");
        for (String text : notEvents) {
            assertThat(quick(text)).as(text).isFalse();
        }
    }

    @Test
    void rejectsMalformedUtf8() {
        byte[] head = "{\"type\":\"x\",\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[][] bad = {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0,
            (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xc3},
            {(byte) 0xff}};
        for (byte[] sequence : bad) {
            byte[] text = new byte[head.length + sequence.length + 2];
            System.arraycopy(head, 0, text, 0, head.length);
            System.arraycopy(sequence, 0, text, head.length, sequence.length);
            text[text.length - 2] = '"';
            text[text.length - 1] = '}';
            assertThat(EventSyntax.quickIsEvent(text, 0, text.length)).isFalse();
        }
    }

    @Test
    void neverAcceptsWhatJacksonRejects() {
        // Random edits of a rich event: whatever the quick check accepts, Jackson accepts too, and
        // the combined answer is always Jackson's.
        byte[] original = EVENT.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\t\r\n/bu\u00e9x".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(16);
        int quickAccepted = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] text = original.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                text = edit(text, random, alphabet);
            }
            boolean quick = EventSyntax.quickIsEvent(text, 0, text.length);
            boolean jackson = parsed(text);
            if (quick) {
                quickAccepted++;
                assertThat(jackson).as(new String(text, StandardCharsets.UTF_8)).isTrue();
            }
            assertThat(EventSyntax.isEvent(text, 0, text.length)).isEqualTo(jackson);
        }
        // The check is not vacuous: many edits (inside strings, digits for digits) stay valid.
        assertThat(quickAccepted).isGreaterThan(1000);
    }

    private static byte[] edit(byte[] text, Random random, byte[] alphabet) {
        int at = random.nextInt(text.length);
        byte replacement = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        switch (random.nextInt(3)) {
            case 0 -> {
                byte[] copy = text.clone();
                copy[at] = replacement;
                return copy;
            }
            case 1 -> {
                byte[] shorter = new byte[text.length - 1];
                System.arraycopy(text, 0, shorter, 0, at);
                System.arraycopy(text, at + 1, shorter, at, text.length - at - 1);
                return shorter;
            }
            default -> {
                byte[] longer = new byte[text.length + 1];
                System.arraycopy(text, 0, longer, 0, at);
                longer[at] = replacement;
                System.arraycopy(text, at, longer, at + 1, text.length - at);
                return longer;
            }
        }
    }
}
