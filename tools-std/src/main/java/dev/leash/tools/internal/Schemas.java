package dev.leash.tools.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the closed JSON Schemas of the standard tools. Stateless. */
public final class Schemas {

    private Schemas() {
    }

    /** Starts an object schema with {@code additionalProperties: false}. */
    public static Builder object() {
        return new Builder();
    }

    /** A schema under construction. Not thread-safe; use once. */
    public static final class Builder {
        private final ObjectNode schema = JsonNodeFactory.instance.objectNode();
        private final ObjectNode properties;

        private Builder() {
            schema.put("type", "object");
            properties = schema.putObject("properties");
            schema.put("additionalProperties", false);
            schema.putArray("required");
        }

        /** A required string property. */
        public Builder required(String name, String description) {
            string(name, description);
            ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required")).add(name);
            return this;
        }

        /** An optional string property. */
        public Builder optional(String name, String description) {
            string(name, description);
            return this;
        }

        private void string(String name, String description) {
            ObjectNode property = properties.putObject(name);
            property.put("type", "string");
            property.put("description", description);
        }

        public ObjectNode build() {
            return schema.deepCopy();
        }
    }
}
