package dev.leash.integration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.ToolCall;
import java.io.IOException;

/** Turns a tool call as a framework hands it over (name and raw JSON arguments) into a Leash call. */
public final class ModelCalls {

    /**
     * Where arguments that are not a JSON object are kept: a key that no tool's schema allows, so
     * that the schema stage refuses the call (audited, counted) with the validation error.
     */
    public static final String UNPARSED = "(arguments that are not a JSON object)";

    private ModelCalls() {
    }

    /**
     * The call {@code tool(rawArguments)}. Blank arguments are the empty object; numbers keep
     * their exact decimal value ({@link ToolCall#ARGUMENTS_MAPPER}).
     *
     * @param id the model's call id, or null to generate one
     */
    public static ToolCall of(String id, String tool, String rawArguments) {
        String raw = rawArguments == null || rawArguments.isBlank() ? "{}" : rawArguments;
        try {
            if (ToolCall.ARGUMENTS_MAPPER.readTree(raw) instanceof ObjectNode arguments) {
                return new ToolCall(id, tool, arguments);
            }
        } catch (IOException e) {
            // not JSON: kept as text below
        }
        ObjectNode unparsed = JsonNodeFactory.instance.objectNode();
        unparsed.put(UNPARSED, raw);
        return new ToolCall(id, tool, unparsed);
    }

    /**
     * A framework's JSON Schema of a tool's arguments as Leash validates it: as for Leash's own
     * annotated tools, an argument the tool does not take is refused unless the schema says
     * otherwise.
     */
    public static ObjectNode validationSchema(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        if (!copy.has("type")) {
            copy.put("type", "object");
        }
        if (!copy.has("additionalProperties")) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }
}
