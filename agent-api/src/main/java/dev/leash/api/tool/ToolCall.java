package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One call a planner proposes: which tool, with which arguments. Immutable: the arguments are
 * copied in and out, so what was validated and approved is exactly what runs.
 *
 * @param id identifier of the call, unique within a run (model APIs send one; otherwise generated)
 * @param tool the tool's name as proposed (it may not exist)
 * @param arguments the arguments object (never null; possibly empty)
 */
public record ToolCall(String id, String tool, ObjectNode arguments) {

    /**
     * Reads tool arguments from JSON keeping numbers exact: {@code 0.10} stays the decimal 0.10
     * (never a binary double) and {@code 120.00} keeps its scale. Planners and loaders use it.
     */
    public static final ObjectMapper ARGUMENTS_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    public ToolCall {
        requireNonNull(tool, "tool is null");
        id = id == null || id.isBlank() ? "call_" + UUID.randomUUID().toString().substring(0, 8) : id;
        arguments = new Arguments(arguments);
    }

    public static ToolCall of(String tool, ObjectNode arguments) {
        return new ToolCall(null, tool, arguments);
    }

    public static ToolCall of(String id, String tool, ObjectNode arguments) {
        return new ToolCall(id, tool, arguments);
    }

    /** Returns a copy of the arguments. */
    @Override
    public ObjectNode arguments() {
        return arguments.deepCopy();
    }

    /**
     * The top-level arguments, name and value in the order given, read without copying the
     * arguments object as {@link #arguments()} does: guards read every call's arguments, and a
     * copy per guard is a new object and map each time. A value Jackson keeps immutable (text,
     * number, boolean, null: a {@link com.fasterxml.jackson.databind.node.ValueNode}, which {@link
     * JsonNode#deepCopy} hands out as itself) is the call's own; an object or an array is a copy,
     * so nothing done with what this yields changes the call. The iterator and its entries are
     * unmodifiable. Costs one entry per argument read, plus a copy of each object or array.
     */
    public Iterator<Map.Entry<String, JsonNode>> argumentFields() {
        Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fields.hasNext();
            }

            @Override
            public Map.Entry<String, JsonNode> next() {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                return Map.entry(field.getKey(), value.isValueNode() ? value : value.deepCopy());
            }
        };
    }

    /** A text argument, if present and textual. */
    public Optional<String> text(String name) {
        JsonNode node = arguments.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.isTextual() ? node.asText() : node.toString());
    }

    /** The argument, if present. A copy. */
    public Optional<JsonNode> argument(String name) {
        JsonNode node = arguments.get(name);
        return node == null ? Optional.empty() : Optional.of(node.deepCopy());
    }

    /** The arguments as compact JSON, with keys in the order given. Written once per call and kept. */
    public String argumentsJson() {
        return arguments.toString();
    }

    /**
     * The call's own copy of the arguments, which nothing changes once copied in (every accessor
     * hands out copies, plain {@link ObjectNode}s), so its JSON and hash are computed once, when
     * first asked, and kept: a call's arguments are written to the audit text, decoded by the
     * guards and matched in maps more than once per call.
     */
    private static final class Arguments extends ObjectNode {

        private static final long serialVersionUID = 1L;

        /** The compact JSON, once written (racy single check: a String is safely published). */
        private transient String json;
        /** The hash, once computed; 0 until then (racy single check, as String's own). */
        private transient int hash;

        Arguments(ObjectNode arguments) {
            super(JsonNodeFactory.instance, copyOf(arguments));
        }

        private static Map<String, JsonNode> copyOf(ObjectNode arguments) {
            Map<String, JsonNode> children = new LinkedHashMap<>();
            if (arguments != null) {
                for (Map.Entry<String, JsonNode> field : arguments.properties()) {
                    children.put(field.getKey(), field.getValue().deepCopy());
                }
            }
            return children;
        }

        @Override
        public String toString() {
            String written = json;
            if (written == null) {
                StringBuilder out = new StringBuilder(64);
                appendObject(this, out);
                written = out.toString();
                json = written;
            }
            return written;
        }

        /**
         * Writes {@code node} as Jackson's {@code toString} would: objects and arrays walked
         * here, a text that needs no escape (no control character, quote or backslash, the only
         * characters Jackson's default writer escapes) copied between quotes, and anything else
         * (a text with such a character, a number, a boolean, null) written by Jackson itself.
         * Jackson's writer costs a few microseconds per call even for a short object (a writer,
         * a generator and serializer look-ups each time), and every call's JSON is written.
         */
        private static void appendValue(JsonNode node, StringBuilder out) {
            if (node.isObject()) {
                appendObject(node, out);
            } else if (node.isArray()) {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendValue(node.get(i), out);
                }
                out.append(']');
            } else if (node.isTextual()) {
                appendText(node.textValue(), out);
            } else {
                out.append(node);
            }
        }

        private static void appendObject(JsonNode node, StringBuilder out) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendText(field.getKey(), out);
                out.append(':');
                appendValue(field.getValue(), out);
            }
            out.append('}');
        }

        private static void appendText(String text, StringBuilder out) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\') {
                    out.append(JsonNodeFactory.instance.textNode(text)); // Jackson's own escapes
                    return;
                }
            }
            out.append('"').append(text).append('"');
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = super.hashCode();
                hash = h;
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o); // as ObjectNode's: equal to any object node with equal fields
        }
    }
}
