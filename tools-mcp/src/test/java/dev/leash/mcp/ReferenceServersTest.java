package dev.leash.mcp;

import static dev.leash.mcp.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.tool.Impact;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.tiers.config.LeashConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference servers server-everything (over streamable HTTP) and server-memory (over stdio) under a tier. */
class ReferenceServersTest {

    @TempDir
    Path dir;

    @Test
    void everythingOverHttpKeepsUntrustedHintsFromLoweringImpact() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path home = NodeModules.home();
        ProcessBuilder builder = new ProcessBuilder("node", "--import", home.resolve("loopback.mjs").toUri().toString(),
                home.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(dir.resolve("everything.log").toFile());
        builder.environment().put("PORT", String.valueOf(port));
        Process server = builder.start();
        try {
            awaitPort(port, server);
            Path config = Fixtures.write(dir.resolve("leash.yaml"), "mcp:\n  servers:\n"
                    + "    ev:\n      url: http://127.0.0.1:" + port + "/mcp\n"
                    + "      tools:\n        echo: { impact: read }\n");
            Fixtures.pinAll(config);
            McpConfig mcp = McpConfig.load(config);
            try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
                ImportedTool sum = servers.tools().stream().filter(t -> t.name().equals("ev_get-sum")).findFirst().orElseThrow();
                assertThat(sum.impact()).isEqualTo(Impact.WRITE);
                assertThat(sum.impactSource()).isEqualTo("annotations: destructiveHint false; readOnlyHint ignored (server not trusted for hints)");

                InMemoryAuditSink audit = new InMemoryAuditSink();
                var result = Fixtures.agent(SafetyLevel.LEVEL_1, LeashConfig.load(config), servers.offered(SafetyLevel.LEVEL_1), audit,
                        request -> ApprovalResult.rejected("nobody", "no"),
                        List.of(Step.call(call("echo", "ev_echo", "{\"message\":\"hello over http\"}")),
                                Step.call(call("sum", "ev_get-sum", "{\"a\":1,\"b\":2}")),
                                Step.finish("done"))).run(RunRequest.of("echo", "alex@example.com"));
                assertThat(result.counts().denials()).isEqualTo(1);
                AuditEvent.ExecutionFinished echo = audit.events(AuditEvent.ExecutionFinished.class).get(0);
                assertThat(echo.tool()).isEqualTo("ev_echo");
                assertThat(echo.status()).isEqualTo("OK");
                assertThat(echo.provenance().isUntrusted()).isTrue();
                assertThat(echo.provenance().sources()).containsExactly("mcp ev/echo");
                assertThat(audit.events(AuditEvent.CallDecided.class)).anySatisfy(d -> {
                    assertThat(d.callId()).isEqualTo("sum");
                    assertThat(d.decision()).isEqualTo("deny");
                });
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void memoryWritesAtLevelTwoAndItsDeletionNeedsAReviewer() throws Exception {
        Path memory = dir.resolve("memory.jsonl");
        Path config = Fixtures.write(dir.resolve("leash.yaml"), "mcp:\n  servers:\n"
                + "    mem:\n      command: [node, \"" + NodeModules.home().resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js") + "\"]\n"
                + "      env: { MEMORY_FILE_PATH: \"" + memory + "\" }\n");
        Fixtures.pinAll(config);
        McpConfig mcp = McpConfig.load(config);
        List<String> asked = new ArrayList<>();
        try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
            InMemoryAuditSink audit = new InMemoryAuditSink();
            Fixtures.agent(SafetyLevel.LEVEL_2, LeashConfig.load(config), servers.offered(SafetyLevel.LEVEL_2), audit, request -> {
                asked.add(request.call().tool());
                return ApprovalResult.rejected("dana", "keep it");
            }, List.of(
                    Step.call(call("create", "mem_create_entities",
                            "{\"entities\":[{\"name\":\"Leash\",\"entityType\":\"project\",\"observations\":[\"guards agents\"]}]}")),
                    Step.call(call("delete", "mem_delete_entities", "{\"entityNames\":[\"Leash\"]}")),
                    Step.finish("done"))).run(RunRequest.of("remember the project", "alex@example.com"));
            assertThat(asked).containsExactly("mem_delete_entities");
            assertThat(Files.readString(memory)).contains("\"name\":\"Leash\"");
            assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).singleElement()
                    .satisfies(a -> assertThat(a.result()).isEqualTo("rejected"));
        }
    }

    private static void awaitPort(int port, Process server) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server-everything exited with " + server.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("server-everything did not listen on 127.0.0.1:" + port + " within 30 s");
    }
}
