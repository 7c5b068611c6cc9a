package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ManifestCommandTest {

    private static Tool tool(String name, Impact impact) {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of(name, "test tool", JsonNodeFactory.instance.objectNode().put("type", "object"), impact);
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                return ToolResult.trusted("");
            }
        };
    }

    private static final ToolCatalog CATALOG = new ToolCatalog() {
        @Override
        public List<Tool> standardTools() {
            return List.of(tool("read_file", Impact.READ), tool("write_file", Impact.WRITE),
                    tool("send_email", Impact.IRREVERSIBLE));
        }

        @Override
        public Set<String> agents() {
            return Set.of("refunds");
        }

        @Override
        public List<Tool> agentTools(String name) {
            return name.equals("refunds") ? List.of(tool("issue_refund", Impact.IRREVERSIBLE))
                    : ToolCatalog.super.agentTools(name);
        }
    };

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ManifestCommand(CATALOG, env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("leash: " + ex.getMessage());
            return 1;
        });
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String line(String text, String tool) {
        return text.lines().filter(l -> l.startsWith(tool + " ")).findFirst().orElseThrow();
    }

    @Test
    void defaultsToLevelOneWhereWriteToolsAreNotOffered() {
        Run run = run(Map.of());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Permission manifest: Level 1 (chosen by default)");
        assertThat(line(run.out(), "read_file")).contains("yes").contains("allowed inside allowlists");
        assertThat(line(run.out(), "write_file")).contains(" no ").contains("denied");
        assertThat(line(run.out(), "send_email")).contains(" no ").contains("denied");
    }

    @Test
    void environmentLevelTwoChangesWhatTheTierDoes() {
        Run levelOne = run(Map.of());
        Run levelTwo = run(Map.of("LEASH_SAFETY_LEVEL", "2"));

        assertThat(levelTwo.exit()).isZero();
        assertThat(levelTwo.out()).startsWith("Permission manifest: Level 2 (chosen by LEASH_SAFETY_LEVEL)");
        assertThat(line(levelTwo.out(), "write_file")).contains("yes").contains("allowed inside allowlists");
        assertThat(line(levelTwo.out(), "send_email")).contains("yes").contains("approval");
        assertThat(line(levelTwo.out(), "read_file")).isEqualTo(line(levelOne.out(), "read_file"));
        assertThat(line(levelTwo.out(), "write_file")).isNotEqualTo(line(levelOne.out(), "write_file"));
    }

    @Test
    void levelSevenFailsListingTheValidLevels() {
        Run run = run(Map.of(), "--level", "7");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("'7'").contains("--level").contains("1, 2, 3");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void levelSevenFailsThroughTheLeashCommandToo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LeashCli.execute(new String[] {"manifest", "--level", "7"}, new PrintWriter(out), new PrintWriter(err));

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("1, 2, 3");
    }

    @Test
    void configFileSetsTheLevelAndTheLimits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leash.yaml");
        Files.writeString(file, "safety:\n  level: 3\n  tools:\n    send_email: { rate: \"5/min\" }\n");

        Run run = run(Map.of(), "--config", file.toString());

        assertThat(run.out()).startsWith("Permission manifest: Level 3 (chosen by " + file);
        assertThat(line(run.out(), "write_file")).contains("approval");
        assertThat(line(run.out(), "send_email")).contains("rate 5/min");
    }

    @Test
    void badConfigFileFailsNamingKeyAndFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leash.yaml");
        Files.writeString(file, "safety:\n  tools:\n    send_email: { rate: \"5/lightyear\" }\n");

        Run run = run(Map.of(), "--config", file.toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("safety.tools.send_email.rate").contains(file.toString());
    }

    @Test
    void jsonListsEveryToolWithTheLevelAndItsSource() throws Exception {
        Run run = run(Map.of("LEASH_SAFETY_LEVEL", "2"), "--json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("level").asInt()).isEqualTo(2);
        assertThat(json.get("level_source").asText()).isEqualTo("LEASH_SAFETY_LEVEL");
        assertThat(json.get("tools")).extracting(t -> t.get("name").asText())
                .containsExactly("read_file", "write_file", "send_email");
    }

    @Test
    void agentOptionDocumentsThatAgentsTools() {
        Run run = run(Map.of(), "--agent", "refunds", "--level", "3");

        assertThat(line(run.out(), "issue_refund")).contains("approval");
        assertThat(run.out()).doesNotContain("read_file");
    }

    @Test
    void unknownAgentFailsListingTheKnownOnes() {
        Run run = run(Map.of(), "--agent", "nope");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("nope").contains("refunds");
    }

    @Test
    void warnsWhenTheReadAndWriteDatabaseLoginsAreOneUser() {
        Run shared = run(Map.of("LEASH_JDBC_READ_USER", "app", "LEASH_JDBC_WRITE_USER", "app"), "--agent", "refunds");
        Run separate = run(Map.of("LEASH_JDBC_READ_USER", "reader", "LEASH_JDBC_WRITE_USER", "refunder"), "--agent", "refunds");
        Run json = run(Map.of("LEASH_JDBC_READ_USER", "app", "LEASH_JDBC_WRITE_USER", "app"), "--agent", "refunds", "--json");

        assertThat(shared.exit()).isZero();
        assertThat(shared.out()).contains("WARNING jdbc: READ and WRITE calls log in as the same user 'app'");
        assertThat(separate.out()).doesNotContain("WARNING");
        assertThat(json.out()).contains("\"warnings\"").contains("same user 'app'");
    }
}
