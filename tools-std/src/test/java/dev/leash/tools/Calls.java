package dev.leash.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.ToolCall;

/** Builds tool calls for tests: {@code Calls.of("read_file", "path", "a.txt")}. */
public final class Calls {

    private Calls() {
    }

    public static ToolCall of(String tool, String... keyValues) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put(keyValues[i], keyValues[i + 1]);
        }
        return ToolCall.of(tool, args);
    }
}
