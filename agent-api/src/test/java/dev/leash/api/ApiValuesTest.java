package dev.leash.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.approval.CallHash;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import org.junit.jupiter.api.Test;

class ApiValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void impactsAreOrdered() {
        assertThat(Impact.IRREVERSIBLE.isAbove(Impact.WRITE)).isTrue();
        assertThat(Impact.WRITE.isAbove(Impact.READ)).isTrue();
        assertThat(Impact.max(Impact.READ, Impact.WRITE)).isEqualTo(Impact.WRITE);
        assertThatThrownBy(() -> Impact.parse("dangerous", "tools[0].impact"))
                .hasMessageContaining("tools[0].impact").hasMessageContaining("read, write, irreversible");
    }

    @Test
    void unknownLevelListsTheValidOnes() {
        assertThat(SafetyLevel.parse("2", "--level")).isEqualTo(SafetyLevel.LEVEL_2);
        assertThat(SafetyLevel.parse("level3", "env")).isEqualTo(SafetyLevel.LEVEL_3);
        assertThatThrownBy(() -> SafetyLevel.parse("7", "--level"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'7'").hasMessageContaining("--level").hasMessageContaining("1, 2, 3");
    }

    @Test
    void specWithoutImpactCannotBeBuilt() {
        assertThatThrownBy(() -> ToolSpec.of("pay", "pays", null))
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("'pay' declares no impact");
    }

    @Test
    void specSchemaMustDescribeAnObject() throws Exception {
        assertThatThrownBy(() -> ToolSpec.of("pay", "pays", json("{\"type\":\"string\"}"), Impact.WRITE))
                .hasMessageContaining("\"type\": \"object\"");
    }

    @Test
    void theArgumentsReadWithoutACopyAreTheCallsInOrderAndChangeNothing() throws Exception {
        String json = "{\"to\":\"a@b.example\",\"cc\":[\"c@d.example\"],\"meta\":{\"n\":1},\"amount\":10,\"ok\":true,\"none\":null}";
        ToolCall call = ToolCall.of("send", json(json));
        java.util.List<String> names = new java.util.ArrayList<>();
        for (var fields = call.argumentFields(); fields.hasNext(); ) {
            var field = fields.next();
            names.add(field.getKey());
            assertThat(field.getValue()).isEqualTo(call.arguments().get(field.getKey()));
            if (field.getValue().isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) field.getValue()).add("x@evil.example");
            } else if (field.getValue().isObject()) {
                ((ObjectNode) field.getValue()).put("n", 2);
            }
            assertThatThrownBy(() -> field.setValue(null)).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> call.argumentFields().remove()).isInstanceOf(UnsupportedOperationException.class);

        assertThat(names).containsExactly("to", "cc", "meta", "amount", "ok", "none");
        assertThat(call.argumentsJson()).isEqualTo(json);
        assertThat(call.arguments()).isEqualTo(json(json));
    }

    @Test
    void callsAreImmutable() throws Exception {
        ObjectNode args = json("{\"to\":\"a@b.example\"}");
        ToolCall call = ToolCall.of("send", args);
        args.put("to", "x@evil.example");
        call.arguments().put("to", "y@evil.example");

        assertThat(call.text("to")).contains("a@b.example");
    }

    @Test
    void aCallsArgumentsJsonIsWhatWasCopiedInWhateverHappensToTheCopies() throws Exception {
        ObjectNode args = exact("{\"to\":\"a@b.example\",\"amount\":0.10,\"cc\":[\"c@d.example\"]}");
        ToolCall call = ToolCall.of("call-1", "send", args);
        String first = call.argumentsJson();
        args.put("to", "x@evil.example");
        call.arguments().put("to", "y@evil.example");
        ((com.fasterxml.jackson.databind.node.ArrayNode) call.argument("cc").orElseThrow()).add("z@evil.example");

        assertThat(first).isEqualTo("{\"to\":\"a@b.example\",\"amount\":0.10,\"cc\":[\"c@d.example\"]}");
        assertThat(call.argumentsJson()).isEqualTo(first);
        assertThat(call.arguments()).isEqualTo(exact(first)).hasSameHashCodeAs(exact(first));
        assertThat(call.arguments().getClass()).isEqualTo(ObjectNode.class);
        ToolCall same = ToolCall.of("call-1", "send", exact(first));
        assertThat(call).isEqualTo(same).hasSameHashCodeAs(same).hasToString(same.toString());
        assertThat(call).isNotEqualTo(ToolCall.of("call-1", "send", exact("{\"to\":\"a@b.example\"}")));
        assertThat(JSON.writeValueAsString(call)).isEqualTo(JSON.writeValueAsString(same))
                .contains("\"arguments\":" + first);
        assertThat(ToolCall.of("t", null).argumentsJson()).isEqualTo("{}");
    }

    private static ObjectNode exact(String text) throws Exception {
        return (ObjectNode) ToolCall.ARGUMENTS_MAPPER.readTree(text);
    }

    @Test
    void callHashIgnoresKeyOrderButNotValues() throws Exception {
        String a = CallHash.of(ToolCall.of("pay", json("{\"to\":\"x\",\"amount\":5}")));
        String b = CallHash.of(ToolCall.of("pay", json("{\"amount\":5,\"to\":\"x\"}")));
        String c = CallHash.of(ToolCall.of("pay", json("{\"amount\":6,\"to\":\"x\"}")));
        String d = CallHash.of(ToolCall.of("refund", json("{\"amount\":5,\"to\":\"x\"}")));

        assertThat(a).isEqualTo(b).hasSize(64);
        assertThat(a).isNotEqualTo(c).isNotEqualTo(d);
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(new Credential("smtp", "bot", "hunter2", Impact.IRREVERSIBLE).toString()).doesNotContain("hunter2");
    }
}
