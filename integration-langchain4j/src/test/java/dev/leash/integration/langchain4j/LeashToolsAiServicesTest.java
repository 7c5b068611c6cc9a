package dev.leash.integration.langchain4j;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.leash.core.testing.OpenAiStub.answer;
import static dev.leash.core.testing.OpenAiStub.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.leash.api.audit.AuditEvent;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.testing.OpenAiStub;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.core.audit.AuditVerifier;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.integration.TargetKind;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AiServices agent with three @Tool methods, one of each impact, against a WireMock OpenAI model. */
class LeashToolsAiServicesTest {

    interface Assistant {
        String chat(String message);
    }

    interface Desk {
        String chat(@MemoryId String conversation, @UserMessage String message);
    }

    static WireMockServer server;
    static OpenAiStub model;

    @TempDir
    Path dir;

    Mailroom mailroom;
    List<ApprovalRequest> asked;

    static final LeashConfig CONFIG = LeashConfig.parse("""
            safety:
              allow:
                email_domains: [example.com]
            """, "test");

    @BeforeAll
    static void startModel() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        model = new OpenAiStub(server);
    }

    @AfterAll
    static void stopModel() {
        server.stop();
    }

    @BeforeEach
    void setUp() {
        mailroom = new Mailroom();
        asked = new CopyOnWriteArrayList<>();
    }

    private LeashTools tools(SafetyLevel level, JsonlAuditSink audit) {
        return LeashTools.builder(level, CONFIG)
                .tools(mailroom)
                .target("draft_email", "to", TargetKind.EMAIL)
                .target("send_email", "to", TargetKind.EMAIL)
                .audit(audit)
                .principal("alex@example.com")
                .approvalGate(request -> {
                    asked.add(request);
                    return ApprovalResult.approved("reviewer@example.com", request);
                })
                .build();
    }

    private Assistant assistant(LeashTools tools) {
        return AiServices.builder(Assistant.class)
                .chatModel(OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key")
                        .modelName("gpt-4o-mini").build())
                .tools(tools.executors())
                .hallucinatedToolNameStrategy(tools::unofferedCall)
                .build();
    }

    @Test
    void offersOnlyTheReadToolAtLevelOne() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_1, audit)) {
            model.script(List.of(
                    toolCall("call_1", "lookup_contact", "{\"name\":\"Kim\"}"),
                    answer("Kim is kim@example.com.")));

            String reply = assistant(tools).chat("What is Kim's address?");

            assertThat(reply).isEqualTo("Kim is kim@example.com.");
            assertThat(tools.offeredNames()).containsExactly("lookup_contact");
            List<JsonNode> requests = model.requests();
            assertThat(requests).hasSize(2);
            assertThat(OpenAiStub.offered(requests.get(0))).containsExactly("lookup_contact");
            assertThat(OpenAiStub.toolResults(requests.get(1))).containsExactly("kim@example.com");
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
        assertThat(Files.readString(log)).contains("\"lookup_contact:read\"");
    }

    @Test
    void refusesAWriteToolTheModelWasNotOfferedAtLevelOne() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_1, audit)) {
            model.script(List.of(
                    toolCall("call_1", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Hi\",\"body\":\"x\"}"),
                    answer("I could not send it.")));

            assistant(tools).chat("Mail Kim");

            List<String> results = OpenAiStub.toolResults(model.requests().get(1));
            assertThat(results).singleElement().asString()
                    .startsWith("DENIED by rule impact-gate: the tool 'send_email' is not available at Level 1");
            assertThat(mailroom.sent).isEmpty();
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void refusesAnOutsideRecipientAtLevelTwoAndTellsTheModelWhy() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_2, audit)) {
            model.script(List.of(
                    toolCall("call_1", "draft_email", "{\"to\":\"buyer@rival.example\",\"subject\":\"Specs\",\"body\":\"x\"}"),
                    toolCall("call_2", "draft_email", "{\"to\":\"kim@example.com\",\"subject\":\"Specs\",\"body\":\"x\"}"),
                    answer("Drafted for Kim only.")));

            String reply = assistant(tools).chat("Draft the specs mail");

            assertThat(reply).isEqualTo("Drafted for Kim only.");
            List<JsonNode> requests = model.requests();
            assertThat(OpenAiStub.offered(requests.get(0)))
                    .containsExactlyInAnyOrder("lookup_contact", "draft_email", "send_email");
            assertThat(OpenAiStub.toolResults(requests.get(1))).singleElement().asString()
                    .startsWith("DENIED by rule allowlist.email_domains:")
                    .contains("buyer@rival.example");
            assertThat(OpenAiStub.toolResults(requests.get(2))).last().isEqualTo("draft saved for kim@example.com");
            assertThat(mailroom.drafted).containsExactly("kim@example.com|Specs");
            assertThat(asked).isEmpty();
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
        assertThat(Files.readString(log)).contains("allowlist.email_domains");
    }

    @Test
    void asksTheApprovalGateAtLevelThree() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_3, audit)) {
            model.script(List.of(
                    toolCall("call_1", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Q3\",\"body\":\"numbers\"}"),
                    answer("Sent.")));

            assistant(tools).chat("Send Kim the Q3 numbers");

            assertThat(asked).singleElement().satisfies(request -> {
                assertThat(request.call().tool()).isEqualTo("send_email");
                assertThat(request.call().text("to")).contains("kim@example.com");
                assertThat(request.principal()).isEqualTo("alex@example.com");
                assertThat(request.rule()).isEqualTo("impact-gate");
            });
            assertThat(mailroom.sent).containsExactly("kim@example.com|Q3");
            assertThat(OpenAiStub.toolResults(model.requests().get(1))).containsExactly("sent to kim@example.com");
        }
        AuditVerifier.Result verified = AuditVerifier.verify(log);
        assertThat(verified.intact()).isTrue();
        String text = Files.readString(log);
        assertThat(text).contains("approval_requested").contains("reviewer@example.com");
    }

    @Test
    void aMailToARecipientTheUserNeverNamedIsFlaggedForTheReviewer() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_3, audit)) {
            model.script(List.of(
                    toolCall("call_1", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Q3\",\"body\":\"numbers\"}"),
                    answer("Sent.")));

            assistant(tools).chat("Send the Q3 numbers");

            // The invocation's user message is the run's goal: it names nobody, so the flag fires.
            assertThat(asked).singleElement().satisfies(request -> {
                assertThat(request.rule()).isEqualTo("unnamed-target+impact-gate");
                assertThat(request.describe()).contains("RISK FLAG");
            });
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains("\"run_started\""))
                .singleElement().asString().contains("Send the Q3 numbers");
    }

    @Test
    void eachRequestOfAConversationJoinsItsRunsGoal() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink audit = JsonlAuditSink.open(log, List.of());
             LeashTools tools = tools(SafetyLevel.LEVEL_3, audit)) {
            Desk desk = AiServices.builder(Desk.class)
                    .chatModel(OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key")
                            .modelName("gpt-4o-mini").build())
                    .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                    .tools(tools.executors())
                    .build();
            model.script(List.of(
                    toolCall("call_1", "lookup_contact", "{\"name\":\"Lee\"}"), answer("Found Lee."),
                    toolCall("call_2", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Q3\",\"body\":\"n\"}"),
                    answer("Sent.")));

            desk.chat("c1", "Look up Lee");
            desk.chat("c1", "Now mail Kim the Q3 numbers");

            assertThat(tools.guard().run("c1").context().goal()).isEqualTo("Look up Lee\nNow mail Kim the Q3 numbers");
            assertThat(asked).singleElement().satisfies(request -> assertThat(request.rule()).isEqualTo("impact-gate"));
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    static class NoImpact {
        @Tool("Delete everything")
        public String wipe() {
            return "gone";
        }
    }

    @Test
    void refusesAToolWithoutAnImpactAtStartUp() {
        assertThatThrownBy(() -> LeashTools.builder(SafetyLevel.LEVEL_2, CONFIG)
                .tools(new NoImpact())
                .audit(new dev.leash.core.audit.InMemoryAuditSink())
                .build())
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("wipe");
    }

    @Test
    void aDeclaredImpactStandsInForTheAnnotation() {
        try (LeashTools tools = LeashTools.builder(SafetyLevel.LEVEL_1, CONFIG)
                .tools(new NoImpact())
                .impact("wipe", dev.leash.api.tool.Impact.IRREVERSIBLE)
                .audit(new dev.leash.core.audit.InMemoryAuditSink())
                .build()) {
            assertThat(tools.offeredNames()).isEmpty();
            assertThat(tools.guard().offers("wipe")).isFalse();
        }
    }

    @Test
    void refusesATargetOnAnArgumentTheToolDoesNotHave() {
        assertThatThrownBy(() -> LeashTools.builder(SafetyLevel.LEVEL_2, CONFIG)
                .tools(new Mailroom())
                .target("send_email", "recipient", TargetKind.EMAIL)
                .audit(new dev.leash.core.audit.InMemoryAuditSink())
                .build())
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("recipient");
    }

    @Test
    void eachMemoryIdIsARunOfItsOwn() {
        InMemoryAuditSink audit = new InMemoryAuditSink();
        try (LeashTools tools = LeashTools.builder(SafetyLevel.LEVEL_2, CONFIG)
                .tools(mailroom)
                .target("draft_email", "to", TargetKind.EMAIL)
                .audit(audit)
                .alertSink(alert -> { })
                .build()) {
            Desk desk = AiServices.builder(Desk.class)
                    .chatModel(OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key")
                            .modelName("gpt-4o-mini").build())
                    .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
                    .tools(tools.executors())
                    .build();
            String outside = "{\"to\":\"buyer@rival.example\",\"subject\":\"S\",\"body\":\"x\"}";
            for (String conversation : List.of("ticket-1", "ticket-2")) {
                model.script(List.of(toolCall("call_1", "draft_email", outside), answer("Not allowed.")));
                assertThat(desk.chat(conversation, "Draft it")).isEqualTo("Not allowed.");
            }

            assertThat(tools.guard().run("ticket-1").context().denials()).isEqualTo(1);
            assertThat(tools.guard().run("ticket-2").context().denials()).isEqualTo(1);
            tools.endConversation("ticket-1");
        }
        assertThat(audit.events(AuditEvent.RunStarted.class)).extracting(AuditEvent.RunStarted::session)
                .containsExactly("ticket-1", "ticket-2");
        assertThat(audit.events(AuditEvent.RunEnded.class)).hasSize(2);
    }
}
