package dev.leash.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP SDK's schema validator on the JSON Schema library Leash already uses (draft 2020-12),
 * so the SDK's own binding to a newer major version of that library is not needed. Thread-safe.
 */
public final class SchemaValidator implements JsonSchemaValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        try {
            JsonNode content = JSON.valueToTree(structuredContent);
            Set<ValidationMessage> messages = factory.getSchema(JSON.valueToTree(schema)).validate(content);
            if (messages.isEmpty()) {
                return ValidationResponse.asValid(JSON.writeValueAsString(content));
            }
            return ValidationResponse.asInvalid(messages.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; ")));
        } catch (Exception e) {
            return ValidationResponse.asInvalid("cannot validate against the output schema: " + e.getMessage());
        }
    }
}
