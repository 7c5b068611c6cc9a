package dev.leash.core.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolSpec;
import org.junit.jupiter.api.Test;

class SchemaConverterTest {

    @Test
    void convertsTheSchemaKeywordsModelsUnderstand() throws Exception {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree("""
                {"type": "object",
                 "properties": {
                   "to": {"type": "string", "description": "recipient", "format": "email"},
                   "count": {"type": "integer", "minimum": 1},
                   "mode": {"enum": ["draft", "send"]},
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "meta": {"type": "object", "properties": {"k": {"type": "string"}}, "required": ["k"]},
                   "note": {"type": ["string", "null"]}
                 },
                 "required": ["to"],
                 "additionalProperties": false}""");

        ToolSpecification spec = SchemaConverter.toSpecification(ToolSpec.of("send", "Sends", schema, Impact.IRREVERSIBLE));

        JsonObjectSchema params = spec.parameters();
        assertThat(spec.name()).isEqualTo("send");
        assertThat(spec.description()).isEqualTo("Sends");
        assertThat(params.required()).containsExactly("to");
        assertThat(params.additionalProperties()).isFalse();
        assertThat(params.properties().get("to")).isInstanceOf(JsonStringSchema.class);
        assertThat(params.properties().get("to").description()).isEqualTo("recipient");
        assertThat(params.properties().get("count")).isInstanceOf(JsonIntegerSchema.class);
        assertThat(((JsonEnumSchema) params.properties().get("mode")).enumValues()).containsExactly("draft", "send");
        assertThat(((JsonArraySchema) params.properties().get("tags")).items()).isInstanceOf(JsonStringSchema.class);
        assertThat(((JsonObjectSchema) params.properties().get("meta")).required()).containsExactly("k");
        assertThat(((JsonAnyOfSchema) params.properties().get("note")).anyOf()).hasSize(2);
    }
}
