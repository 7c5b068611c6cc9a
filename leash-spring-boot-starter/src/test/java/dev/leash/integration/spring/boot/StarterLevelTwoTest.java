package dev.leash.integration.spring.boot;

import static dev.leash.core.testing.OpenAiStub.answer;
import static dev.leash.core.testing.OpenAiStub.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.core.testing.OpenAiStub;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Level 2 by property: a recipient outside the allowlist is refused and the model is told the rule. */
@TestPropertySource(properties = "leash.safety.level=2")
class StarterLevelTwoTest extends StarterTestSupport {
    @Test
    void refusesAnOutsideRecipientAndTellsTheModel() throws Exception {
        MODEL.script(List.of(
                toolCall("call_1", "draft_email", "{\"to\":\"buyer@rival.example\",\"subject\":\"Specs\",\"body\":\"x\"}"),
                answer("That recipient is not allowed.")));

        assertThat(ask("Draft the specs for the buyer")).isEqualTo("That recipient is not allowed.");

        List<JsonNode> requests = MODEL.requests();
        assertThat(OpenAiStub.offered(requests.get(0))).containsExactlyInAnyOrder("lookup_contact", "draft_email", "send_email");
        assertThat(OpenAiStub.toolResults(requests.get(1))).singleElement().asString()
                .startsWith("DENIED by rule allowlist.email_domains:")
                .contains("buyer@rival.example");
        assertThat(mailroom.drafted).isEmpty();
        assertThat(reviewer.asked).isEmpty();
        auditVerifies();
        assertThat(Files.readString(audit.path())).contains("allowlist.email_domains");
    }

    /** A tool class handed to one request, bypassing the starter: no Leash impact, no guard. */
    public static class Payments {
        final java.util.List<String> paid = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.springframework.ai.tool.annotation.Tool(name = "pay", description = "Pay an invoice")
        public String pay(String invoice) {
            paid.add(invoice);
            return "paid " + invoice;
        }
    }

    @Test
    void aToolHandedToOneRequestIsNeitherOfferedNorRun() throws Exception {
        Payments payments = new Payments();
        MODEL.script(List.of(toolCall("call_1", "pay", "{\"invoice\":\"INV-9\"}"), answer("Could not pay.")));

        assertThat(chat.build().prompt().user("Pay INV-9").tools(payments).call().content()).isEqualTo("Could not pay.");

        List<JsonNode> requests = MODEL.requests();
        assertThat(OpenAiStub.offered(requests.get(0))).doesNotContain("pay");
        assertThat(OpenAiStub.toolResults(requests.get(1))).singleElement().asString()
                .startsWith("UNKNOWN_TOOL by rule unknown-tool: there is no tool named 'pay'");
        assertThat(payments.paid).isEmpty();
        auditVerifies();
    }
}
