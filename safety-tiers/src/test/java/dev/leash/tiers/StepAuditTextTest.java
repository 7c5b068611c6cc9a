package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.guards.SecretRedactor;
import dev.leash.tiers.config.LeashConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit record of each proposed step: the calls as proposed, with secrets masked or the text
 * withheld, whatever the guards then decide about the same calls (they read the decoding made for
 * the record).
 */
class StepAuditTextTest {

    static final String SECRET = "QS-7731-ALPHA";
    static final String PROSE = "We shipped the release and the incident review is booked for Thursday. ".repeat(30);

    /** A tool that saves a note: title and body. */
    static final class SaveNote implements Tool {
        @Override
        public ToolSpec spec() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("title").put("type", "string");
            properties.putObject("body").put("type", "string");
            return ToolSpec.of("save_note", "Saves a note", schema, Impact.WRITE);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted("saved");
        }
    }

    /** A tool that looks something up. */
    static final class Lookup implements Tool {
        @Override
        public ToolSpec spec() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putObject("properties").putObject("query").put("type", "string");
            return ToolSpec.of("lookup", "Looks something up", schema, Impact.READ);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted("found");
        }
    }

    @Test
    void recordsEachStepAsProposedWithSecretsMaskedOrTheTextWithheld() {
        ToolCall clean = note("Weekly summary", PROSE);
        ToolCall plain = note("Keys", half() + "The code is " + SECRET + ". " + half());
        String offset = Base64.getEncoder().encodeToString(("xxxx" + SECRET + "-tail-of-the-document").getBytes(StandardCharsets.UTF_8));
        ToolCall encoded = note("Keys", half() + "payload=" + offset + " " + half());
        ToolCall lookup = ToolCall.of("lookup", JsonNodeFactory.instance.objectNode().put("query", "code QS-7731"));
        ToolCall rest = note("Rest", "-ALPHA " + PROSE);
        InMemoryAuditSink audit = new InMemoryAuditSink();

        RunResult result = agent(audit, List.of(Step.call(clean), Step.call(plain), Step.call(encoded),
                Step.calls(List.of(lookup, rest)), Step.finish("done"))).run(RunRequest.of("file the notes", "ana"));

        assertThat(audit.events(AuditEvent.StepProposed.class)).extracting(AuditEvent.StepProposed::detail).containsExactly(
                "save_note" + clean.argumentsJson(),
                ("save_note" + plain.argumentsJson()).replace(SECRET, SecretRedactor.SECRET_MARK),
                SecretRedactor.WITHHELD,
                "lookup" + lookup.argumentsJson() + ", save_note" + rest.argumentsJson(),
                "done");
        assertThat(result.turns()).extracting(turn -> turn.observations().stream().map(o -> o.rule().orElse("")).toList())
                .containsExactly(List.of(""), List.of("leak-guard.secret"), List.of("leak-guard.secret"), List.of("", ""),
                        List.of());
    }

    private static String half() {
        return PROSE.substring(0, PROSE.length() / 2);
    }

    private static ToolCall note(String title, String body) {
        return ToolCall.of("save_note", JsonNodeFactory.instance.objectNode().put("title", title).put("body", body));
    }

    private static AgentLoop agent(AuditSink audit, List<Step> script) {
        LeashConfig config = LeashConfig.parse("""
                safety:
                  secrets: { values: ["QS-7731-ALPHA"] }
                  approvals: { gate: deny }
                """, "leash.yaml");
        return Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).add(new SaveNote()).add(new Lookup());
                bind(AuditSink.class).toInstance(audit);
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(script));
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
            }
        }).getInstance(AgentLoop.class);
    }
}
