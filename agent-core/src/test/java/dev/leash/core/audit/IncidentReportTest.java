package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs through the loop and the executor into a file, then the report a reviewer reads. */
class IncidentReportTest {

    private static final String SECRET = "QS-7731-ALPHA";

    @TempDir
    Path dir;

    private static Tool tool(String name, Impact impact, ObjectNode schema) {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of(name, name, schema, impact);
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                return ToolResult.trusted(name + " done");
            }
        };
    }

    private static ObjectNode emailSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("to").put("type", "string");
        properties.putObject("body").put("type", "string");
        schema.putArray("required").add("to").add("body");
        return schema;
    }

    private RunResult run(JsonlAuditSink sink, int maxDenials, Step... script) {
        PolicyChain policies = PolicyChain.of(call -> {
            if (call.tool().equals("send_email")) {
                return Optional.of(Decision.requireApproval("test.approval", "sending mail needs a human"));
            }
            if (call.tool().equals("delete_all")) {
                return Optional.of(Decision.deny("test.no-deletes", "nothing may be deleted here"));
            }
            return Optional.of(Decision.allow("test.allow", "allowed"));
        });
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool("send_email", Impact.IRREVERSIBLE, emailSchema()),
                        tool("delete_all", Impact.IRREVERSIBLE, null)))
                .policies(policies)
                .approvals(request -> ApprovalResult.approved("alice@example.com", request))
                .audit(sink)
                .settings(GuardedExecutor.Settings.defaults().withMaxDenials(maxDenials))
                .build();
        AgentLoop loop = new AgentLoop(ScriptedPlanner.factory(List.of(script)), executor, sink, SafetyLevel.LEVEL_3,
                LoopSettings.defaults(), SecretMasker.of(SECRET));
        return loop.run(RunRequest.of("handle the inbox", "alex@example.com"));
    }

    @Test
    void reportsApprovalsDenialsIncidentsAndTerminationsPerRun() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        ObjectNode mail = JsonNodeFactory.instance.objectNode().put("to", "bob@example.com")
                .put("body", "the code is " + SECRET);
        RunResult first;
        RunResult second;
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of(SECRET))) {
            first = run(sink, 3, Step.call(ToolCall.of("c1", "send_email", mail)), new Step.Finish("sent"));
            second = run(sink, 2, Step.call(ToolCall.of("d1", "delete_all", null)),
                    Step.call(ToolCall.of("d2", "delete_all", null)), new Step.Finish("never reached"));
        }
        assertThat(first.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(second.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);

        IncidentReport report = IncidentReport.read(log);

        assertThat(report.verification().orElseThrow().intact()).isTrue();
        assertThat(report.unreadable()).isEmpty();
        assertThat(report.runs()).extracting(IncidentReport.RunSummary::runId)
                .containsExactly(first.runId(), second.runId());
        IncidentReport.RunSummary approved = report.runs().get(0);
        assertThat(approved.approvals()).hasSize(1);
        assertThat(approved.approvals().get(0).granted()).isTrue();
        assertThat(approved.approvals().get(0).answer().orElseThrow().reviewer()).isEqualTo("alice@example.com");
        assertThat(approved.approvals().get(0).request().arguments().get("body").asText())
                .isEqualTo("the code is " + SecretMasker.MASK);
        assertThat(approved.denials()).isEmpty();
        IncidentReport.RunSummary terminated = report.runs().get(1);
        assertThat(terminated.terminated()).isTrue();
        assertThat(terminated.denials()).extracting(IncidentReport.Denial::rule)
                .containsExactly("test.no-deletes", "test.no-deletes");
        assertThat(terminated.incidents()).extracting(i -> i.rule()).containsExactly("persistence.max_denials");

        String text = report.render();
        assertThat(text)
                .contains("Integrity: intact")
                .contains("2 runs: 1 terminated by policy, 2 denials, 1 approval request (1 approved), 1 incident")
                .contains("send_email (irreversible) {\"to\":\"bob@example.com\",\"body\":\"the code is [REDACTED]\"}")
                .contains("-> approved by alice@example.com")
                .contains("RISK FLAGS: test.approval")
                .contains("delete_all  [policy] rule test.no-deletes: nothing may be deleted here")
                .contains("TERMINATED_BY_POLICY")
                .contains("persistence  rule persistence.max_denials")
                .doesNotContain(SECRET);
        assertThat(Files.readString(log)).doesNotContain(SECRET);
    }

    @Test
    void readsALogItsWriterStillHasOpenUpToTheZerosAheadOfTheRecords() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            RunResult result = run(sink, 2, Step.call(ToolCall.of("d1", "delete_all", null)), new Step.Finish("done"));
            // The run's last records were only queued: written to the file (before the zeros) now.
            sink.flush();

            IncidentReport report = IncidentReport.read(log);

            AuditVerifier.Result verification = report.verification().orElseThrow();
            assertThat(verification.intact()).as(verification.summary()).isTrue();
            assertThat(verification.paddingBytes()).isPositive();
            assertThat(report.unreadable()).isEmpty();
            assertThat(report.runs()).singleElement().satisfies(run -> {
                assertThat(run.runId()).isEqualTo(result.runId());
                assertThat(run.denials()).extracting(IncidentReport.Denial::rule).containsExactly("test.no-deletes");
                assertThat(run.end()).isPresent();
            });
            assertThat(report.render()).contains("Integrity: intact").contains("NUL bytes of padding");
        }
    }

    @Test
    void warnsAboutRecordsAfterZerosAndStillShowsWhatItRead() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            run(sink, 2, Step.call(ToolCall.of("d1", "delete_all", null)), new Step.Finish("done"));
        }
        List<String> lines = Files.readAllLines(log);
        Files.write(log, (String.join("\n", lines.subList(0, 2)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(log, new byte[512], java.nio.file.StandardOpenOption.APPEND);
        Files.write(log, (String.join("\n", lines.subList(2, lines.size())) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);

        IncidentReport report = IncidentReport.read(log);

        assertThat(report.verification().orElseThrow().tampered()).isTrue();
        assertThat(report.render()).contains("NOT intact: first bad record at line 3 (seq 3): NUL bytes inside the log")
                .contains("WARNING: the log has been altered");
        // The zeros run into line 3, which is no record; the lines after it are read.
        assertThat(report.unreadable()).containsExactly("line 3: not a record");
        assertThat(report.runs()).singleElement().satisfies(run -> assertThat(run.end()).isPresent());
    }

    @Test
    void warnsWhenTheLogIsNotIntactAndStillShowsWhatItRead() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            run(sink, 2, Step.call(ToolCall.of("d1", "delete_all", null)), new Step.Finish("done"));
        }
        List<String> lines = Files.readAllLines(log);
        lines.remove(2);
        Files.write(log, lines);

        IncidentReport report = IncidentReport.read(log);

        assertThat(report.verification().orElseThrow().tampered()).isTrue();
        assertThat(report.render()).contains("NOT intact: first bad record at line 3 (seq 3): deleted")
                .contains("WARNING: the log has been altered");
        assertThat(report.runs()).hasSize(1);
    }
}
