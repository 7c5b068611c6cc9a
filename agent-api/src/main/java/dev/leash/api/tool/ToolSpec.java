package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a tool is: its name, its description for the model, the JSON Schema of its arguments and
 * the highest {@link Impact} any call of it may have.
 *
 * <p>A spec without an impact cannot be built: a tool that does not say how much harm it can do
 * is refused (fail closed). Immutable and thread-safe; the schema is copied on the way in.
 *
 * @param name unique tool name, {@code [A-Za-z0-9_-]{1,64}} (what model APIs accept)
 * @param description what the tool does, for the model and the permission manifest
 * @param parameters JSON Schema of the arguments object ({@code "type": "object"})
 * @param impact the declared maximum impact of a call
 * @param targets the arguments that name a target, argument name to kind ({@code email}, {@code
 *     host}, {@code url}, {@code path}, {@code table} or a custom kind such as {@code payee});
 *     an argument the schema cannot admit is refused. Empty when the tool names no targets (or reports
 *     them itself by overriding {@link Tool#targets}).
 */
public record ToolSpec(String name, String description, ObjectNode parameters, Impact impact, Map<String, String> targets) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ToolDefinitionException.badName(name);
        }
        if (impact == null) {
            throw ToolDefinitionException.missingImpact(name);
        }
        description = description == null ? "" : description;
        if (parameters == null) {
            parameters = emptyObjectSchema();
        } else {
            JsonNode type = parameters.get("type");
            if (type == null || !"object".equals(type.asText())) {
                throw ToolDefinitionException.badSchema(name, "the arguments schema must have \"type\": \"object\"");
            }
            parameters = parameters.deepCopy();
        }
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(targets, "targets is null")));
        JsonNode properties = parameters.path("properties");
        boolean closed = parameters.path("additionalProperties").isBoolean() && !parameters.get("additionalProperties").asBoolean();
        for (Map.Entry<String, String> entry : targets.entrySet()) {
            Targets.checkDeclaredKind(name, entry.getKey(), entry.getValue());
            if (closed && !properties.has(entry.getKey())) {
                throw ToolDefinitionException.badSchema(name, "target argument '" + entry.getKey()
                        + "' is not a property of the arguments schema, which admits no other");
            }
        }
    }

    /** A spec that declares no target arguments. */
    public ToolSpec(String name, String description, ObjectNode parameters, Impact impact) {
        this(name, description, parameters, impact, Map.of());
    }

    /** A spec for a tool that takes no arguments. */
    public static ToolSpec of(String name, String description, Impact impact) {
        return new ToolSpec(name, description, null, impact);
    }

    public static ToolSpec of(String name, String description, ObjectNode parameters, Impact impact) {
        return new ToolSpec(name, description, parameters, impact);
    }

    /** {@code {"type":"object","properties":{},"additionalProperties":false}}. */
    public static ObjectNode emptyObjectSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        schema.put("additionalProperties", false);
        return schema;
    }

    /** Returns a copy of the schema; the spec itself stays unchanged. */
    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** A copy of this spec with another description. */
    public ToolSpec withDescription(String newDescription) {
        requireNonNull(newDescription, "newDescription is null");
        return new ToolSpec(name, newDescription, parameters, impact, targets);
    }

    /** A copy of this spec declaring {@code argumentKinds} (argument name to target kind) as its targets. */
    public ToolSpec withTargets(Map<String, String> argumentKinds) {
        return new ToolSpec(name, description, parameters, impact, argumentKinds);
    }
}
