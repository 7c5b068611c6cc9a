package dev.leash.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.leash.api.audit.AuditEvent;
import dev.leash.core.audit.AuditVerifier;
import dev.leash.core.audit.IncidentReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript SDK client calling through the gateway (its own process, over stdio) to
 * the real server-filesystem: an allowed call, a denied call naming its rule, a call a reviewer
 * approves over the configured webhook gate; all in the gateway's audit log.
 */
class GatewayTest {

    @TempDir
    Path dir;
    Path data;
    HttpServer reviewer;
    final List<JsonNode> reviewed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("workspace"));
        Files.createDirectories(data.resolve("private"));
        Files.writeString(data.resolve("workspace/notes.txt"), "Ship on Friday.");
        reviewer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reviewer.createContext("/review", exchange -> {
            JsonNode request = Fixtures.JSON.readTree(exchange.getRequestBody());
            reviewed.add(request);
            // The reviewer's answer is bound to the request: its call hash, run and call id.
            com.fasterxml.jackson.databind.node.ObjectNode approval = Fixtures.JSON.createObjectNode()
                    .put("approved", true).put("reviewer", "dana")
                    .put("call_hash", request.get("call_hash").asText())
                    .put("run", request.get("run").asText())
                    .put("call_id", request.get("call_id").asText());
            byte[] answer = approval.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        reviewer.start();
    }

    @AfterEach
    void stop() {
        reviewer.stop(0);
    }

    private Path config() {
        Path config = Fixtures.write(dir.resolve("leash.yaml"), "safety:\n"
                + "  allow: { paths: [\"workspace/**\"] }\n"
                + "  approvals: { gate: webhook, url: \"http://127.0.0.1:" + reviewer.getAddress().getPort() + "/review\", timeout: 20s }\n"
                + "mcp:\n  servers:\n" + Fixtures.filesystemServer(data));
        Fixtures.pinAll(config);
        return config;
    }

    private JsonNode drive(int level, String calls, Path audit) throws Exception {
        Path config = config();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> gateway = List.of(java, "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(),
                config.toString(), String.valueOf(level), audit.toString());
        return client(Fixtures.JSON.writeValueAsString(gateway), calls);
    }

    private JsonNode client(String target, String calls) throws Exception {
        List<String> command = new ArrayList<>(NodeModules.node("gateway-client.mjs"));
        command.add(target);
        command.add(calls);
        Path out = dir.resolve("client.out");
        Path err = dir.resolve("client.err");
        Process client = new ProcessBuilder(command).directory(NodeModules.home().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(client.waitFor(90, TimeUnit.SECONDS)).as("client finished; stderr: %s", Files.readString(err)).isTrue();
        assertThat(client.exitValue()).as("client exit; stderr: %s", Files.readString(err)).isZero();
        String[] lines = Files.readString(out).strip().split("\n");
        return Fixtures.JSON.readTree(lines[lines.length - 1]);
    }

    private String calls() {
        return "[{\"name\":\"fs_read_text_file\",\"arguments\":{\"path\":\"" + data.resolve("workspace/notes.txt") + "\"}},"
                + "{\"name\":\"fs_write_file\",\"arguments\":{\"path\":\"" + data.resolve("private/leak.txt") + "\",\"content\":\"x\"}},"
                + "{\"name\":\"fs_write_file\",\"arguments\":{\"path\":\"" + data.resolve("workspace/plan.txt") + "\",\"content\":\"Plan: ship.\"}}]";
    }

    @Test
    void theTypeScriptClientGetsAnAllowedCallADeniedCallWithItsRuleAndAnApprovedOne() throws Exception {
        Path audit = dir.resolve("gateway.jsonl");
        JsonNode answer = drive(3, calls(), audit);

        assertThat(answer.path("server").path("name").asText()).isEqualTo("leash-gateway");
        List<String> tools = new ArrayList<>();
        answer.get("tools").forEach(t -> tools.add(t.get("name").asText()));
        assertThat(tools).contains("fs_read_text_file", "fs_write_file");

        JsonNode read = answer.get("results").get(0);
        assertThat(read.get("isError").asBoolean()).isFalse();
        assertThat(read.get("text").asText()).contains("Ship on Friday.");

        JsonNode denied = answer.get("results").get(1);
        assertThat(denied.get("isError").asBoolean()).isTrue();
        assertThat(denied.get("text").asText()).startsWith("DENIED by rule allowlist.paths");
        assertThat(Files.exists(data.resolve("private/leak.txt"))).isFalse();

        JsonNode approved = answer.get("results").get(2);
        assertThat(approved.get("isError").asBoolean()).as(approved.toString()).isFalse();
        assertThat(Files.readString(data.resolve("workspace/plan.txt"))).isEqualTo("Plan: ship.");
        assertThat(reviewed).singleElement().satisfies(r -> {
            assertThat(r.get("tool").asText()).isEqualTo("fs_write_file");
            assertThat(r.get("rule").asText()).isEqualTo("impact-gate");
        });

        assertThat(AuditVerifier.verify(audit).intact()).isTrue();
        IncidentReport report = IncidentReport.read(audit);
        assertThat(report.runs().stream().filter(r -> r.runId().startsWith("gateway-"))).singleElement().satisfies(run -> {
            assertThat(run.denials()).singleElement().satisfies(d -> assertThat(d.rule()).isEqualTo("allowlist.paths"));
            assertThat(run.approvals()).singleElement().satisfies(a -> assertThat(a.granted()).isTrue());
        });
    }

    @Test
    void overStreamableHttpEachCallGoesThroughTheTierToo() throws Exception {
        Path config = config();
        dev.leash.core.audit.InMemoryAuditSink audit = new dev.leash.core.audit.InMemoryAuditSink();
        try (dev.leash.mcp.gateway.McpGateway gateway = dev.leash.mcp.gateway.McpGateway.builder(
                        dev.leash.tiers.config.LeashConfig.load(config), McpConfig.load(config), dev.leash.api.SafetyLevel.LEVEL_2)
                .audit(audit).stdio(false).build();
             dev.leash.mcp.gateway.McpGateway.HttpEndpoint endpoint = gateway.serveHttp(0)) {
            assertThat(endpoint.url().getHost()).isEqualTo("127.0.0.1");
            String calls = calls().replaceFirst("]$", ",{\"name\":\"fs_write_file\",\"arguments\":{\"content\":\"no path\"}}]");
            JsonNode answer = client(endpoint.url().toString(), calls);
            assertThat(answer.get("results").get(0).get("isError").asBoolean()).isFalse();
            assertThat(answer.get("results").get(1).get("text").asText()).startsWith("DENIED by rule allowlist.paths");
            assertThat(answer.get("results").get(2).get("isError").asBoolean()).isFalse();
            JsonNode invalid = answer.get("results").get(3);
            assertThat(invalid.get("isError").asBoolean()).isTrue();
            assertThat(invalid.get("text").asText()).startsWith("INVALID_ARGUMENTS").contains("path");
            assertThat(rawPost(endpoint.url(), "evil.example")).startsWith("HTTP/1.1 403");
            assertThat(rawPost(endpoint.url(), "127.0.0.1:" + endpoint.url().getPort())).doesNotStartWith("HTTP/1.1 403");
        }
        assertThat(Files.readString(data.resolve("workspace/plan.txt"))).isEqualTo("Plan: ship.");
        assertThat(reviewed).isEmpty();
        assertThat(audit.events(AuditEvent.CallDecided.class)).anySatisfy(d -> {
            assertThat(d.rule()).isEqualTo("allowlist.paths");
            assertThat(d.decision()).isEqualTo("deny");
        });
        assertThat(audit.events(AuditEvent.RunEnded.class)).hasSize(1);
        assertThat(audit.events(AuditEvent.CallDecided.class)).anySatisfy(d -> {
            assertThat(d.stage()).isEqualTo("validate");
            assertThat(d.decision()).isEqualTo("deny");
        });
    }

    /** An initialize request with the given Host header, as a page that rebinds its DNS name to 127.0.0.1 would send it. */
    private static String rawPost(java.net.URI url, String host) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return reader.readLine();
        }
    }

    @Test
    void aSessionThatKeepsGettingRefusedIsEndedByPolicyAndAudited() throws Exception {
        Path config = config();
        dev.leash.core.audit.InMemoryAuditSink audit = new dev.leash.core.audit.InMemoryAuditSink();
        try (dev.leash.mcp.gateway.McpGateway gateway = dev.leash.mcp.gateway.McpGateway.builder(
                        dev.leash.tiers.config.LeashConfig.load(config), McpConfig.load(config), dev.leash.api.SafetyLevel.LEVEL_2)
                .audit(audit).build()) {
            java.util.Map<String, Object> outside = java.util.Map.of("path", data.resolve("private/x.txt").toString(), "content", "x");
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.call("s1", "fs_write_file", outside).isError()).isTrue();
            }
            var after = gateway.call("s1", "fs_read_text_file", java.util.Map.of("path", data.resolve("workspace/notes.txt").toString()));
            assertThat(after.isError()).isTrue();
            assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent) after.content().get(0)).text())
                    .startsWith("DENIED by rule run.terminated").contains("persistence.max_denials");
            var other = gateway.call("s2", "fs_read_text_file", java.util.Map.of("path", data.resolve("workspace/notes.txt").toString()));
            assertThat(other.isError()).isFalse();
        }
        assertThat(audit.events(AuditEvent.RunEnded.class)).extracting(AuditEvent.RunEnded::outcome)
                .containsExactlyInAnyOrder(dev.leash.api.run.Outcome.TERMINATED_BY_POLICY, dev.leash.api.run.Outcome.COMPLETED);
        assertThat(Files.exists(data.resolve("private/x.txt"))).isFalse();
    }

    @Test
    void atLevelOneTheGatewayOffersOnlyReadsAndRefusesAWrite() throws Exception {
        Path audit = dir.resolve("gateway-l1.jsonl");
        JsonNode answer = drive(1, "[{\"name\":\"fs_list_directory\",\"arguments\":{\"path\":\"" + data.resolve("workspace") + "\"}}]", audit);
        List<String> tools = new ArrayList<>();
        answer.get("tools").forEach(t -> {
            tools.add(t.get("name").asText());
            assertThat(t.get("annotations").get("readOnlyHint").asBoolean()).isTrue();
        });
        assertThat(tools).contains("fs_read_text_file").doesNotContain("fs_write_file");
        assertThat(answer.get("results").get(0).get("text").asText()).contains("notes.txt");
        assertThat(Files.readAllLines(audit)).anyMatch(l -> l.contains("\"decision\"") && l.contains("fs_list_directory"));
    }
}
