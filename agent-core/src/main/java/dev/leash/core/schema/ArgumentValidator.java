package dev.leash.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates call arguments against a tool's JSON Schema (draft 2020-12, by the networknt
 * validator). Compiled schemas are cached per tool. Thread-safe.
 */
public final class ArgumentValidator {

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private final Map<ToolSpec, JsonSchema> compiled = new ConcurrentHashMap<>();
    /**
     * The last spec seen under each tool name with its compiled schema. Tools hand out the same
     * spec object on every call, so finding it by name and comparing identity spares hashing the
     * whole spec (its schema, node by node) on every call; one entry per name, so it stays as
     * small as the registry.
     */
    private final Map<String, Compiled> byName = new ConcurrentHashMap<>();

    private record Compiled(ToolSpec spec, JsonSchema schema) {
    }

    /**
     * The problems with {@code arguments}, each naming the argument (e.g. {@code $.amount: string
     * found, number expected}); empty when valid.
     */
    public List<String> validate(ToolSpec spec, JsonNode arguments) {
        Set<ValidationMessage> messages = schema(spec).validate(arguments);
        if (messages.isEmpty()) {
            return List.of();
        }
        return messages.stream()
                .map(ValidationMessage::getMessage)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /** Compiles a spec's schema now, so a broken schema fails at registration. */
    public void check(ToolSpec spec) {
        schema(spec);
    }

    private JsonSchema schema(ToolSpec spec) {
        Compiled last = byName.get(spec.name());
        if (last != null && last.spec() == spec) {
            return last.schema();
        }
        JsonSchema schema = compiled.computeIfAbsent(spec, this::compile);
        byName.put(spec.name(), new Compiled(spec, schema));
        return schema;
    }

    private JsonSchema compile(ToolSpec spec) {
        try {
            return factory.getSchema(spec.parameters(), config);
        } catch (RuntimeException e) {
            throw ToolDefinitionException.badSchema(spec.name(), e.getMessage());
        }
    }
}
