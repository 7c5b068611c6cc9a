package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.support.Harness;
import dev.leash.tiers.support.RecordingTool;
import dev.leash.tiers.support.TestRun;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service that builds an agent per request must not collect threads: pools belong to the process. */
class ManyAgentsThreadsTest {

    private static final int AGENTS = 1_000;

    @Test
    void thousandAgentsBuiltAndRunInOneJvmHoldABoundedNumberOfThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RecordingTool lookup = RecordingTool.of("lookup", Impact.READ);
        RecordingTool saveNote = RecordingTool.of("save_note", Impact.WRITE);
        List<Step> script = List.of(
                Step.call(ToolCall.of("lookup", TestRun.args("{}"))),
                Step.call(ToolCall.of("save_note", TestRun.args("{}"))),
                Step.finish("done"));
        // The first agent creates whatever the process shares (the watchdog); count from there.
        runOne(lookup, saveNote, script, SafetyLevel.LEVEL_2);
        int before = threads.getThreadCount();
        int peak = before;

        for (int i = 0; i < AGENTS; i++) {
            SafetyLevel level = i % 2 == 0 ? SafetyLevel.LEVEL_1 : SafetyLevel.LEVEL_2;
            RunResult result = runOne(lookup, saveNote, script, level);
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(result.turns().get(0).observations()).extracting(Observation::status)
                    .containsExactly(Observation.Status.OK);
            peak = Math.max(peak, threads.getThreadCount());
        }

        assertThat(lookup.runs()).isEqualTo(AGENTS + 1);
        // Level 1 refuses the WRITE call, Level 2 runs it: half the agents wrote.
        assertThat(saveNote.runs()).isEqualTo(AGENTS / 2 + 1);
        assertThat(peak).as("live threads while %d agents were built and run (before: %d)", AGENTS, before)
                .isLessThanOrEqualTo(before + 8);
        assertThat(threads.getThreadCount()).isLessThanOrEqualTo(before + 8);
    }

    private static RunResult runOne(RecordingTool lookup, RecordingTool saveNote, List<Step> script, SafetyLevel level) {
        AgentLoop agent = Harness.injector(level, LeashConfig.defaults(), List.of(lookup, saveNote),
                new InMemoryAuditSink(), script).getInstance(AgentLoop.class);
        return agent.run(RunRequest.of("note it", "ana"));
    }
}
