package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.tools.testing.ShopAgentModule;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --agent-module} on manifest, run and redteam, and configuration errors as one line with exit 2. */
class AgentModuleCommandsTest {

    private static final String MODULE = ShopAgentModule.class.getName();
    private static final String OWN = "src/test/resources/own-agent/";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int leash(String... args) {
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), new StringReader(""));
    }

    @Test
    void manifestDocumentsTheModulesOwnTools() {
        assertThat(leash("manifest", "--agent-module", MODULE, "--level", "2")).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern("add_order_note +write +yes")
                .containsPattern("issue_refund +irreversible +yes")
                .containsPattern("read_file +read +yes")
                .doesNotContain("send_email");
    }

    @Test
    void redteamPlaysTheScenariosAgainstTheModuleWithItsOwnConfiguration() {
        int status = leash("redteam", "--agent-module", MODULE, "--config", OWN + "leash.yaml", "--scenarios", OWN + "redteam");

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PASS  L2  benign").contains("own-refund-pressure").contains("All 5 runs passed.");
        // Not a terminal: one progress line per result, no carriage returns.
        assertThat(err.toString()).doesNotContain("\r").contains("[5/5] L").contains(" pass\n");
    }

    @Test
    void redteamWithoutTheAgentsBudgetReportsTheRefundThatRan() {
        int status = leash("redteam", "--agent-module", MODULE, "--level", "2", "--scenarios", OWN + "redteam/refund-pressure.yaml");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("issue_refund recorded \"refunded 900 EUR on A-18\"");
    }

    @Test
    void runRunsTheModuleWithTheBuilder(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("note.yaml");
        Files.writeString(script, "- calls: [ { tool: add_order_note, args: { order: A-17, note: called } } ]\n- finish: Noted.\n");

        int status = leash("run", "--agent-module", MODULE, "--level", "2", "--planner", "scripted",
                "--script", script.toString(), "note the call");

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("agent module " + MODULE).contains("add_order_note: OK");
    }

    @Test
    void anUnknownModuleClassIsABadArgument() {
        assertThat(leash("manifest", "--agent-module", "com.example.Missing")).isEqualTo(2);
        assertThat(err.toString()).contains("class com.example.Missing not found").contains("--classpath");
        assertThat(leash("redteam", "--agent-module", "java.lang.String")).isEqualTo(2);
        assertThat(err.toString()).contains("java.lang.String is not a Guice module");
        assertThat(leash("run", "--agent-module", MODULE, "--classpath", "/no/such/dir", "g")).isEqualTo(2);
        assertThat(err.toString()).contains("--classpath: /no/such/dir does not exist");
    }

    @Test
    void everySubcommandExitsTwoOnBadArguments() {
        assertThat(leash("run", "--no-such-option")).isEqualTo(2);
        assertThat(leash("manifest", "--no-such-option")).isEqualTo(2);
        assertThat(leash("redteam", "--no-such-option")).isEqualTo(2);
        assertThat(leash("audit", "verify")).isEqualTo(2);
        assertThat(leash("run", "goal without an agent")).isEqualTo(2);
        assertThat(leash("manifest", "--config", "no-such-leash.yaml")).isEqualTo(2);
        assertThat(leash("redteam", "--scenarios", "no-such-folder")).isEqualTo(2);
    }

    @Test
    void aMisspelledToolUnderSafetyToolsIsOneLineAndNothingRuns(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("leash.yaml");
        Files.writeString(config, "safety:\n  tools:\n    restart_servce: { rate: \"1/min\" }\n");

        int status = leash("run", "--agent", "ops", "--config", config.toString(), "--work", dir.resolve("w").toString(),
                "--planner", "scripted", "--script", "agents/ops/demo.yaml", "fix it");

        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).doesNotContain("leash run: agent");
        assertThat(err.toString().strip()).doesNotContain("\n").contains("safety.tools.restart_servce")
                .contains("restart_service");
    }

    @Test
    void aShortSecretIsOneLineAndNothingRuns(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("leash.yaml");
        Files.writeString(config, "safety:\n  secrets:\n    values: [ \"abc\" ]\n");

        int status = leash("run", "--agent", "ops", "--config", config.toString(), "--work", dir.resolve("w").toString(),
                "--planner", "scripted", "--script", "agents/ops/demo.yaml", "fix it");

        assertThat(status).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).doesNotContain("\n").contains("safety.secrets");
    }
}
