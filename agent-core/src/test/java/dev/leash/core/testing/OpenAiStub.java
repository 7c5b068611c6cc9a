package dev.leash.core.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat-completions model in the OpenAI format on WireMock, answering a script turn by turn. Shared
 * with other modules' tests through agent-core's test fixtures jar (the model at
 * {@code <server>/v1}).
 */
public final class OpenAiStub {

    /** Chat completions, with or without the {@code /v1} prefix a client adds to its base URL (a pattern). */
    public static final String PATH = "(/v1)?/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    public OpenAiStub(WireMockServer server) {
        this.server = server;
    }

    /** A turn that calls one tool. */
    public static ObjectNode toolCall(String id, String tool, String arguments) {
        ObjectNode message = JSON.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        ObjectNode call = calls.addObject();
        call.put("id", id);
        call.put("type", "function");
        call.putObject("function").put("name", tool).put("arguments", arguments);
        return completion(message, "tool_calls");
    }

    /** A turn that answers in text. */
    public static ObjectNode answer(String text) {
        ObjectNode message = JSON.createObjectNode();
        message.put("role", "assistant");
        message.put("content", text);
        return completion(message, "stop");
    }

    private static ObjectNode completion(ObjectNode message, String finishReason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-" + Math.abs(message.hashCode()));
        body.put("object", "chat.completion");
        body.put("created", 1732680000);
        body.put("model", "gpt-4o-mini");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", 50);
        usage.put("completion_tokens", 10);
        usage.put("total_tokens", 60);
        return body;
    }

    /** The model answers each request with the next turn (the last one repeats). */
    public void script(List<ObjectNode> turns) {
        server.resetAll();
        for (int i = 0; i < turns.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : "turn-" + i;
            var stub = post(urlPathMatching(PATH)).inScenario("conversation").whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(turns.get(i).toString()));
            if (i + 1 < turns.size()) {
                stub = stub.willSetStateTo("turn-" + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    /**
     * The model answers by where the conversation is, not by a shared state, so several
     * conversations (runs in parallel, one run after another) each get the same turns: a request
     * whose messages are a system prompt, the user's message and {@code k} earlier turns of one tool
     * call each (an assistant message and its tool result) gets turn {@code k} (the last one
     * repeats).
     */
    public void byTurn(List<ObjectNode> turns) {
        server.resetAll();
        for (int k = 0; k < turns.size(); k++) {
            // messages[1 + 2k] is the newest message of a conversation at turn k; the deepest match wins.
            var stub = post(urlPathMatching(PATH)).atPriority(turns.size() - k)
                    .withRequestBody(matchingJsonPath("$.messages[" + (1 + 2 * k) + "]"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(turns.get(k).toString()));
            server.stubFor(stub);
        }
    }

    /** The model answers every request with this HTTP status and body (e.g. 500, or 401 for a bad key). */
    public void failing(int status, String body) {
        server.resetAll();
        server.stubFor(post(urlPathMatching(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** The request bodies the model received, in order. */
    public List<JsonNode> requests() {
        List<JsonNode> bodies = new ArrayList<>();
        server.findAll(postRequestedFor(urlPathMatching(PATH))).forEach(request -> {
            try {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return bodies;
    }

    /** The names of the tools offered in a request. */
    public static List<String> offered(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(tool -> names.add(tool.at("/function/name").asText()));
        return names;
    }

    /** The content of the tool messages in a request. */
    public static List<String> toolResults(JsonNode request) {
        List<String> results = new ArrayList<>();
        request.path("messages").forEach(message -> {
            if ("tool".equals(message.path("role").asText())) {
                results.add(message.path("content").asText());
            }
        });
        return results;
    }
}
