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
            assertThat(ToolCall.of("t", arguments).argumentsJson()).as("character U+%04X", c).isEqualTo(jackson(arguments));
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
            assertThat(ToolCall.of("t", arguments).argumentsJson()).as("round %d", round).isEqualTo(jackson(arguments));
        }
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
