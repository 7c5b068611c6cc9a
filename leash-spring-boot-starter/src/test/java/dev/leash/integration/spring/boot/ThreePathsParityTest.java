package dev.leash.integration.spring.boot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.testing.OpenAiStub;
import dev.leash.core.tool.AnnotatedTools;
import dev.leash.core.tool.Tools;
import dev.leash.integration.LeashGuard;
import dev.leash.integration.TargetKind;
import dev.leash.integration.langchain4j.LeashTools;
import dev.leash.integration.springai.LeashToolCallbacks;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The same calls played on Leash's own loop, on a langchain4j AiServices agent and on a Spring AI
 * ChatClient, against the same tier: every audited decision (stage, verdict, rule) is the same,
 * call by call, and so is whether the tier ended the run.
 */
class ThreePathsParityTest {

    static final LeashConfig CONFIG = LeashConfig.parse("""
            safety:
              allow:
                email_domains: [example.com]
            """, "parity");
    static final String PRINCIPAL = "alex@example.com";

    /** Approves everything except sending mail outside example.com. */
    static final ApprovalGate REVIEWER = request -> request.call().text("to").orElse("").endsWith("@example.com")
            ? ApprovalResult.approved("reviewer@example.com", request)
            : ApprovalResult.rejected("reviewer@example.com", "not to outside addresses");

    static WireMockServer server;
    static OpenAiStub model;

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

    record Call(String tool, String arguments) {
        @Override
        public String toString() {
            return tool + arguments;
        }
    }

    /** One audited decision, without what differs by path (run and call ids, times). */
    record Decided(String tool, String stage, String decision, String rule) {
    }

    static Call call(String tool, String arguments) {
        return new Call(tool, arguments);
    }

    static final String INSIDE = "{\"to\":\"kim@example.com\",\"subject\":\"Q3\",\"body\":\"numbers\"}";
    static final String OUTSIDE = "{\"to\":\"buyer@rival.example\",\"subject\":\"Specs\",\"body\":\"attached\"}";

    static final String GOAL = "Tell Kim the Q3 numbers";

    /**
     * Level, the user's request (the run's goal on the loop, the user message on the frameworks),
     * the calls, a rule that must fire, whether the tier ends the run.
     */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(SafetyLevel.LEVEL_1, GOAL, List.of(call("lookup_contact", "{\"name\":\"Kim\"}"),
                        call("send_email", INSIDE), call("draft_email", INSIDE)), "impact-gate", false),
                Arguments.of(SafetyLevel.LEVEL_2, GOAL, List.of(call("draft_email", OUTSIDE), call("draft_email", INSIDE),
                        call("send_email", INSIDE)), "allowlist.email_domains", false),
                Arguments.of(SafetyLevel.LEVEL_2, GOAL, List.of(call("delete_everything", "{}"),
                        call("draft_email", "{\"to\":\"kim@example.com\"}"),
                        call("lookup_contact", "{\"name\":\"Kim\",\"extra\":1}")), "schema", true),
                Arguments.of(SafetyLevel.LEVEL_2, GOAL, List.of(call("draft_email", OUTSIDE), call("send_email", OUTSIDE),
                        call("draft_email", OUTSIDE), call("lookup_contact", "{\"name\":\"Kim\"}")),
                        "allowlist.email_domains", true),
                // Level 3 denies a recipient outside the allowlist before any reviewer sees it.
                Arguments.of(SafetyLevel.LEVEL_3, GOAL, List.of(call("lookup_contact", "{\"name\":\"Kim\"}"),
                        call("draft_email", INSIDE), call("send_email", OUTSIDE)), "allowlist.email_domains", false),
                // The request names Kim: the mail to her is a routine approval, granted.
                Arguments.of(SafetyLevel.LEVEL_3, GOAL, List.of(call("send_email", INSIDE)), "impact-gate", false),
                // The request names nobody: the same mail is flagged unnamed-target on every path.
                Arguments.of(SafetyLevel.LEVEL_3, "Send the Q3 numbers", List.of(call("send_email", INSIDE)),
                        "unnamed-target+impact-gate", false));
    }

    @ParameterizedTest(name = "{0} \"{1}\": {2}")
    @MethodSource("scenarios")
    void theSameCallsGetTheSameDecisionsOnEveryPath(SafetyLevel level, String goal, List<Call> calls, String ruleSeen,
                                                    boolean terminated) {
        Played loop = onLeashLoop(level, goal, calls);
        Played aiServices = onAiServices(level, goal, calls);
        Played springAi = onSpringAi(level, goal, calls);

        // The decisions are those of the tier (the scenario's rule fires), identical on each path.
        assertThat(loop.decisions()).extracting(Decided::rule).anySatisfy(rule -> assertThat(rule).startsWith(ruleSeen));
        if (!ruleSeen.contains("unnamed-target")) {
            // A recipient the request names is not flagged on any path.
            assertThat(loop.decisions()).extracting(Decided::rule).noneSatisfy(
                    rule -> assertThat(rule).contains("unnamed-target"));
        }
        assertThat(aiServices.decisions()).containsExactlyElementsOf(loop.decisions());
        assertThat(springAi.decisions()).containsExactlyElementsOf(loop.decisions());
        assertThat(loop.terminated()).isEqualTo(terminated);
        assertThat(aiServices.terminated()).isEqualTo(loop.terminated());
        assertThat(springAi.terminated()).isEqualTo(loop.terminated());
        assertThat(aiServices.sent()).isEqualTo(loop.sent());
        assertThat(springAi.sent()).isEqualTo(loop.sent());
    }

    record Played(List<Decided> decisions, boolean terminated, List<String> sent) {
    }

    private static List<Decided> decisions(InMemoryAuditSink audit) {
        List<Decided> decided = new ArrayList<>();
        for (AuditEvent.CallDecided event : audit.events(AuditEvent.CallDecided.class)) {
            decided.add(new Decided(event.tool(), event.stage(), event.decision(), event.rule()));
        }
        return decided;
    }

    /** Leash's loop with the scripted planner; the tools are Leash's own annotated methods. */
    private Played onLeashLoop(SafetyLevel level, String goal, List<Call> calls) {
        Mailroom mailroom = new Mailroom();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        List<Step> steps = new ArrayList<>();
        for (Call c : calls) {
            steps.add(Step.call(ToolCall.of(c.tool(), (ObjectNode) json(c.arguments()))));
        }
        steps.add(Step.finish("done"));
        AgentLoop agent = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(level, CONFIG), new AbstractModule() {
            @Override
            protected void configure() {
                Tools tools = Tools.bind(binder());
                AnnotatedTools.from(mailroom).forEach(tool -> tools.add(withRecipients(tool)));
                bind(AuditSink.class).toInstance(audit);
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(steps));
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                TierModule.approvalGate(binder()).toInstance(REVIEWER);
                TierModule.alertSink(binder()).toInstance(alert -> { });
            }
        }).getInstance(AgentLoop.class);
        RunResult result = agent.run(RunRequest.of(goal, PRINCIPAL));
        return new Played(decisions(audit), result.outcome() == Outcome.TERMINATED_BY_POLICY, mailroom.sent);
    }

    /** The recipient argument as an e-mail target, as the integrations declare it. */
    private static Tool withRecipients(Tool tool) {
        boolean mail = tool.spec().name().endsWith("_email");
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return tool.spec();
            }

            @Override
            public List<Target> targets(ToolCall call) {
                return mail ? call.text("to").map(Target::recipient).map(List::of).orElse(List.of()) : List.of();
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
                return tool.execute(call, context);
            }
        };
    }

    private List<ObjectNode> script(List<Call> calls) {
        List<ObjectNode> turns = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            turns.add(OpenAiStub.toolCall("call_" + i, calls.get(i).tool(), calls.get(i).arguments()));
        }
        turns.add(OpenAiStub.answer("done"));
        return turns;
    }

    interface Assistant {
        String chat(String message);
    }

    private Played onAiServices(SafetyLevel level, String goal, List<Call> calls) {
        Mailroom mailroom = new Mailroom();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        model.script(script(calls));
        try (LeashTools tools = LeashTools.builder(level, CONFIG)
                .tools(mailroom)
                .target("draft_email", "to", TargetKind.EMAIL)
                .target("send_email", "to", TargetKind.EMAIL)
                .audit(audit)
                .principal(PRINCIPAL)
                .approvalGate(REVIEWER)
                .alertSink(alert -> { })
                .build()) {
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key")
                            .modelName("gpt-4o-mini").build())
                    .tools(tools.executors())
                    .hallucinatedToolNameStrategy(tools::unofferedCall)
                    .build();
            assertThat(assistant.chat(goal)).isEqualTo("done");
            return played(audit, tools.guard(), mailroom, calls.size());
        }
    }

    private Played onSpringAi(SafetyLevel level, String goal, List<Call> calls) {
        Mailroom mailroom = new Mailroom();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        model.script(script(calls));
        try (LeashToolCallbacks tools = LeashToolCallbacks.builder(level, CONFIG)
                .toolObjects(mailroom)
                .target("draft_email", "to", TargetKind.EMAIL)
                .target("send_email", "to", TargetKind.EMAIL)
                .audit(audit)
                .principal(PRINCIPAL)
                .approvalGate(REVIEWER)
                .alertSink(alert -> { })
                .build()) {
            org.springframework.ai.openai.OpenAiChatModel chatModel = org.springframework.ai.openai.OpenAiChatModel.builder()
                    .options(OpenAiChatOptions.builder().baseUrl(server.baseUrl() + "/v1").apiKey("test-key")
                            .model("gpt-4o-mini").build())
                    .toolCallingManager(tools.toolCallingManager())
                    .build();
            String answer = tools.chatClient(chatModel).build().prompt().user(goal).call().content();
            assertThat(answer).isEqualTo("done");
            return played(audit, tools.guard(), mailroom, calls.size());
        }
    }

    /**
     * The decisions of the calls the loop would have made: after the tier ends a run the loop
     * stops, while a framework's model may go on calling (each such call is refused unrun).
     */
    private static Played played(InMemoryAuditSink audit, LeashGuard guard, Mailroom mailroom, int calls) {
        Optional<?> termination = guard.run(LeashGuard.DEFAULT_RUN).termination();
        List<Decided> decided = decisions(audit).stream().filter(d -> !d.stage().equals("run")).toList();
        return new Played(decided, termination.isPresent(), mailroom.sent);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return ToolCall.ARGUMENTS_MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
