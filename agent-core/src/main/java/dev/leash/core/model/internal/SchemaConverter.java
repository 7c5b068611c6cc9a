package dev.leash.core.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.leash.api.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a Leash {@link ToolSpec} into a langchain4j {@link ToolSpecification}. The JSON Schema is
 * converted to langchain4j's schema types: {@code type} (one or several), {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items}, {@code enum} (of strings),
 * {@code anyOf}/{@code oneOf}, and {@code description}. Keywords the model APIs do not take
 * (lengths, patterns, formats, bounds) are left out of what the model sees; the executor still
 * validates every call against the full schema. Stateless and thread-safe.
 */
public final class SchemaConverter {

    private SchemaConverter() {
    }

    public static ToolSpecification toSpecification(ToolSpec spec) {
        ToolSpecification.Builder builder = ToolSpecification.builder().name(spec.name());
        if (!spec.description().isBlank()) {
            builder.description(spec.description());
        }
        return builder.parameters(objectSchema(spec.parameters())).build();
    }

    public static List<ToolSpecification> toSpecifications(List<ToolSpec> specs) {
        return specs.stream().map(SchemaConverter::toSpecification).toList();
    }

    static JsonObjectSchema objectSchema(JsonNode schema) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder();
        String description = text(schema, "description");
        if (description != null) {
            builder.description(description);
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> field : properties.properties()) {
                builder.addProperty(field.getKey(), element(field.getValue()));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            List<String> names = new ArrayList<>();
            required.forEach(name -> names.add(name.asText()));
            builder.required(names);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isBoolean()) {
            builder.additionalProperties(additional.asBoolean());
        }
        return builder.build();
    }

    static JsonSchemaElement element(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return JsonStringSchema.builder().build();
        }
        String description = text(schema, "description");
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && allText(enumValues)) {
            List<String> values = new ArrayList<>();
            enumValues.forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().enumValues(values).description(description).build();
        }
        JsonNode alternatives = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (alternatives != null && alternatives.isArray()) {
            List<JsonSchemaElement> options = new ArrayList<>();
            alternatives.forEach(option -> options.add(element(option)));
            return JsonAnyOfSchema.builder().anyOf(options).description(description).build();
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            List<JsonSchemaElement> options = new ArrayList<>();
            for (JsonNode t : type) {
                ObjectNode single = ((ObjectNode) schema).deepCopy();
                single.put("type", t.asText());
                options.add(element(single));
            }
            return options.size() == 1 ? options.get(0) : JsonAnyOfSchema.builder().anyOf(options).description(description).build();
        }
        String typeName = type == null ? (schema.has("properties") ? "object" : "string") : type.asText();
        switch (typeName) {
            case "object":
                JsonObjectSchema object = objectSchema(schema);
                return object;
            case "array":
                return JsonArraySchema.builder().items(element(schema.get("items"))).description(description).build();
            case "integer":
                return JsonIntegerSchema.builder().description(description).build();
            case "number":
                return JsonNumberSchema.builder().description(description).build();
            case "boolean":
                return JsonBooleanSchema.builder().description(description).build();
            case "null":
                return new JsonNullSchema();
            default:
                return JsonStringSchema.builder().description(description).build();
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode value : array) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return array.size() > 0;
    }

    private static String text(JsonNode schema, String key) {
        JsonNode node = schema.get(key);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
