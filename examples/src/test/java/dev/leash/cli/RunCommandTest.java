package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.examples.ModelAgentsTestSupport;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig().dynamicPort()).build();

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code leash run ...} with {@code answers} typed at the terminal. */
    private int run(Map<String, String> env, String answers, String... args) {
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new StringReader(answers));
    }

    private String[] refundsDemo(String config, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--agent", "refunds", "--config", "agents/refunds/" + config,
                "--planner", "scripted", "--script", "agents/refunds/demo.yaml", "--work", work.toString()));
        args.addAll(List.of(more));
        args.add("Maria's order A-17 arrived broken; Li wants a refund on A-18 too");
        return args.toArray(String[]::new);
    }

    /** The refunds left in the demo database after the run, read as its owner. */
    private List<String> refunds() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + work.toAbsolutePath().resolve("shop"), "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT order_id, amount FROM refunds ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getBigDecimal(2).toPlainString());
            }
        }
        return rows;
    }

    @Test
    void levelTwoAsksOnTheConsoleRefundsWhatIsApprovedAndPrintsEachDecision() throws Exception {
        Path audit = work.resolve("audit.jsonl");

        int exit = run(Map.of(), "y\n", refundsDemo("leash-level2.yaml", "--audit", audit.toString()));

        assertThat(exit).isZero();
        assertThat(refunds()).containsExactly("A-17 59.90");
        assertThat(out.toString())
                .contains("level: Level 2 (chosen by agents/refunds/leash-level2.yaml (safety.level))")
                .contains("step 1: call tools lookup_order{\"order\":\"A-17\"}")
                .contains("lookup_order (read): allowed by impact-gate")
                .contains("issue_refund (irreversible): needs approval at policy by impact-gate")
                .contains("Approve this exact call? [y/N]")
                .contains("approval: approved by console")
                .contains("issue_refund (irreversible): DENIED at limits by safety.tools.issue_refund.budget")
                .contains("run ended: COMPLETED");
        StringWriter verified = new StringWriter();
        assertThat(LeashCli.execute(new String[] {"audit", "verify", audit.toString()}, new PrintWriter(verified, true),
                new PrintWriter(err, true))).isZero();
        assertThat(verified.toString()).contains("intact");
    }

    @Test
    void aRejectedApprovalRefundsNothing() throws Exception {
        int exit = run(Map.of(), "n\n", refundsDemo("leash-level2.yaml"));

        assertThat(exit).isZero();
        assertThat(refunds()).isEmpty();
        assertThat(out.toString()).contains("approval: rejected by console");
    }

    @Test
    void theEnvironmentVariableAloneTurnsTheSameFileIntoLevelOne() throws Exception {
        int exit = run(Map.of("LEASH_SAFETY_LEVEL", "1"), "y\n", refundsDemo("leash-level2.yaml"));

        assertThat(exit).isZero();
        assertThat(refunds()).isEmpty();
        assertThat(out.toString())
                .contains("level: Level 1 (chosen by LEASH_SAFETY_LEVEL)")
                .contains("offered tools: lookup_order:read, sql_query:irreversible")
                .contains("issue_refund: DENIED at resolve by impact-gate")
                .doesNotContain("Approve this exact call?");
    }

    @Test
    void aRunEndedByThePolicyExitsWithFour() {
        int exit = run(Map.of(), "", "run", "--agent", "inbox", "--level", "1", "--planner", "scripted",
                "--script", "agents/inbox/demo.yaml", "--work", work.toString(), "Answer Dana");

        assertThat(exit).isEqualTo(4);
        assertThat(out.toString()).contains("INCIDENT").contains("run ended: TERMINATED_BY_POLICY");
    }

    @Test
    void withoutAModelItSaysHowToConfigureOneOrRunTheScript() {
        int exit = run(Map.of(), "", "run", "--agent", "refunds", "--work", work.toString(), "Refund A-17");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("LEASH_MODEL_PROVIDER")
                .contains("export LEASH_MODEL_NAME=")
                .contains("./leash run --agent refunds --planner scripted --script examples/agents/refunds/demo.yaml");
        assertThat(work.resolve("shop.mv.db")).doesNotExist();
    }

    @Test
    void anUnknownAgentIsNamedWithTheKnownOnes() {
        assertThat(run(Map.of(), "", "run", "--agent", "payroll", "goal")).isEqualTo(2);
        assertThat(err.toString()).contains("'payroll'").contains("inbox, ops, refunds");
    }

    @Test
    void scriptedWithoutAScriptIsAClearError() {
        assertThat(run(Map.of(), "", "run", "--agent", "ops", "--planner", "scripted", "goal")).isEqualTo(2);
        assertThat(err.toString()).contains("--script").contains("examples/agents/ops/demo.yaml");
    }

    @Test
    void runsWithTheModelTheEnvironmentConfigures() {
        ModelAgentsTestSupport.conversation(model,
                ModelAgentsTestSupport.toolCall("call_1", "read_file", "{\"path\":\"logs/checkout.log\"}"),
                ModelAgentsTestSupport.toolCall("call_2", "restart_service", "{\"service\":\"checkout\",\"reason\":\"pool\"}"),
                ModelAgentsTestSupport.answer("I could not restart checkout at this level."));
        Map<String, String> env = Map.of("LEASH_MODEL_PROVIDER", "openai", "LEASH_MODEL_BASE_URL", model.baseUrl() + "/v1",
                "LEASH_MODEL_NAME", "gpt-4o-mini", "LEASH_MODEL_API_KEY", "sk-test-0123456789");

        int exit = run(env, "", "run", "--agent", "ops", "--work", work.toString(), "checkout is timing out");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("planner: openai model gpt-4o-mini")
                .contains("read_file: OK")
                .contains("restart_service: DENIED at resolve by impact-gate")
                .contains("answer: I could not restart checkout at this level.")
                .doesNotContain("sk-test-0123456789");
        assertThat(work.resolve("services/checkout.restarts")).doesNotExist();
        // A canary is planted in the system prompt the model gets; it is never printed.
        String sent = model.getAllServeEvents().get(0).getRequest().getBodyAsString();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("Confidential deployment key [^:]*: (lk_[a-z0-9]+)")
                .matcher(sent);
        assertThat(token.find()).as(sent).isTrue();
        assertThat(out.toString()).doesNotContain(token.group(1));
    }

    @Test
    void aModelKeyTooShortToMaskStopsStartUpNamingIt() {
        Map<String, String> env = Map.of("LEASH_MODEL_PROVIDER", "openai", "LEASH_MODEL_BASE_URL", model.baseUrl() + "/v1",
                "LEASH_MODEL_NAME", "gpt-4o-mini", "LEASH_MODEL_API_KEY", "x");

        int exit = run(env, "", "run", "--agent", "ops", "--work", work.toString(), "checkout is timing out");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("LEASH_MODEL_API_KEY").contains("at least 6 characters");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(model.getAllServeEvents()).isEmpty();
    }
}
