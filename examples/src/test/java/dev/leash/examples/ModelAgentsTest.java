package dev.leash.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.Redactor;
import dev.leash.core.model.ModelPlannerFactory;
import dev.leash.core.model.ModelSettings;
import dev.leash.core.model.Provider;
import dev.leash.examples.inbox.DemoMailServer;
import dev.leash.examples.ops.ServiceControl;
import dev.leash.examples.refunds.DemoShop;
import dev.leash.tiers.config.BackendsConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example agent driven by a model that speaks the OpenAI chat-completions format (a WireMock
 * stub): a READ call, then an IRREVERSIBLE one, then an answer.
 */
class ModelAgentsTest {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PATH = "/v1/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    static String toolCall(String id, String tool, String arguments) {
        return ModelAgentsTestSupport.toolCall(id, tool, arguments);
    }

    static String answer(String text) {
        return ModelAgentsTestSupport.answer(text);
    }

    static void conversation(String... bodies) {
        ModelAgentsTestSupport.conversation(model, bodies);
    }

    /** The requests Leash sent to the model, in order. */
    static List<JsonNode> sent() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (var request : model.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            bodies.add(JSON.readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    static List<String> offered(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.get("tools").forEach(t -> names.add(t.at("/function/name").asText()));
        return names;
    }

    private RunResult run(int level, String agent, Deployment deployment, String goal) {
        ModelSettings settings = ModelSettings.of(Provider.OPENAI, "gpt-4o-mini", "test-key")
                .withBaseUrl(model.baseUrl() + "/v1").withTimeout(Duration.ofSeconds(5));
        return Runs.run(level, agent, deployment, ModelPlannerFactory.fromSettings(settings, Redactor.none()), audit,
                Runs.carefulReviewer(), goal);
    }

    @Test
    void refundsLooksTheOrderUpThenRefundsItOnceApproved() throws Exception {
        conversation(
                toolCall("call_1", "lookup_order", "{\"order\":\"A-17\"}"),
                toolCall("call_2", "issue_refund", "{\"order\":\"A-17\",\"customer\":\"maria@customer.example\",\"amount\":59.90,\"reason\":\"arrived broken\"}"),
                answer("Refunded 59.90 EUR on A-17."));
        try (Deployment deployment = ExampleAgents.named("refunds").start(BackendsConfig.none(), Map.of(), work, "support@shop.example")) {
            RunResult result = run(2, "refunds", deployment, "Maria's order A-17 arrived broken");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            try (Connection c = deployment.backend(DemoShop.class).orElseThrow().ownerConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT order_id, amount FROM refunds")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getBigDecimal(2).toPlainString()).isEqualTo("A-17 59.90");
                assertThat(rs.next()).isFalse();
            }
            List<JsonNode> sent = sent();
            assertThat(sent).hasSize(3);
            assertThat(offered(sent.get(0))).contains("lookup_order", "issue_refund", "sql_query");
            assertThat(sent.get(1).at("/messages/3/content").asText()).contains("total 59.90 EUR");
            assertThat(sent.get(2).at("/messages/5/content").asText()).contains("refunded 59.90 EUR on A-17");
        }
    }

    @Test
    void refundsAtLevelOneIsNotOfferedTheRefundAndIsDeniedWhenTheModelCallsItAnyway() throws Exception {
        conversation(
                toolCall("call_1", "lookup_order", "{\"order\":\"A-17\"}"),
                toolCall("call_2", "issue_refund", "{\"order\":\"A-17\",\"customer\":\"maria@customer.example\",\"amount\":59.90,\"reason\":\"arrived broken\"}"),
                answer("I could not refund it."));
        try (Deployment deployment = ExampleAgents.named("refunds").start(BackendsConfig.none(), Map.of(), work, "support@shop.example")) {
            RunResult result = run(1, "refunds", deployment, "Maria's order A-17 arrived broken");

            assertThat(offered(sent().get(0))).doesNotContain("issue_refund").contains("lookup_order");
            assertThat(result.turns().get(1).observations()).extracting(Observation::status)
                    .containsExactly(Observation.Status.DENIED);
            try (Connection c = deployment.backend(DemoShop.class).orElseThrow().ownerConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM refunds")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void opsReadsTheLogThenRestartsTheServiceOnceApproved() throws Exception {
        conversation(
                toolCall("call_1", "read_file", "{\"path\":\"logs/checkout.log\"}"),
                toolCall("call_2", "restart_service", "{\"service\":\"checkout\",\"reason\":\"pool exhausted\"}"),
                answer("Restarted checkout."));
        try (Deployment deployment = ExampleAgents.named("ops").start(BackendsConfig.none(), Map.of(), work, "oncall@northwind.example")) {
            RunResult result = run(2, "ops", deployment, "checkout is timing out");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(deployment.backend(ServiceControl.class).orElseThrow().restarts("checkout")).singleElement()
                    .asString().endsWith("pool exhausted");
            assertThat(sent().get(1).at("/messages/3/content").asText()).contains("timed out waiting for a database connection");
        }
    }

    @Test
    void inboxReadsTheMailThenSendsTheReplyOnceApproved() throws Exception {
        conversation(
                toolCall("call_1", "read_email", "{\"id\":\"m1\"}"),
                toolCall("call_2", "send_email",
                        "{\"to\":\"dana@northwind.example\",\"subject\":\"Re: Q3\",\"body\":\"Revenue up 8%.\"}"),
                answer("Answered Dana."));
        try (Deployment deployment = ExampleAgents.named("inbox").start(BackendsConfig.none(), Map.of(), work, "alex@northwind.example")) {
            RunResult result = run(2, "inbox", deployment, "Answer Dana");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            DemoMailServer server = deployment.backend(DemoMailServer.class).orElseThrow();
            var delivered = server.greenMail().findReceivedMessages(u -> u.getEmail().equals("dana@northwind.example"), m -> true);
            assertThat(delivered).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Re: Q3"));
            assertThat(sent().get(1).at("/messages/3/content").asText()).contains("summary of the Q3 numbers");
        }
    }
}
