package dev.leash.api.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The SHA-256 of a call's tool name and canonical arguments (object keys sorted, no whitespace).
 * Two calls have the same hash exactly when they name the same tool with equal arguments, so an
 * approval given for one hash cannot be used for a call with changed arguments.
 */
public final class CallHash {

    private CallHash() {
    }

    /** Hex SHA-256 of {@code tool + "\n" + canonical(arguments)}. */
    public static String of(ToolCall call) {
        return sha256(call.tool() + "\n" + canonical(call.arguments()));
    }

    /** The JSON text of {@code node} with object keys sorted recursively. */
    public static String canonical(JsonNode node) {
        return sort(node).toString();
    }

    private static JsonNode sort(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                sorted.set(name, sort(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(sort(element)));
            return array;
        }
        return node;
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
