package dev.leash.core.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.leash.core.model.ModelRunKit.json;
import static dev.leash.core.model.ModelRunKit.sentBodies;
import static dev.leash.core.model.ModelRunKit.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.core.loop.LoopSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a run ends when the model API misbehaves, on the OpenAI wire format. */
class ModelFaultsTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PATH = "/v1/chat/completions";
    static final RunRequest REQUEST = RunRequest.of("Summarise report.txt", "alex");

    final ModelRunKit kit = new ModelRunKit();

    ModelSettings settings(RetryPolicy retry) {
        return ModelRunKit.settings(Provider.OPENAI, wm.baseUrl() + "/v1", "gpt-4o-mini").withRetry(retry);
    }

    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(20));

    RunResult run(RetryPolicy retry) {
        return kit.agent(kit.planners(settings(retry))).run(REQUEST);
    }

    @Test
    void retriesA429AfterTheDelayTheServerAsksFor() {
        sequence(wm, PATH, rateLimited("1"), json(finish("Done.")));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.answer()).isEqualTo("Done.");
        assertThat(kit.sleeps()).containsExactly(Duration.ofSeconds(1));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void capsRetryAfterAtTheMaximumDelay() {
        sequence(wm, PATH, rateLimited("120"), json(finish("Done.")));

        RunResult result = run(FAST.withMaxDelay(Duration.ofMillis(50)));

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(kit.sleeps()).containsExactly(Duration.ofMillis(50));
    }

    @Test
    void reallyWaitsBeforeRetryingWithTheDefaultSleeper() {
        sequence(wm, PATH, rateLimited("1"), json(finish("Done.")));
        ModelPlannerFactory planners = ModelPlannerFactory.builder(settings(FAST.withMaxDelay(Duration.ofMillis(20))))
                .redactor(kit.redactor).build();

        RunResult result = kit.agent(planners).run(REQUEST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givesUpAtOnceWhenTheServerAsksForMoreThanTheTotalWait() {
        sequence(wm, PATH, rateLimited("120"), json(finish("Done.")));

        RunResult result = run(FAST.withMaxDelay(Duration.ofMinutes(5)).withMaxTotalWait(Duration.ofSeconds(10)));

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("HTTP 429").contains("retry budget of 10000 ms");
        assertThat(kit.sleeps()).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void retriesA500ThenSucceeds() {
        sequence(wm, PATH, serverError(), json(finish("Done.")));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(kit.sleeps()).containsExactly(Duration.ofMillis(10));
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void endsTheRunModelFailedWhenTheServerKeepsFailing() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(serverError()));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("openai model request failed after 3 attempts")
                .contains("HTTP 500")
                .contains("The server had an error while processing your request");
        assertThat(kit.sleeps()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
        assertThat(result.turns()).isEmpty();
    }

    @Test
    void endsTheRunModelFailedWhenTheModelTimesOut() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(finish("Too late.")).withFixedDelay(1_500)));
        ModelSettings slow = settings(FAST.withMaxAttempts(2)).withTimeout(Duration.ofMillis(200));

        RunResult result = kit.agent(kit.planners(slow)).run(REQUEST);

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("after 2 attempts").contains("timed out");
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void doesNotRetryARejectedKeyAndNeverShowsTheKey() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + ModelRunKit.API_KEY
                        + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("HTTP 401").contains("Incorrect API key provided: ***")
                .doesNotContain(ModelRunKit.API_KEY);
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void sendsArgumentsThatAreNotJsonBackAsInvalidSoTheModelCanCorrectThem() {
        sequence(wm, PATH,
                json(calls(call("call_bad_1", "read_file", "{path: report.txt"))),
                json(calls(call("call_good_1", "read_file", "{\"path\":\"report.txt\"}"))),
                json(finish("Revenue is up 4%.")));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        Observation invalid = result.turns().get(0).observations().get(0);
        assertThat(invalid.status()).isEqualTo(Observation.Status.INVALID_ARGUMENTS);
        assertThat(invalid.call().arguments().get(ModelPlanner.UNPARSEABLE_ARGUMENTS).asText()).isEqualTo("{path: report.txt");
        assertThat(result.turns().get(1).observations().get(0).status()).isEqualTo(Observation.Status.OK);
        assertThat(result.counts().denials()).isEqualTo(1);

        List<JsonNode> sent = sentBodies(wm, PATH);
        JsonNode echoed = sent.get(1).at("/messages/2/tool_calls/0/function/arguments");
        assertThat(echoed.asText()).isEqualTo("{\"_unparseable_arguments\":\"{path: report.txt\"}");
        assertThat(sent.get(1).at("/messages/3/content").asText())
                .startsWith("INVALID_ARGUMENTS by rule schema: invalid arguments for read_file")
                .contains("_unparseable_arguments")
                .contains("path");
    }

    @Test
    void terminatesTheRunWhenTheModelKeepsSendingBrokenArguments() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(calls(call("call_bad", "read_file", "not json at all")))));

        RunResult result = kit.agent(kit.planners(settings(FAST)), Impact.IRREVERSIBLE, 2,
                LoopSettings.defaults().withWallClock(Duration.ofSeconds(30))).run(REQUEST);

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(result.counts().denials()).isEqualTo(2);
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void tellsTheModelWhichToolsExistWhenItCallsAnUnknownOne() {
        sequence(wm, PATH,
                json(calls(call("call_x", "delete_everything", "{}"))),
                json(calls(call("call_r", "read_file", "{\"path\":\"report.txt\"}"))),
                json(finish("Revenue is up 4%.")));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.turns().get(0).observations().get(0).status()).isEqualTo(Observation.Status.UNKNOWN_TOOL);
        assertThat(result.counts().denials()).isEqualTo(1);
        String told = sentBodies(wm, PATH).get(1).at("/messages/3/content").asText();
        assertThat(told).startsWith("UNKNOWN_TOOL by rule unknown-tool: there is no tool named 'delete_everything'")
                .contains("Available tools: read_file, write_note, send_email");
    }

    @Test
    void endsTheRunModelFailedOnAnEmptyAnswer() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(finish(null))));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("empty answer");
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void endsTheRunModelFailedWhenTheProviderFiltersTheAnswer() {
        ObjectNode filtered = finish(null);
        ((ObjectNode) filtered.at("/choices/0")).put("finish_reason", "content_filter");
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(filtered)));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.MODEL_FAILED);
        assertThat(result.answer()).contains("refused");
    }

    @Test
    void completesWithARefusalWrittenAsText() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(finish("I can't help with that."))));

        RunResult result = run(FAST);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.answer()).isEqualTo("I can't help with that.");
    }

    // ---- OpenAI responses

    static ResponseDefinitionBuilder rateLimited(String retryAfter) {
        return aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", retryAfter)
                .withBody("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on requests per min (RPM):"
                        + " Limit 3, Used 3, Requested 1.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    }

    static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    }

    static ResponseDefinitionBuilder json(JsonNode body) {
        return ModelRunKit.json(body.toString());
    }

    static ObjectNode completion(ObjectNode message, String finishReason) {
        ObjectNode body = ModelRunKit.JSON.createObjectNode();
        body.put("id", "chatcmpl-F" + Math.abs(message.hashCode()));
        body.put("object", "chat.completion");
        body.put("created", 1732680000);
        body.put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", 50);
        usage.put("completion_tokens", 10);
        usage.put("total_tokens", 60);
        return body;
    }

    static ObjectNode finish(String content) {
        ObjectNode message = ModelRunKit.JSON.createObjectNode();
        message.put("role", "assistant");
        if (content == null) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        message.putNull("refusal");
        return completion(message, "stop");
    }

    static ObjectNode call(String id, String name, String arguments) {
        ObjectNode call = ModelRunKit.JSON.createObjectNode();
        call.put("id", id);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    static ObjectNode calls(ObjectNode... calls) {
        ObjectNode message = ModelRunKit.JSON.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        ArrayNode array = message.putArray("tool_calls");
        for (ObjectNode call : calls) {
            array.add(call);
        }
        message.putNull("refusal");
        return completion(message, "tool_calls");
    }
}
