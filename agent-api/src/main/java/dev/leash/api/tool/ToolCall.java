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
     * Whether {@link #argumentsJson()} holds every key and every text value of the arguments, at
     * any depth, as itself between quotes: none has a character JSON escapes (a control character,
     * a quote or a backslash). Known once the JSON is written, so asking costs nothing more: a
     * reader that needs a text argument as it stands in the JSON need not read it again to know.
     */
    public boolean argumentsJsonVerbatim() {
        return ((Arguments) arguments).written().verbatim();
    }

    /**
     * Whether {@link #argumentsJson()} writes {@code text} as itself between quotes: whether it
     * holds no control character, quote or backslash, the only characters Jackson's writer
     * escapes. A long text is read a block at a time, one table look-up per character and no
     * branch but at the end of a block.
     */
    public static boolean writtenAsItself(String text) {
        int n = text.length();
        if (n < SHORT_TEXT) {
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
        char[] block = BLOCK.get();
        for (int from = 0; from < n; from += block.length) {
            int len = Math.min(block.length, n - from);
            text.getChars(from, from + len, block, 0);
            int escapes = 0;
            for (int i = 0; i < len; i++) {
                char c = block[i];
                escapes |= ESCAPED[c & 0x7F] & (c - 0x80) >> 31; // only below 0x80
            }
            if (escapes != 0) {
                return false;
            }
        }
        return true;
    }

    /** Below this length a text is checked for escapes character by character, in place. */
    private static final int SHORT_TEXT = 64;
    /** 1 for the characters below 0x80 that JSON escapes: control characters, quote, backslash. */
    private static final int[] ESCAPED = new int[128];
    /** A block of a text's characters, per thread, for {@link #writtenAsItself}. */
    private static final ThreadLocal<char[]> BLOCK = ThreadLocal.withInitial(() -> new char[2048]);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPED[c] = 1;
        }
        ESCAPED['"'] = 1;
        ESCAPED['\\'] = 1;
    }

    /**
     * The call's own copy of the arguments, which nothing changes once copied in (every accessor
     * hands out copies, plain {@link ObjectNode}s), so its JSON and hash are computed once, when
     * first asked, and kept: a call's arguments are written to the audit text, decoded by the
     * guards and matched in maps more than once per call.
     */
    private static final class Arguments extends ObjectNode {

        private static final long serialVersionUID = 1L;

        /**
         * The compact JSON and whether it needed escapes, once written (racy single check: the
         * record's fields are final, so it is safely published).
         */
        private transient Written written;
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

        /** The JSON as written, and whether every text in it is written as itself. */
        record Written(String json, boolean verbatim) {
        }

        @Override
        public String toString() {
            return written().json();
        }

        Written written() {
            Written w = written;
            if (w == null) {
                StringBuilder out = new StringBuilder(16 + length(this));
                boolean verbatim = appendObject(this, out);
                w = new Written(out.toString(), verbatim);
                written = w;
            }
            return w;
        }

        /**
         * About the length of the JSON of {@code node} when nothing needs an escape: the keys
         * and top-level texts, quoted, and a few characters for every other value. Sizes the
         * buffer once, so that a long argument is not copied again each time the buffer grows.
         */
        private static int length(JsonNode node) {
            long n = 2;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                n += field.getKey().length() + 4 + (value.isTextual() ? value.textValue().length() + 2 : 16);
            }
            return (int) Math.min(n, Integer.MAX_VALUE - 64);
        }

        /**
         * Writes {@code node} as Jackson's {@code toString} would: objects and arrays walked
         * here, a text that needs no escape (no control character, quote or backslash, the only
         * characters Jackson's default writer escapes) copied between quotes, and anything else
         * (a text with such a character, a number, a boolean, null) written by Jackson itself.
         * Jackson's writer costs a few microseconds per call even for a short object (a writer,
         * a generator and serializer look-ups each time), and every call's JSON is written.
         */
        /**
         * Writes {@code node}; true if every key and text in it was written as itself (a number,
         * a boolean, null or bytes cannot hold an escape; anything else Jackson writes, such as
         * a POJO, counts as escaped).
         */
        private static boolean appendValue(JsonNode node, StringBuilder out) {
            if (node.isObject()) {
                return appendObject(node, out);
            } else if (node.isArray()) {
                boolean verbatim = true;
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    verbatim &= appendValue(node.get(i), out);
                }
                out.append(']');
                return verbatim;
            } else if (node.isTextual()) {
                return appendText(node.textValue(), out);
            } else {
                out.append(node);
                return node.isNumber() || node.isBoolean() || node.isNull() || node.isBinary();
            }
        }

        private static boolean appendObject(JsonNode node, StringBuilder out) {
            boolean verbatim = true;
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!first) {
                    out.append(',');
                }
                first = false;
                verbatim &= appendText(field.getKey(), out);
                out.append(':');
                verbatim &= appendValue(field.getValue(), out);
            }
            out.append('}');
            return verbatim;
        }

        /** Writes {@code text} quoted; true if as itself, false if with Jackson's escapes. */
        private static boolean appendText(String text, StringBuilder out) {
            if (!writtenAsItself(text)) {
                out.append(JsonNodeFactory.instance.textNode(text)); // Jackson's own escapes
                return false;
            }
            out.append('"').append(text).append('"');
            return true;
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
