package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.tiers.alert.InMemoryAlertSink;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.support.Harness;
import dev.leash.tiers.support.Harness.RecordingGate;
import dev.leash.tiers.support.RecordingTool;
import dev.leash.tiers.support.TestRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same scripted agent, played under each level: DESIGN's matrix of what runs unattended,
 * what needs a human and what never runs.
 */
class TierMatrixTest {

    private static final LeashConfig CONFIG = LeashConfig.parse("""
            safety:
              allow: { email_domains: [example.com], http_hosts: [api.example.com] }
              persistence: { max_denials: 10 }
            """, "leash.yaml");

    /** The scripted agent: one read, one write, one irreversible call, a mail to an outsider, a fetch from an outside host. */
    private static final List<Step> SCRIPT = List.of(
            Step.call(
                    ToolCall.of("c1", "lookup", TestRun.args("{\"q\": \"orders\"}")),
                    ToolCall.of("c2", "save_note", TestRun.args("{\"text\": \"hello\"}")),
                    ToolCall.of("c3", "pay", TestRun.args("{\"amount\": 10}")),
                    ToolCall.of("c4", "draft_email", TestRun.args("{\"to\": \"x@evil.example\"}")),
                    ToolCall.of("c5", "fetch", TestRun.args("{\"host\": \"exfil.evil.example\"}"))),
            Step.finish("done"));

    private final RecordingTool lookup = RecordingTool.of("lookup", Impact.READ);
    private final RecordingTool saveNote = RecordingTool.of("save_note", Impact.WRITE);
    private final RecordingTool pay = RecordingTool.of("pay", Impact.IRREVERSIBLE);
    private final RecordingTool draft = RecordingTool.withTargets("draft_email", Impact.WRITE, Harness::recipientOf);
    private final RecordingTool fetch = RecordingTool.withTargets("fetch", Impact.READ, Harness::hostOf);
    private final List<RecordingTool> tools = List.of(lookup, saveNote, pay, draft, fetch);

    private RunResult play(SafetyLevel level, RecordingGate gate, InMemoryAlertSink alerts) {
        Injector injector = Harness.injector(level, CONFIG, tools, new InMemoryAuditSink(), SCRIPT, new AbstractModule() {
            @Override
            protected void configure() {
                TierModule.approvalGate(binder()).toInstance(gate);
                TierModule.alertSink(binder()).toInstance(alerts);
            }
        });
        return injector.getInstance(AgentLoop.class).run(RunRequest.of("work", "alex@example.com"));
    }

    /**
     * Each cell: {@code ran} (unattended), {@code approval} (put to a human, who approved, then
     * ran), or {@code denied by RULE} (never ran, no human asked).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "LEVEL_1 | ran | denied by impact-gate | denied by impact-gate | denied by impact-gate            | denied by allowlist.http_hosts",
        "LEVEL_2 | ran | ran                   | approval             | denied by allowlist.email_domains | denied by allowlist.http_hosts",
        "LEVEL_3 | ran | approval              | approval             | denied by allowlist.email_domains | denied by allowlist.http_hosts",
    })
    void sameAgentUnderEachLevelFollowsTheTierMatrix(SafetyLevel level, String read, String write, String irreversible,
                                                     String mailOutside, String hostOutside) {
        RecordingGate gate = RecordingGate.approvingAll();

        RunResult result = play(level, gate, new InMemoryAlertSink());

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        List<Observation> observations = result.turns().get(0).observations();
        Map<RecordingTool, String> expected = Map.of(lookup, read, saveNote, write, pay, irreversible,
                draft, mailOutside, fetch, hostOutside);
        for (int i = 0; i < tools.size(); i++) {
            RecordingTool tool = tools.get(i);
            String cell = expected.get(tool);
            Observation observation = observations.get(i);
            boolean asked = gate.tools().contains(tool.name());
            if (cell.equals("ran")) {
                assertThat(observation.status()).as(tool.name()).isEqualTo(Observation.Status.OK);
                assertThat(tool.runs()).as(tool.name() + " ran").isEqualTo(1);
                assertThat(asked).as(tool.name() + " needed no human").isFalse();
            } else if (cell.equals("approval")) {
                assertThat(asked).as(tool.name() + " was put to a human").isTrue();
                assertThat(observation.status()).as(tool.name()).isEqualTo(Observation.Status.OK);
                assertThat(tool.runs()).as(tool.name() + " ran once approved").isEqualTo(1);
            } else {
                String rule = cell.substring("denied by ".length());
                assertThat(observation.status()).as(tool.name()).isEqualTo(Observation.Status.DENIED);
                assertThat(observation.rule()).as(tool.name()).contains(rule);
                assertThat(tool.runs()).as(tool.name() + " did not run").isZero();
                assertThat(asked).as(tool.name() + " was not put to a human").isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SafetyLevel.class, names = {"LEVEL_2", "LEVEL_3"})
    void approvalGatedCallsDoNotRunWhenTheReviewerSaysNo(SafetyLevel level) {
        RecordingGate gate = RecordingGate.rejectingAll();

        RunResult result = play(level, gate, new InMemoryAlertSink());

        assertThat(gate.tools()).isNotEmpty();
        for (String asked : gate.tools()) {
            RecordingTool tool = tools.stream().filter(t -> t.name().equals(asked)).findFirst().orElseThrow();
            assertThat(tool.runs()).as(asked + " did not run").isZero();
        }
        assertThat(pay.runs()).isZero();
        assertThat(lookup.runs()).isEqualTo(1);
        assertThat(result.counts().approvalsRequested()).isEqualTo(gate.requests().size());
        assertThat(result.counts().approvalsGranted()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SafetyLevel.class)
    void alertSinkReceivesEveryDenialAndEveryApproval(SafetyLevel level) {
        InMemoryAlertSink alerts = new InMemoryAlertSink();
        RecordingGate gate = RecordingGate.approvingAll();

        play(level, gate, alerts);

        int denials = (int) tools.stream().filter(t -> t.runs() == 0).count();
        assertThat(alerts.alerts("denial")).hasSize(denials);
        assertThat(alerts.alerts("approval")).hasSize(gate.requests().size());
    }
}
