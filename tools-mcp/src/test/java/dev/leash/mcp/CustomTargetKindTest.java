package dev.leash.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.tool.Tool;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP tool whose argument is configured as a target of the deployment's own kind ({@code
 * targets: { iban: payee }}) meets {@code safety.allow.targets.payee} like any other tool's payee:
 * outside it, or with the list unset, the call is denied at Levels 2 and 3 and never reaches the
 * server.
 */
class CustomTargetKindTest {

    @TempDir
    Path dir;

    private static final String TOOLS = "[{\"name\":\"pay\",\"description\":\"Pays an amount to an IBAN.\","
            + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"iban\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"}},"
            + "\"required\":[\"iban\",\"amount\"]},\"result\":\"paid\",\"annotations\":{\"destructiveHint\":false}},"
            + "{\"name\":\"balance\",\"description\":\"The account balance.\","
            + "\"inputSchema\":{\"type\":\"object\",\"properties\":{}},\"result\":\"balance 100\",\"annotations\":{\"readOnlyHint\":true}},"
            + "{\"name\":\"transfer\",\"description\":\"Transfers between own accounts.\","
            + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\"}},\"additionalProperties\":false},"
            + "\"annotations\":{\"destructiveHint\":false}}]";

    private record Played(InMemoryAuditSink audit, List<String> reviewed, List<Tool> offered) {
        Map<String, String> decisions() {
            return audit.events(AuditEvent.CallDecided.class).stream().collect(Collectors.toMap(
                    AuditEvent.CallDecided::callId, d -> d.decision() + " " + d.rule(), (a, b) -> b));
        }

        boolean executed(String callId) {
            return audit.events(AuditEvent.ExecutionStarted.class).stream().anyMatch(e -> e.callId().equals(callId));
        }

        AuditEvent.ExecutionFinished finished(String callId) {
            return audit.events(AuditEvent.ExecutionFinished.class).stream().filter(e -> e.callId().equals(callId))
                    .findFirst().orElseThrow();
        }
    }

    private Path config(String safety) {
        Path definitions = Fixtures.write(dir.resolve("tools.json"), TOOLS);
        Path config = Fixtures.write(dir.resolve("leash.yaml"), safety + "mcp:\n  servers:\n"
                + Fixtures.testServer("bank", definitions, "      trust_annotations: true\n"
                + "      tools:\n"
                + "        pay: { impact: write, targets: { iban: payee } }\n"
                + "        balance: { result_trust: trusted }\n"
                + "        transfer: { impact: write, targets: { account: payee } }\n"));
        Fixtures.pinAll(config);
        return config;
    }

    private static Played play(Path config, SafetyLevel level) {
        McpConfig mcp = McpConfig.load(config);
        InMemoryAuditSink audit = new InMemoryAuditSink();
        List<String> reviewed = new ArrayList<>();
        try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
            List<Tool> offered = servers.offered(level);
            Fixtures.agent(level, LeashConfig.load(config), offered, audit, request -> {
                reviewed.add(request.call().id());
                return ApprovalResult.approved("dana", request);
            }, List.of(
                    Step.call(Fixtures.call("balance", "bank_balance", "{}")),
                    Step.call(Fixtures.call("known", "bank_pay", "{\"iban\":\"DE89370400440532013000\",\"amount\":20}")),
                    Step.call(Fixtures.call("other", "bank_pay", "{\"iban\":\" GB33BUKB20201555555555 \",\"amount\":20}")),
                    Step.finish("done"))).run(RunRequest.of("Pay the rent", "alex@example.com"));
            return new Played(audit, reviewed, offered);
        }
    }

    @Test
    void theToolDeclaresItsConfiguredTargetsInItsSpec() {
        Played run = play(config("safety:\n  allow: { targets: { payee: [\"DE89370400440532013000\"] } }\n"), SafetyLevel.LEVEL_2);
        Tool pay = run.offered().stream().filter(t -> t.spec().name().equals("bank_pay")).findFirst().orElseThrow();
        assertThat(pay.spec().targets()).containsExactlyEntriesOf(Map.of("iban", "payee"));
        assertThat(pay.targets(Fixtures.call("c", "bank_pay", "{\"iban\":\" GB33 \",\"amount\":1}")))
                .containsExactly(dev.leash.api.tool.Target.of("payee", "GB33"));
    }

    @Test
    void aTargetArgumentTheToolsClosedSchemaCannotHoldMakesTheToolUnusable() {
        Path config = config("");
        McpConfig mcp = McpConfig.load(config);
        try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
            ImportedTool transfer = servers.tools().stream().filter(t -> t.name().equals("bank_transfer")).findFirst().orElseThrow();
            assertThat(transfer.refusal(SafetyLevel.LEVEL_2)).hasValueSatisfying(r -> {
                assertThat(r.rule()).isEqualTo(ImportedTool.RULE_INVALID);
                assertThat(r.reason()).contains("target argument 'account'");
            });
            assertThat(servers.offered(SafetyLevel.LEVEL_2)).extracting(t -> t.spec().name()).doesNotContain("bank_transfer");
        }
    }

    @Test
    void aPayeeOutsideItsAllowlistIsDeniedAtLevelsTwoAndThree() {
        Path config = config("safety:\n  allow: { targets: { payee: [\"DE89370400440532013000\"] } }\n");
        for (SafetyLevel level : List.of(SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3)) {
            Played run = play(config, level);
            assertThat(run.decisions().get("other")).as("%s", level).isEqualTo("deny allowlist.targets.payee");
            assertThat(run.executed("other")).as("%s", level).isFalse();
            assertThat(run.reviewed()).as("%s", level).doesNotContain("other");
            assertThat(run.executed("known")).as("%s", level).isTrue();
            assertThat(run.finished("known").status()).isEqualTo("OK");
            assertThat(run.finished("known").provenance().isUntrusted()).as("results untrusted by default").isTrue();
            assertThat(run.finished("balance").provenance().isUntrusted()).as("result_trust: trusted").isFalse();
        }
        assertThat(play(config, SafetyLevel.LEVEL_3).reviewed()).containsExactly("known");
        assertThat(play(config, SafetyLevel.LEVEL_2).reviewed()).isEmpty();
    }

    @Test
    void withNoAllowlistForTheKindEveryPayeeIsDenied() {
        Path config = config("");
        for (SafetyLevel level : List.of(SafetyLevel.LEVEL_2, SafetyLevel.LEVEL_3)) {
            Played run = play(config, level);
            assertThat(run.decisions()).as("%s", level)
                    .containsEntry("known", "deny allowlist.targets.payee")
                    .containsEntry("other", "deny allowlist.targets.payee");
            assertThat(run.executed("known")).isFalse();
            assertThat(run.executed("other")).isFalse();
            assertThat(run.reviewed()).isEmpty();
        }
    }
}
