package dev.leash.tiers.approval;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookGateTest {

    @RegisterExtension
    static WireMockExtension reviewer = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final ApprovalRequest request = Requests.refund("120.50");

    private WebhookGate gate(Duration timeout) {
        return new WebhookGate(URI.create(reviewer.baseUrl() + "/review"), timeout);
    }

    private static void answer(int status, String body) {
        reviewer.stubFor(post(urlEqualTo("/review")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void postsRiskFlagsFirstWithRuleTextAndEvidence() throws Exception {
        ApprovalRequest flagged = Requests.flaggedPayment();
        answer(200, "{\"approved\": false, \"reviewer\": \"dana\", \"reason\": \"payee changed by a note\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(flagged);

        assertThat(result.approves(flagged)).isFalse();
        String body = reviewer.getAllServeEvents().get(0).getRequest().getBodyAsString();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        assertThat(json.fieldNames()).toIterable().startsWith("routine", "flags", "tool");
        assertThat(json.path("routine").asBoolean()).isFalse();
        assertThat(json.path("flags")).hasSize(1);
        assertThat(json.path("flags").get(0).path("rule").asText()).isEqualTo("untrusted-target");
        assertThat(json.path("flags").get(0).path("risk_flag").asBoolean()).isTrue();
        assertThat(json.path("flags").get(0).path("text").asText()).contains("GB33BUKB20201555555555");
        assertThat(json.path("flags").get(0).path("evidence").get(0).path("source").asText()).contains("read_transactions");
        assertThat(json.path("flags").get(0).path("evidence").get(0).path("text").asText()).contains("landlord moved banks");
        assertThat(json.path("reasons")).hasSize(2);
        assertThat(json.path("reasons").get(1).path("rule").asText()).isEqualTo("impact-gate");
        assertThat(json.path("reasons").get(1).path("risk_flag").asBoolean()).isFalse();
        assertThat(json.path("call_id").asText()).isEqualTo("c2");
    }

    @Test
    void aRoutineRequestSaysSoAndHasNoFlags() throws Exception {
        answer(200, "{\"approved\": false, \"reviewer\": \"dana\", \"reason\": \"no\"}");

        gate(Duration.ofSeconds(5)).review(request);

        String body = reviewer.getAllServeEvents().get(0).getRequest().getBodyAsString();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        assertThat(json.path("routine").asBoolean()).isTrue();
        assertThat(json.path("flags")).isEmpty();
    }

    @Test
    void approvesWhenTheReviewerApprovesThisExactCall() {
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\", \"call_hash\": \"" + request.callHash()
                + "\", \"run\": \"run-1\", \"call_id\": \"call-1\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result.approves(request)).isTrue();
        assertThat(result.reviewer()).isEqualTo("dana");
        reviewer.verify(postRequestedFor(urlEqualTo("/review"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.tool", equalTo("issue_refund")))
                .withRequestBody(matchingJsonPath("$.arguments.order", equalTo("A-17")))
                .withRequestBody(matchingJsonPath("$.arguments.amount", equalTo("120.5")))
                .withRequestBody(matchingJsonPath("$.impact", equalTo("IRREVERSIBLE")))
                .withRequestBody(matchingJsonPath("$.rule", equalTo("impact-gate")))
                .withRequestBody(matchingJsonPath("$.reason"))
                .withRequestBody(matchingJsonPath("$.call_hash", equalTo(request.callHash())))
                .withRequestBody(matchingJsonPath("$.run", equalTo("run-1")))
                .withRequestBody(matchingJsonPath("$.call_id", equalTo("call-1")))
                .withRequestBody(matchingJsonPath("$.expires_at"))
                .withRequestBody(matchingJsonPath("$.principal", equalTo("alex@example.com")))
                .withRequestBody(matchingJsonPath("$.provenance[0]", equalTo("mail m1 from customer@outside.example"))));
    }

    @Test
    void rejectsWhenTheReviewerSaysNo() {
        answer(200, "{\"approved\": false, \"reviewer\": \"dana\", \"reason\": \"refund too large\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result.approves(request)).isFalse();
        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Rejected.class, r -> {
            assertThat(r.reviewer()).isEqualTo("dana");
            assertThat(r.reason()).isEqualTo("refund too large");
        });
    }

    @Test
    void timesOutWhenTheReviewerIsSlowerThanTheTimeout() {
        reviewer.stubFor(post(urlEqualTo("/review")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)
                .withBody("{\"approved\": true, \"call_hash\": \"" + request.callHash() + "\"}")));

        ApprovalResult result = gate(Duration.ofMillis(300)).review(request);

        assertThat(result).isInstanceOf(ApprovalResult.TimedOut.class);
        assertThat(result.approves(request)).isFalse();
    }

    @Test
    void serverErrorIsADenial() {
        answer(500, "{\"approved\": true, \"call_hash\": \"" + request.callHash() + "\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("500"));
        assertThat(result.approves(request)).isFalse();
    }

    @Test
    void clientErrorIsADenial() {
        answer(403, "{}");

        assertThat(gate(Duration.ofSeconds(5)).review(request)).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("403"));
    }

    @Test
    void garbageBodyIsADenial() {
        answer(200, "<html>approved!</html>");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("not JSON"));
    }

    @Test
    void approvedThatIsNotABooleanIsADenial() {
        answer(200, "{\"approved\": \"yes\", \"call_hash\": \"" + request.callHash() + "\"}");

        assertThat(gate(Duration.ofSeconds(5)).review(request)).isInstanceOf(ApprovalResult.Failed.class);
    }

    @Test
    void approvalOfAnotherCallIsADenial() {
        ApprovalRequest other = Requests.refund("9999");
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\", \"call_hash\": \"" + other.callHash() + "\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result.approves(request)).isFalse();
        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("not this call"));
    }

    @Test
    void approvalWithoutHashIsADenial() {
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\"}");

        assertThat(gate(Duration.ofSeconds(5)).review(request).approves(request)).isFalse();
    }

    @Test
    void unreachableReviewerIsADenial() {
        WebhookGate gate = new WebhookGate(URI.create("http://127.0.0.1:1/review"), Duration.ofSeconds(2));

        assertThat(gate.review(request)).isInstanceOf(ApprovalResult.Failed.class);
    }

    @Test
    void anAnswerForAnotherRunIsADenialEvenWithTheSameArguments() {
        ApprovalRequest otherRun = Requests.refund("run-2", "mallory@example.com", "call-1", "120.50");
        assertThat(otherRun.callHash()).isEqualTo(request.callHash());
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\", \"call_hash\": \"" + request.callHash()
                + "\", \"run\": \"run-1\", \"call_id\": \"call-1\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(otherRun);

        assertThat(result.approves(otherRun)).isFalse();
        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("run-1").contains("not this run run-2"));
    }

    @Test
    void anAnswerForAnotherCallOfTheRunIsADenial() {
        ApprovalRequest second = Requests.refund("run-1", "alex@example.com", "call-2", "120.50");
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\", \"call_hash\": \"" + request.callHash()
                + "\", \"run\": \"run-1\", \"call_id\": \"call-1\"}");

        assertThat(gate(Duration.ofSeconds(5)).review(second).approves(second)).isFalse();
    }

    @Test
    void anApprovalThatNamesOnlyTheHashIsADenial() {
        answer(200, "{\"approved\": true, \"reviewer\": \"dana\", \"call_hash\": \"" + request.callHash() + "\"}");

        ApprovalResult result = gate(Duration.ofSeconds(5)).review(request);

        assertThat(result.approves(request)).isFalse();
        assertThat(result).isInstanceOfSatisfying(ApprovalResult.Failed.class,
                f -> assertThat(f.error()).contains("no run and call_id"));
    }
}
