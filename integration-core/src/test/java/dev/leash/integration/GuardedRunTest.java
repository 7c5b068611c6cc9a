package dev.leash.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.tiers.config.LeashConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedRunTest {

    static final LeashConfig CONFIG = LeashConfig.parse("""
            safety:
              allow:
                email_domains: [example.com]
                http_hosts: [api.example.com]
            """, "test");

    final InMemoryAuditSink audit = new InMemoryAuditSink();
    final AtomicInteger drafted = new AtomicInteger();

    static ObjectNode schema(String... arguments) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (String argument : arguments) {
            properties.putObject(argument).put("type", "string");
        }
        return schema;
    }

    ToolDeclarations declarations() {
        return ToolDeclarations.none().withTarget("draft", "to", TargetKind.EMAIL).withTrustedResult("clock");
    }

    LeashGuard guard(SafetyLevel level) {
        ToolDeclarations declared = declarations();
        return LeashGuard.builder(level, CONFIG)
                .tools(List.of(
                        declared.tool(ToolSpec.of("draft", "draft a mail", schema("to"), Impact.WRITE), call -> {
                            drafted.incrementAndGet();
                            return "drafted";
                        }),
                        declared.tool(ToolSpec.of("lookup", "look up", schema("name"), Impact.READ), call -> "found"),
                        declared.tool(ToolSpec.of("clock", "the time", schema(), Impact.READ), call -> "noon")))
                .audit(audit)
                .alertSink(alert -> { })
                .principal("alex@example.com")
                .build();
    }

    static ToolCall call(String tool, String argument, String value) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        if (argument != null) {
            arguments.put(argument, value);
        }
        return ToolCall.of(tool, arguments);
    }

    @Test
    void offersOnlyReadToolsAtLevelOneAndDeniesTheOthers() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_1)) {
            assertThat(guard.offeredTools()).extracting(ToolSpec::name).containsExactlyInAnyOrder("lookup", "clock");
            Observation seen = guard.run("c1").execute(call("draft", "to", "kim@example.com"));
            assertThat(seen.status()).isEqualTo(Observation.Status.DENIED);
            assertThat(seen.rule()).contains("impact-gate");
            assertThat(drafted).hasValue(0);
        }
    }

    @Test
    void refusesEveryCallOnceTheTierHasTerminatedTheRun() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            GuardedRun run = guard.run("c1");
            for (int i = 0; i < 3; i++) {
                assertThat(run.execute(call("draft", "to", "x" + i + "@rival.example")).rule())
                        .contains("allowlist.email_domains");
            }
            assertThat(run.termination()).hasValueSatisfying(t -> assertThat(t.rule()).isEqualTo("persistence.max_denials"));

            Observation after = run.execute(call("draft", "to", "kim@example.com"));

            assertThat(after.status()).isEqualTo(Observation.Status.SKIPPED);
            assertThat(after.rule()).contains("persistence.max_denials");
            assertThat(after.toModelText()).contains("terminated by rule persistence.max_denials");
            assertThat(drafted).hasValue(0);
            assertThat(audit.events(AuditEvent.CallDecided.class)).last()
                    .satisfies(d -> {
                        assertThat(d.stage()).isEqualTo("run");
                        assertThat(d.decision()).isEqualTo("deny");
                    });
            guard.end("c1");
            assertThat(audit.events(AuditEvent.RunEnded.class)).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY));
        }
    }

    @Test
    void conversationsAreRunsOfTheirOwn() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            GuardedRun first = guard.run("a");
            first.execute(call("draft", "to", "x@rival.example"));
            assertThat(guard.run("a")).isSameAs(first);
            assertThat(guard.run("b").context().denials()).isZero();
            assertThat(first.context().denials()).isEqualTo(1);

            guard.end("a");

            assertThat(first.isEnded()).isTrue();
            assertThat(first.execute(call("lookup", "name", "Kim")).rule()).contains("run.ended");
            assertThat(guard.run("a").runId()).isNotEqualTo(first.runId());
            assertThat(audit.events(AuditEvent.RunStarted.class)).extracting(AuditEvent.RunStarted::principal)
                    .containsOnly("alex@example.com");
        }
    }

    @Test
    void resultsAreUntrustedUnlessDeclaredTrusted() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            GuardedRun run = guard.run(null);
            assertThat(run.execute(call("lookup", "name", "Kim")).provenance().isUntrusted()).isTrue();
            assertThat(run.execute(call("clock", null, null)).provenance().isUntrusted()).isFalse();
        }
    }

    @Test
    void argumentsThatAreNotAnObjectAreRefusedByTheSchema() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            ToolSpec spec = ToolSpec.of("x", "", ModelCalls.validationSchema(schema("name")), Impact.READ);
            assertThat(spec.parameters().get("additionalProperties").asBoolean()).isFalse();
            Observation seen = guard.run("c").execute(ModelCalls.of("id1", "lookup", "[1,2]"));
            assertThat(seen.status()).isEqualTo(Observation.Status.INVALID_ARGUMENTS);
            assertThat(seen.rule()).contains("schema");
        }
    }

    @Test
    void targetsAreReadFromTheDeclaredArguments() {
        ToolDeclarations declared = ToolDeclarations.none()
                .withTarget("post", "to", TargetKind.EMAIL)
                .withTarget("post", "url", TargetKind.URL)
                .withTarget("post", "file", TargetKind.PATH);
        ForeignTool tool = declared.tool(ToolSpec.of("post", "", schema("to", "url", "file"), Impact.WRITE), c -> "ok");
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        arguments.put("to", "Kim <kim@example.com>, x@rival.example");
        arguments.put("url", "https://evil.example:8443/upload?q=1");
        arguments.put("file", "notes.txt");

        assertThat(tool.targets(ToolCall.of("post", arguments))).containsExactlyInAnyOrder(
                Target.recipient("kim@example.com"), Target.recipient("x@rival.example"),
                Target.host("evil.example"), Target.path("notes.txt"));
    }

    @Test
    void badDeclarationsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> ToolDeclarations.none().withTarget("draft", "recipient", TargetKind.EMAIL)
                .tool(ToolSpec.of("draft", "", schema("to"), Impact.WRITE), c -> "ok"))
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("recipient").hasMessageContaining("[to]");
        assertThatThrownBy(() -> ToolDeclarations.none().withImpact("ghost", Impact.READ).checkNames(List.of("draft")))
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> ToolDeclarations.none().impactOf("wipe", null))
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("wipe");
        assertThatThrownBy(() -> TargetKind.of("phone", "tools.x.targets.y"))
                .hasMessageContaining("phone").hasMessageContaining("email");
    }

    @Test
    void theUsersRequestsAreTheRunsGoalEachAuditedOnce() {
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            GuardedRun run = guard.run("c1", "Draft a note to Kim");
            assertThat(run.context().goal()).isEqualTo("Draft a note to Kim");
            assertThat(guard.run("c1", "Draft a note to Kim")).isSameAs(run);
            assertThat(guard.run("c1", "  and copy Lee  ").context().goal()).isEqualTo("Draft a note to Kim\nand copy Lee");
            assertThat(guard.run("c1").context().goal()).isEqualTo("Draft a note to Kim\nand copy Lee");
            // Another conversation's request is not this one's goal.
            assertThat(guard.run("c2").context().goal()).isEmpty();
        }
        assertThat(audit.events(AuditEvent.RunStarted.class)).extracting(AuditEvent.RunStarted::goal)
                .containsExactly("Draft a note to Kim", "");
        assertThat(audit.events(AuditEvent.StepProposed.class)).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo("user_request");
            assertThat(step.detail()).isEqualTo("and copy Lee");
        });
    }

    @Test
    void endingARunReleasesWhatWasKeptForIt() {
        AtomicInteger released = new AtomicInteger();
        try (LeashGuard guard = guard(SafetyLevel.LEVEL_2)) {
            guard.run("c1").context().onEnd(released::incrementAndGet);
            assertThat(released).hasValue(0);
            guard.end("c1");
            assertThat(released).hasValue(1);
        }
    }
}
