package dev.leash.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.mcp.gateway.McpGateway;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's server side (streamable HTTP) through the MCP conformance suite
 * ({@code @modelcontextprotocol/conformance}, active server scenarios). The suite's tool, resource,
 * prompt and completion scenarios call fixtures of its own reference server ({@code
 * test_simple_text}, {@code resources/list}, ...) that a gateway of prefixed upstream tools does
 * not have; the protocol scenarios must pass. The whole summary is kept in {@code
 * target/conformance-summary.txt}.
 */
class ConformanceTest {

    private static final List<String> PROTOCOL = List.of("server-initialize", "ping", "logging-set-level", "tools-list",
            "server-sse-multiple-streams");

    @TempDir
    Path dir;

    @Test
    void theGatewayPassesTheProtocolScenariosOfTheConformanceSuite() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Fixtures.write(dir.resolve("leash.yaml"), "mcp:\n  servers:\n" + Fixtures.filesystemServer(data));
        Fixtures.pinAll(config);
        try (McpGateway gateway = McpGateway.builder(LeashConfig.load(config), McpConfig.load(config), SafetyLevel.LEVEL_2)
                        .audit(new InMemoryAuditSink()).stdio(false).build();
             McpGateway.HttpEndpoint endpoint = gateway.serveHttp(0)) {
            Path output = dir.resolve("conformance.txt");
            List<String> command = NodeModules.node("node_modules/@modelcontextprotocol/conformance/dist/index.js",
                    "server", "--url", endpoint.url().toString());
            Process suite = new ProcessBuilder(command).directory(NodeModules.home().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            assertThat(suite.waitFor(150, TimeUnit.SECONDS)).as("the suite finished").isTrue();
            String text = Files.readString(output);
            String summary = text.contains("=== SUMMARY ===") ? text.substring(text.indexOf("=== SUMMARY ===")) : text;
            Files.writeString(Path.of("target/conformance-summary.txt"), summary);
            Map<String, int[]> results = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(?m)^. ([a-z0-9-]+): (\\d+) passed, (\\d+) failed").matcher(summary);
            while (m.find()) {
                results.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            }
            for (String scenario : PROTOCOL) {
                assertThat(results).as(summary).containsKey(scenario);
                assertThat(results.get(scenario)[1]).as(scenario + " in\n" + summary).isZero();
                assertThat(results.get(scenario)[0]).as(scenario).isPositive();
            }
        }
    }
}
