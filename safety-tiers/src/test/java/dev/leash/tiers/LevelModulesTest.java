package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.AgentLoop;
import dev.leash.tiers.alert.LoggingAlertSink;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tiers.support.Harness;
import dev.leash.tiers.support.Harness.RecordingGate;
import dev.leash.tiers.support.RecordingTool;
import dev.leash.tiers.support.TestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class LevelModulesTest {

    private final RecordingTool lookup = RecordingTool.of("lookup", Impact.READ);
    private final RecordingTool saveNote = RecordingTool.of("save_note", Impact.WRITE);
    private final RecordingTool pay = RecordingTool.of("pay", Impact.IRREVERSIBLE);
    private final List<RecordingTool> tools = List.of(lookup, saveNote, pay);
    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    private static final Credentials CREDENTIALS = Credentials.builder()
            .add(new Credential("db", "reader", "read-pw", Impact.READ))
            .add(new Credential("db", "writer", "write-pw", Impact.WRITE))
            .add(new Credential("db", "owner", "owner-pw", Impact.IRREVERSIBLE))
            .build();

    private Injector injector(SafetyLevel level, LeashConfig config, List<Step> script, AbstractModule... extra) {
        List<com.google.inject.Module> modules = new ArrayList<>(List.of(extra));
        modules.add(new AbstractModule() {
            @Override
            protected void configure() {
                Credentials.bind(binder()).toInstance(CREDENTIALS);
            }
        });
        return Harness.injector(level, config, tools, audit, script, modules.toArray(com.google.inject.Module[]::new));
    }

    private static AbstractModule gate(ApprovalGate gate) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                TierModule.approvalGate(binder()).toInstance(gate);
            }
        };
    }

    private static Step call(String tool, String args) {
        return Step.call(ToolCall.of(tool, TestRun.args(args)));
    }

    @Test
    void levelOneOffersOnlyReadToolsAndNeverExposesAWriteCredential() {
        Injector injector = injector(SafetyLevel.LEVEL_1, LeashConfig.defaults(),
                List.of(call("lookup", "{}"), Step.finish("done")));
        AgentLoop agent = injector.getInstance(AgentLoop.class);

        assertThat(agent.offeredTools()).extracting(ToolSpec::name).containsExactly("lookup");
        CredentialProvider credentials = injector.getInstance(CredentialProvider.class);
        for (Impact impact : Impact.values()) {
            assertThat(credentials.credential("db", impact)).as("asked for " + impact)
                    .hasValueSatisfying(c -> assertThat(c.impact()).isEqualTo(Impact.READ));
        }
        RunResult result = agent.run(RunRequest.of("look", "alex@example.com"));
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(lookup.credentialsSeen()).singleElement()
                .satisfies(c -> assertThat(c).hasValueSatisfying(cred -> assertThat(cred.user()).isEqualTo("reader")));
        assertThat(audit.events(AuditEvent.RunStarted.class).get(0).tools()).containsExactly("lookup:read");
    }

    @Test
    void levelTwoGivesEachCallTheCredentialOfItsOwnImpact() {
        Injector injector = injector(SafetyLevel.LEVEL_2, LeashConfig.defaults(),
                List.of(call("lookup", "{}"), call("save_note", "{}"), Step.finish("done")));

        injector.getInstance(AgentLoop.class).run(RunRequest.of("work", "alex@example.com"));

        assertThat(injector.getInstance(AgentLoop.class).offeredTools()).extracting(ToolSpec::name)
                .containsExactly("lookup", "save_note", "pay");
        assertThat(lookup.credentialsSeen()).containsExactly(Optional.of(CREDENTIALS.credential("db", Impact.READ).orElseThrow()));
        assertThat(saveNote.credentialsSeen()).singleElement()
                .satisfies(c -> assertThat(c).hasValueSatisfying(cred -> assertThat(cred.user()).isEqualTo("writer")));
    }

    @ParameterizedTest(name = "{0}: terminated after {1} denials")
    @CsvSource({"LEVEL_1, 3", "LEVEL_2, 3", "LEVEL_3, 2"})
    void persistentDeniedCallsEndTheRunWithAnIncident(SafetyLevel level, int threshold) {
        List<Step> script = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            script.add(call("pay", "{\"amount\": " + (100 + i) + "}"));
        }
        Injector injector = injector(level, LeashConfig.defaults(), script);

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("pay", "alex@example.com"));

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(result.counts().denials()).isEqualTo(threshold);
        assertThat(result.steps()).isEqualTo(threshold);
        assertThat(pay.runs()).isZero();
        assertThat(audit.events(AuditEvent.Incident.class)).singleElement().satisfies(incident -> {
            assertThat(incident.rule()).isEqualTo("persistence.max_denials");
            assertThat(incident.kind()).isEqualTo("persistence");
        });
    }

    @Test
    void maxDenialsFromTheConfigurationOverridesTheLevelDefault() {
        LeashConfig config = LeashConfig.parse("safety: { persistence: { max_denials: 1 } }", "leash.yaml");
        Injector injector = injector(SafetyLevel.LEVEL_2, config, List.of(call("pay", "{}"), call("lookup", "{}")));

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("pay", "alex@example.com"));

        assertThat(injector.getInstance(GuardedExecutor.Settings.class).maxDenials()).isEqualTo(1);
        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(lookup.runs()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"LEVEL_1, 3, READ", "LEVEL_2, 3, IRREVERSIBLE", "LEVEL_3, 2, IRREVERSIBLE"})
    void eachLevelBindsItsExecutorSettings(SafetyLevel level, int maxDenials, Impact offered) {
        Injector injector = injector(level, LeashConfig.defaults(), List.of());

        GuardedExecutor.Settings settings = injector.getInstance(GuardedExecutor.Settings.class);
        assertThat(injector.getInstance(SafetyLevel.class)).isEqualTo(level);
        assertThat(settings.maxDenials()).isEqualTo(maxDenials);
        assertThat(settings.maxOfferedImpact()).isEqualTo(offered);
        assertThat(injector.getInstance(ToolExecutor.class)).isInstanceOf(GuardedExecutor.class);
    }

    @ParameterizedTest
    @EnumSource(SafetyLevel.class)
    void onlyLevelThreeAlertsByDefaultAndTheDefaultGateDenies(SafetyLevel level) {
        Injector injector = injector(level, LeashConfig.defaults(), List.of());

        AlertSink alerts = injector.getInstance(AlertSink.class);
        if (level == SafetyLevel.LEVEL_3) {
            assertThat(alerts).isInstanceOf(LoggingAlertSink.class);
        } else {
            assertThat(alerts).isNotInstanceOf(LoggingAlertSink.class);
        }
        ApprovalGate gate = injector.getInstance(ApprovalGate.class);
        ApprovalRequest request = ApprovalRequest.of("r", "p", level, ToolCall.of("pay", null), Impact.IRREVERSIBLE,
                "impact-gate", "needs a human", List.of(), java.time.Instant.now());
        assertThat(gate.review(request).approves(request)).isFalse();
    }

    @Test
    void changedArgumentsNeedANewApproval() {
        // A reviewer that answers every request with the approval it gave the first one.
        List<String> firstHash = new ArrayList<>();
        RecordingGate stale = new RecordingGate(request -> {
            if (firstHash.isEmpty()) {
                firstHash.add(request.callHash());
            }
            return new ApprovalResult.Approved("dana", firstHash.get(0), java.time.Instant.now(), request.runId(),
                    request.callId(), request.principal());
        });
        Injector injector = injector(SafetyLevel.LEVEL_3, LeashConfig.defaults(),
                List.of(call("pay", "{\"amount\": 10}"), call("pay", "{\"amount\": 10000}"), Step.finish("done")),
                gate(stale));

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("pay", "alex@example.com"));

        assertThat(stale.requests()).hasSize(2);
        assertThat(stale.requests().get(0).callHash()).isNotEqualTo(stale.requests().get(1).callHash());
        assertThat(pay.ran()).extracting(c -> c.argumentsJson()).containsExactly("{\"amount\":10}");
        assertThat(result.turns().get(1).observations().get(0).status()).isEqualTo(Observation.Status.DENIED);
        assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).extracting(AuditEvent.ApprovalAnswered::detail)
                .containsExactly("approved", "the approval was for different arguments");
    }

    @Test
    void batchIsReviewedCallByCallAndDenyingOneNeitherSkipsNorRerunsAnother() {
        RecordingGate gate = new RecordingGate(request -> request.call().argumentsJson().contains("\"amount\":2")
                ? ApprovalResult.rejected("dana", "not this one")
                : ApprovalResult.approved("dana", request));
        Injector injector = injector(SafetyLevel.LEVEL_2, LeashConfig.defaults(), List.of(
                Step.call(ToolCall.of("pay", TestRun.args("{\"amount\": 1}")),
                        ToolCall.of("pay", TestRun.args("{\"amount\": 2}")),
                        ToolCall.of("pay", TestRun.args("{\"amount\": 3}"))),
                Step.finish("done")), gate(gate));

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("pay", "alex@example.com"));

        assertThat(gate.requests()).extracting(r -> r.call().argumentsJson())
                .containsExactly("{\"amount\":1}", "{\"amount\":2}", "{\"amount\":3}");
        assertThat(pay.ran()).extracting(ToolCall::argumentsJson).containsExactly("{\"amount\":1}", "{\"amount\":3}");
        assertThat(result.turns().get(0).observations()).extracting(Observation::status)
                .containsExactly(Observation.Status.OK, Observation.Status.DENIED, Observation.Status.OK);
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void guardPoliciesBoundByTheDeploymentJoinEveryLevelsChain() {
        AbstractModule guard = new AbstractModule() {
            @Override
            protected void configure() {
                TierModule.guards(binder()).addBinding().toInstance(call -> call.tool().equals("save_note")
                        ? Optional.of(Decision.deny("leak-guard", "a canary would leave"))
                        : Optional.empty());
            }
        };
        Injector injector = injector(SafetyLevel.LEVEL_2, LeashConfig.defaults(),
                List.of(call("save_note", "{\"text\": \"x\"}"), Step.finish("done")), guard);

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("note", "alex@example.com"));

        assertThat(saveNote.runs()).isZero();
        assertThat(result.turns().get(0).observations().get(0).rule()).contains("leak-guard");
    }

    @Test
    void redactorBoundByTheDeploymentCleansWhatTheModelSees() {
        AbstractModule redactor = new AbstractModule() {
            @Override
            protected void configure() {
                TierModule.redactor(binder()).toInstance(text -> text.replace("lookup", "[REDACTED]"));
            }
        };
        Injector injector = injector(SafetyLevel.LEVEL_1, LeashConfig.defaults(),
                List.of(call("lookup", "{}"), Step.finish("done")), redactor);

        RunResult result = injector.getInstance(AgentLoop.class).run(RunRequest.of("look", "alex@example.com"));

        assertThat(result.turns().get(0).observations().get(0).content()).isEqualTo("[REDACTED] done");
    }

    @Test
    void theOnlyCredentialBindingADeploymentCanInjectIsTheScopedOne() throws Exception {
        Injector injector = injector(SafetyLevel.LEVEL_1, LeashConfig.defaults(), List.of());

        assertThat(injector.getInstance(CredentialProvider.class)).isNotSameAs(CREDENTIALS);
        assertThat(injector.getExistingBinding(Key.get(Credentials.class))).isNull();
        // The raw provider's binding annotation cannot be named outside its package.
        Class<?> raw = Class.forName("dev.leash.tiers.credential.RawCredentials");
        assertThat(java.lang.reflect.Modifier.isPublic(raw.getModifiers())).isFalse();
    }
}
