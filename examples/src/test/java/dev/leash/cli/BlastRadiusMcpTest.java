package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools of an {@code mcp} block in {@code leash blast-radius}, against a tiny MCP server on the Java SDK. */
class BlastRadiusMcpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAFETY = """
            safety:
              level: 2
              allow:
                paths: ["logs/**", "config/**"]
                http_hosts: [status.example.com]
              tools:
                restart_service: { rate: "1/min", budget: "3/day" }
            """;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run leash(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LeashCli.execute(args, new PrintWriter(out), new PrintWriter(err), java.util.Map.of(),
                new java.io.StringReader(""));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The ops agent's Level 2 safety, without MCP servers. */
    private Path withoutMcp() throws Exception {
        return Files.writeString(dir.resolve("before.yaml"), SAFETY);
    }

    /** The same, plus the tiny server: {@code publish(text)} declared a WRITE tool whose {@code text} is a host. */
    private Path withMcp() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Files.writeString(dir.resolve("after.yaml"), SAFETY
                + "mcp:\n  servers:\n    tiny:\n"
                + "      command: [\"" + java + "\", -cp, \"" + System.getProperty("java.class.path") + "\", "
                + TinyMcpServer.class.getName() + "]\n"
                + "      trust_annotations: true\n"
                + "      tools:\n        publish: { impact: write, targets: { text: host } }\n");
    }

    private static JsonNode tool(JsonNode report, String name) {
        for (JsonNode t : report.get("tools")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tool " + name + " in " + report);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void aPinnedMcpWriteToolCountsWithItsDeclaredImpactAndTargets() throws Exception {
        Path config = withMcp();
        assertThat(leash("mcp", "pin", "--config", config.toString()).exit()).isZero();

        Run run = leash("blast-radius", "--agent", "ops", "--config", config.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        JsonNode publish = tool(report, "tiny_publish");
        assertThat(publish.get("impact").asText()).isEqualTo("write");
        assertThat(publish.get("reach").asText()).isEqualTo("unattended");
        assertThat(names(publish.at("/targets/http_hosts"))).containsExactly("status.example.com");
        assertThat(tool(report, "tiny_lookup").get("impact").asText()).isEqualTo("read");
        assertThat(names(report.at("/total/unattended_tools"))).contains("tiny_publish");
        assertThat(report.get("mcp_tools").findValuesAsText("name")).containsExactly("tiny_lookup", "tiny_publish");
        assertThat(report.get("mcp_tools").get(1).get("offered").asBoolean()).isTrue();

        Run text = leash("blast-radius", "--agent", "ops", "--config", config.toString());
        assertThat(text.out()).contains("tiny_publish").doesNotContain("MCP tools not offered");
    }

    @Test
    void addingAnMcpWriteToolWidensTheBlastRadiusAndTheDiffExitsOne() throws Exception {
        Path before = withoutMcp();
        Path after = withMcp();
        assertThat(leash("mcp", "pin", "--config", after.toString()).exit()).isZero();

        Run diff = leash("blast-radius", "--agent", "ops", "--diff", before.toString(), after.toString());

        assertThat(diff.exit()).as(diff.out() + diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("+ tiny_publish: new tool, write, runs unattended");

        Run back = leash("blast-radius", "--agent", "ops", "--diff", after.toString(), before.toString());
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
    }

    @Test
    void anUnpinnedMcpToolIsListedAsNeverRunningWithTheRuleThatRefusedIt() throws Exception {
        Path config = withMcp();

        Run text = leash("blast-radius", "--agent", "ops", "--config", config.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("MCP tools not offered at Level 2 (never run):")
                .containsPattern("tiny_publish  write \\(mcp\\.pin\\.unpinned\\)");

        JsonNode report = JSON.readTree(leash("blast-radius", "--agent", "ops", "--config", config.toString(), "--json").out());
        assertThat(report.get("tools").findValuesAsText("name")).doesNotContain("tiny_publish");
        JsonNode publish = report.get("mcp_tools").get(1);
        assertThat(publish.get("offered").asBoolean()).isFalse();
        assertThat(publish.get("refused_by").asText()).isEqualTo("mcp.pin.unpinned");
        assertThat(names(publish.get("targets"))).containsExactly("host");
    }
}
