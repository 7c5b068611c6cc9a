package dev.leash.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** A model in the OpenAI chat-completions format, played by WireMock. */
public final class ModelAgentsTestSupport {

    public static final String PATH = "/v1/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();

    private ModelAgentsTestSupport() {
    }

    /** A chat completion that calls one tool. */
    public static String toolCall(String id, String tool, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
        call.putObject("function").put("name", tool).put("arguments", arguments);
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        message.putArray("tool_calls").add(call);
        return completion(message, "tool_calls");
    }

    /** A chat completion that answers. */
    public static String answer(String text) {
        return completion(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop");
    }

    private static String completion(ObjectNode message, String finishReason) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-" + finishReason).put("object", "chat.completion")
                .put("created", 1732680000).put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.set("message", message);
        body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        return body.toString();
    }

    /** The model answers these bodies in turn. */
    public static void conversation(WireMockExtension model, String... bodies) {
        for (int i = 0; i < bodies.length; i++) {
            var stub = post(urlEqualTo(PATH)).inScenario("conversation")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn-" + i)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(bodies[i]));
            if (i + 1 < bodies.length) {
                stub = stub.willSetStateTo("turn-" + (i + 1));
            }
            model.stubFor(stub);
        }
    }
}
