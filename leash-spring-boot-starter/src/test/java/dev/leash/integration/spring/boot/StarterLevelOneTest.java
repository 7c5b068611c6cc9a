package dev.leash.integration.spring.boot;

import static dev.leash.core.testing.OpenAiStub.answer;
import static dev.leash.core.testing.OpenAiStub.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.SafetyLevel;
import dev.leash.core.testing.OpenAiStub;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Level 1 by property: the model sees only READ tools; a hidden tool it calls anyway is refused by the tier. */
@TestPropertySource(properties = "leash.safety.level=1")
class StarterLevelOneTest extends StarterTestSupport {
    @Test
    void offersTheModelOnlyTheReadTool() throws Exception {
        MODEL.script(List.of(toolCall("call_1", "lookup_contact", "{\"name\":\"Kim\"}"), answer("kim@example.com")));

        assertThat(ask("What is Kim's address?")).isEqualTo("kim@example.com");

        assertThat(tools.guard().level()).isEqualTo(SafetyLevel.LEVEL_1);
        List<JsonNode> requests = MODEL.requests();
        assertThat(OpenAiStub.offered(requests.get(0))).containsExactly("lookup_contact");
        assertThat(OpenAiStub.toolResults(requests.get(1))).singleElement().asString().contains("kim@example.com");
        auditVerifies();
    }

    @Test
    void refusesAHiddenToolTheModelCallsAnyway() throws Exception {
        MODEL.script(List.of(
                toolCall("call_1", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Hi\",\"body\":\"x\"}"),
                answer("I cannot send mail here.")));

        assertThat(ask("Mail Kim")).isEqualTo("I cannot send mail here.");

        assertThat(OpenAiStub.toolResults(MODEL.requests().get(1))).singleElement().asString()
                .startsWith("DENIED by rule impact-gate: the tool 'send_email' is not available at Level 1");
        assertThat(mailroom.sent).isEmpty();
        auditVerifies();
    }
}
