package dev.leash.api.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ToolCall#argumentsJson()} is written without Jackson's writer where nothing needs an
 * escape: it must still be exactly what Jackson writes for the same arguments, since the audit
 * text, call hashes seen by reviewers and the leak guard's reading of a call all take it as
 * Jackson's JSON.
 */
class ArgumentsJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What Jackson writes: a plain object node with the same fields. */
    private static String jackson(ObjectNode arguments) {
        return arguments.deepCopy().toString();
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b";
            ObjectNode arguments = NODES.objectNode().put("k" + (char) c, text).put("plain", "x");
            ToolCall call = ToolCall.of("t", arguments);
            assertThat(call.argumentsJson()).as("character U+%04X", c).isEqualTo(jackson(arguments));
            assertThat(call.argumentsJsonVerbatim()).as("character U+%04X", c).isEqualTo(noTextEscaped(arguments));
            assertThat(ToolCall.writtenAsItself(text)).as("character U+%04X", c).isEqualTo(writtenAsItselfOneByOne(text));
        }
    }

    @Test
    void valuesOfEveryKindAsJacksonWritesThem() {
        ObjectNode arguments = NODES.objectNode()
                .put("amount", new BigDecimal("0.10"))
                .put("scale", new BigDecimal("120.00"))
                .put("exp", new BigDecimal("1E+3"))
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("long", Long.MIN_VALUE)
                .put("int", -7)
                .put("double", 1.5e-7)
                .put("float", 2.5f)
                .put("yes", true)
                .put("bytes", new byte[] {1, 2, 3, (byte) 0xFF})
                .putNull("none")
                .put("", "an empty key");
        arguments.putArray("list").add(1).add("two\n").addNull().addArray();
        arguments.putObject("nested").put("quote", "say \"hi\"").putObject("deeper").putArray("empty");
        arguments.putObject("emptyObject");
        arguments.putPOJO("pojo", java.util.Map.of("a", 1));
        assertThat(ToolCall.of("t", arguments).argumentsJson()).isEqualTo(jackson(arguments));
        assertThat(ToolCall.of("t", NODES.objectNode()).argumentsJson()).isEqualTo("{}");
    }

    @Test
    void randomArgumentsAsJacksonWritesThem() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            ObjectNode arguments = NODES.objectNode();
            fill(arguments, random, 0);
            ToolCall call = ToolCall.of("t", arguments);
            assertThat(call.argumentsJson()).as("round %d", round).isEqualTo(jackson(arguments));
            assertThat(call.argumentsJsonVerbatim()).as("round %d", round).isEqualTo(noTextEscaped(arguments));
        }
    }

    @Test
    void anEscapeAnywhereInALongTextIsSeenAcrossTheBlocksItIsReadIn() {
        Random random = new Random(7);
        String odd = "\n\"\\\u0000\u001f";
        String fine = "\u007f\u0080\u00a0\u2028\ud83d\ude00\uffff";
        for (int length : new int[] {63, 64, 65, 2047, 2048, 2049, 4095, 4096, 4097, 10_000}) {
            String base = "x".repeat(length);
            assertThat(ToolCall.writtenAsItself(base)).isTrue();
            for (int at : new int[] {0, 1, length / 2, length - 2048, length - 2049, length - 1}) {
                if (at < 0 || at >= length) {
                    continue;
                }
                for (String with : new String[] {odd, fine}) {
                    char c = with.charAt(random.nextInt(with.length()));
                    String text = base.substring(0, at) + c + base.substring(at + 1);
                    ObjectNode arguments = NODES.objectNode().put("title", "t").put("body", text);
                    ToolCall call = ToolCall.of("t", arguments);
                    assertThat(ToolCall.writtenAsItself(text)).as("U+%04X at %d of %d", (int) c, at, length)
                            .isEqualTo(writtenAsItselfOneByOne(text));
                    assertThat(call.argumentsJson()).isEqualTo(jackson(arguments));
                    assertThat(call.argumentsJsonVerbatim()).isEqualTo(writtenAsItselfOneByOne(text));
                }
            }
        }
    }

    @Test
    void aValueJacksonWritesOtherwiseIsNotTakenAsVerbatim() {
        ObjectNode pojo = NODES.objectNode().put("title", "plain");
        pojo.putPOJO("pojo", java.util.Map.of("a", "say \"hi\""));
        assertThat(ToolCall.of("t", pojo).argumentsJsonVerbatim()).isFalse();
        ObjectNode scalars = NODES.objectNode().put("n", 1).put("d", new BigDecimal("0.10")).put("b", true)
                .put("bytes", new byte[] {1, 2}).putNull("none").put("text", "plain");
        assertThat(ToolCall.of("t", scalars).argumentsJsonVerbatim()).isTrue();
        ObjectNode nested = NODES.objectNode();
        nested.putObject("deeper").putArray("list").add("a\tb");
        assertThat(ToolCall.of("t", nested).argumentsJsonVerbatim()).isFalse();
        ObjectNode key = NODES.objectNode().put("a\"key", "plain");
        assertThat(ToolCall.of("t", key).argumentsJsonVerbatim()).isFalse();
    }

    /** TEST ORACLE: whether a text holds a character Jackson escapes, one character at a time. */
    private static boolean writtenAsItselfOneByOne(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** TEST ORACLE: no key or text at any depth of {@code node} is escaped in Jackson's JSON (only texts and keys occur here). */
    private static boolean noTextEscaped(JsonNode node) {
        if (node.isTextual()) {
            return writtenAsItselfOneByOne(node.textValue());
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> field = it.next();
            if (!writtenAsItselfOneByOne(field.getKey()) || !noTextEscaped(field.getValue())) {
                return false;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            if (!noTextEscaped(node.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void fill(ObjectNode object, Random random, int depth) {
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            object.set(text(random, 6), value(random, depth));
        }
    }

    private static JsonNode value(Random random, int depth) {
        switch (random.nextInt(depth < 3 ? 7 : 5)) {
            case 0:
            case 1:
                return NODES.textNode(text(random, random.nextBoolean() ? 8 : 3000));
            case 2:
                return NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 5));
            case 3:
                return NODES.numberNode(random.nextInt());
            case 4:
                return random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
            case 5: {
                ObjectNode nested = NODES.objectNode();
                fill(nested, random, depth + 1);
                return nested;
            }
            default: {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(value(random, depth + 1));
                }
                return array;
            }
        }
    }

    /** Mostly ASCII letters, now and then a character Jackson escapes, a non-ASCII one or half a surrogate pair. */
    private static String text(Random random, int maxLength) {
        int n = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(100);
            if (pick < 2) {
                text.append("\"\\\n\t\u0000\u001f".charAt(random.nextInt(6)));
            } else if (pick < 4) {
                text.append((char) (0x80 + random.nextInt(0xFF80)));
            } else {
                text.append((char) (' ' + random.nextInt(95)));
            }
        }
        return text.toString();
    }
}
