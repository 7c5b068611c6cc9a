package dev.leash.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.mcp.gateway.McpGateway;
import dev.leash.tiers.config.LeashConfig;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals that wait for a reviewer ({@code gate: store}) cannot hold an MCP client's {@code
 * tools/call} open: the gateway refuses that gate at start, and a call whose gate answers "pending"
 * is refused at once, telling the client the stored request's id. Nothing runs, then or later.
 */
class GatewayApprovalStoreTest {

    @TempDir
    Path dir;

    private static final String TOOLS = "[{\"name\":\"add_note\",\"description\":\"Adds a note.\","
            + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}},"
            + "\"annotations\":{\"destructiveHint\":false}}]";

    private Path config(String approvals) {
        Path definitions = Fixtures.write(dir.resolve("tools.json"), TOOLS);
        Path config = Fixtures.write(dir.resolve("leash.yaml"), "safety:\n  approvals: " + approvals + "\n"
                + "mcp:\n  servers:\n" + Fixtures.testServer("kb", definitions, "      trust_annotations: true\n"));
        Fixtures.pinAll(config);
        return config;
    }

    @Test
    void theGatewayRefusesGateStoreAtStartWithOneLineNamingTheKey() {
        Path config = config("{ gate: store }");
        assertThatThrownBy(() -> McpGateway.builder(LeashConfig.load(config), McpConfig.load(config), SafetyLevel.LEVEL_3)
                .audit(new InMemoryAuditSink()).stdio(false).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("safety.approvals.gate").hasMessageContaining("Invalid value 'store'")
                .hasMessageContaining("cannot suspend an MCP client's request")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aCallWhoseGateAnswersPendingIsRefusedWithTheRequestIdAndNeverRuns() {
        Path config = config("{ gate: deny }");
        InMemoryAuditSink audit = new InMemoryAuditSink();
        List<String> stored = new ArrayList<>();
        try (McpGateway gateway = McpGateway.builder(LeashConfig.load(config), McpConfig.load(config), SafetyLevel.LEVEL_3)
                .audit(audit).stdio(false).approvalGate(request -> {
                    stored.add(request.call().tool());
                    return new ApprovalResult.Pending("req-7f3a", Instant.now());
                }).build()) {
            McpSchema.CallToolResult result = gateway.call("s1", "kb_add_note", Map.of("text", "hello"));
            assertThat(result.isError()).isTrue();
            assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                    .startsWith("DENIED by rule impact-gate")
                    .contains("request req-7f3a was stored for a reviewer")
                    .contains("cannot wait for the answer")
                    .contains("will not run when the request is answered");
        }
        assertThat(stored).containsExactly("kb_add_note");
        assertThat(audit.events(AuditEvent.ExecutionStarted.class)).isEmpty();
        assertThat(audit.events(AuditEvent.CallDecided.class)).last().satisfies(d -> {
            assertThat(d.decision()).isEqualTo("deny");
            assertThat(d.rule()).isEqualTo("approval.failed");
            assertThat(d.reason()).contains("req-7f3a");
        });
        assertThat(audit.events(AuditEvent.RunEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.counts().denials()).isEqualTo(1));
    }
}
