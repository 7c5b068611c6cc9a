package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.tools.testing.ShopAgentModule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leash blast-radius} on the example agents' own configurations. */
class BlastRadiusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LeashCli.execute(args, new PrintWriter(out), new PrintWriter(err), java.util.Map.of(),
                new java.io.StringReader(""));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String config(String agent, int level) {
        return "agents/" + agent + "/leash-level" + level + ".yaml";
    }

    private static JsonNode report(String agent, int level) throws Exception {
        Run run = run("blast-radius", "--agent", agent, "--config", config(agent, level), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
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
    void refundsAtLevel2PaysAtMost100EurADayOnlyWithAnApprovalAndNothingIrreversibleRunsUnattended() throws Exception {
        JsonNode report = report("refunds", 2);
        JsonNode refund = tool(report, "issue_refund");
        assertThat(refund.get("reach").asText()).isEqualTo("approval");
        assertThat(refund.at("/per_impact/irreversible").asText()).isEqualTo("approval");
        assertThat(refund.at("/amount/argument").asText()).isEqualTo("amount");
        assertThat(refund.at("/amount/max_per_day").asText()).isEqualTo("100.00");
        assertThat(names(refund.at("/targets/targets.payee"))).containsExactly("*@customer.example");
        assertThat(names(report.at("/total/irreversible_unattended"))).isEmpty();
        assertThat(names(report.at("/total/approval_tools"))).contains("issue_refund");
        assertThat(names(report.at("/total/unattended_tools"))).doesNotContain("issue_refund");
        assertThat(names(tool(report, "sql_query").at("/targets/tables"))).containsExactly("orders", "refunds");

        Run text = run("blast-radius", "--agent", "refunds", "--config", config("refunds", 2));
        assertThat(text.out()).contains("NEEDS A HUMAN").contains("issue_refund (irreversible)")
                .contains("amount: at most 100.00 amount a day per principal")
                .contains("irreversible unattended: nothing");
    }

    @Test
    void refundsAtLevels1And3() throws Exception {
        JsonNode one = report("refunds", 1);
        // The deny gate has no reviewer: the refund never happens at Level 1.
        assertThat(tool(one, "issue_refund").get("reach").asText()).isEqualTo("never");
        assertThat(names(one.at("/total/approval_tools"))).isEmpty();
        assertThat(names(one.at("/total/unattended_tools"))).containsExactly("lookup_order", "sql_query");
        assertThat(tool(one, "sql_query").at("/per_impact/write").asText()).isEqualTo("never");

        JsonNode three = report("refunds", 3);
        assertThat(tool(three, "issue_refund").get("reach").asText()).isEqualTo("approval");
        assertThat(tool(three, "sql_query").at("/per_impact/write").asText()).isEqualTo("approval");
        assertThat(names(three.at("/total/irreversible_unattended"))).isEmpty();
    }

    @Test
    void inboxSendsAtMost25MailsADayToNorthwindAndOnlyWithApprovals() throws Exception {
        JsonNode one = report("inbox", 1);
        assertThat(tool(one, "send_email").get("reach").asText()).isEqualTo("never");
        assertThat(tool(one, "draft_email").get("reach").asText()).isEqualTo("never");

        JsonNode two = report("inbox", 2);
        JsonNode send = tool(two, "send_email");
        assertThat(send.get("reach").asText()).isEqualTo("approval");
        // rate 5/min would admit 7200; the budget of 20 a day is the bound.
        assertThat(send.get("calls_per_day").asLong()).isEqualTo(20);
        assertThat(tool(two, "forward_email").get("calls_per_day").asLong()).isEqualTo(5);
        assertThat(two.at("/total/approvals_per_day").asLong()).isEqualTo(25);
        assertThat(names(send.at("/targets/email_domains"))).containsExactly("northwind.example");
        assertThat(tool(two, "draft_email").get("reach").asText()).isEqualTo("unattended");
        assertThat(tool(two, "draft_email").get("calls_per_day").isNull()).isTrue();

        JsonNode three = report("inbox", 3);
        assertThat(tool(three, "draft_email").get("reach").asText()).isEqualTo("approval");
        assertThat(names(three.at("/total/unattended_tools"))).containsExactly("read_inbox", "read_email",
                "lookup_contact");
    }

    @Test
    void opsDeletesOnlyWithApprovalAndRestartsDeclareNoTargets() throws Exception {
        JsonNode one = report("ops", 1);
        assertThat(names(one.at("/total/never"))).contains("write_file", "delete_file", "restart_service");

        JsonNode two = report("ops", 2);
        assertThat(tool(two, "write_file").get("reach").asText()).isEqualTo("unattended");
        assertThat(names(tool(two, "write_file").at("/targets/paths"))).containsExactly("logs/**", "config/**");
        assertThat(tool(two, "delete_file").get("reach").asText()).isEqualTo("approval");
        assertThat(tool(two, "delete_file").get("calls_per_day").isNull()).isTrue();
        assertThat(tool(two, "restart_service").get("calls_per_day").asLong()).isEqualTo(3);
        assertThat(tool(two, "restart_service").get("no_targets_declared").asBoolean()).isTrue();
        assertThat(two.at("/total/approvals_per_day").isNull()).isTrue();
        assertThat(names(two.at("/total/irreversible_unattended"))).isEmpty();

        Run text = run("blast-radius", "--agent", "ops", "--config", config("ops", 2));
        assertThat(text.out()).contains("restart_service (irreversible)")
                .contains("reaches: no targets declared")
                .contains("approvals: no limit: unlimited (no rate or budget)")
                .contains("writes unattended: write_file (write)");

        JsonNode three = report("ops", 3);
        assertThat(tool(three, "write_file").get("reach").asText()).isEqualTo("approval");
    }

    @Test
    void markdownIsATableAReviewerCanPaste() {
        Run run = run("blast-radius", "--agent", "refunds", "--config", config("refunds", 2), "--markdown");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("| Tool | Impact | Unattended | Needs a human |")
                .contains("| `issue_refund` | irreversible | - | irreversible | - |");
    }

    @Test
    void aWideningDiffExits1AndNamesWhatGrew(@TempDir Path dir) throws Exception {
        Path before = dir.resolve("before.json");
        Files.writeString(before, run("blast-radius", "--agent", "refunds", "--config", config("refunds", 2), "--json").out());
        Path wider = dir.resolve("wider.yaml");
        Files.writeString(wider, Files.readString(Path.of(config("refunds", 2)))
                .replace("max: 100", "max: 500")
                .replace("[\"*@customer.example\"]", "[\"*@customer.example\", \"*@partner.example\"]"));
        Path after = dir.resolve("after.json");
        Files.writeString(after, run("blast-radius", "--agent", "refunds", "--config", wider.toString(), "--json").out());

        Run diff = run("blast-radius", "--diff", before.toString(), after.toString());
        assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("GROWS")
                .contains("+ issue_refund: amount a day 100.00 -> 500.00")
                .contains("+ issue_refund: targets.payee admits *@partner.example");

        // Two configurations, with the agent named: the same answer.
        Run configs = run("blast-radius", "--agent", "refunds", "--diff", config("refunds", 2), wider.toString());
        assertThat(configs.exit()).isEqualTo(1);
        assertThat(configs.out()).contains("+ issue_refund: amount a day 100.00 -> 500.00");
    }

    @Test
    void aNewWriteToolAndANewDomainWidenTheInbox(@TempDir Path dir) throws Exception {
        // Level 3 to Level 2: draft_email's writes move from approval to unattended.
        Run levels = run("blast-radius", "--agent", "inbox", "--diff", config("inbox", 3), config("inbox", 2));
        assertThat(levels.exit()).isEqualTo(1);
        assertThat(levels.out()).contains("+ draft_email: write calls approval -> unattended");

        Path wider = dir.resolve("wider.yaml");
        Files.writeString(wider, Files.readString(Path.of(config("inbox", 2)))
                .replace("[northwind.example]", "[northwind.example, gmail.com]"));
        Run domain = run("blast-radius", "--agent", "inbox", "--diff", config("inbox", 2), wider.toString());
        assertThat(domain.exit()).isEqualTo(1);
        assertThat(domain.out()).contains("+ send_email: email_domains admits gmail.com");

        // The same configuration for an agent with more WRITE tools: ops' report compared with refunds'.
        Path refunds = dir.resolve("refunds.json");
        Files.writeString(refunds, run("blast-radius", "--agent", "refunds", "--config", config("refunds", 2), "--json").out());
        Path ops = dir.resolve("ops.json");
        Files.writeString(ops, run("blast-radius", "--agent", "ops", "--config", config("ops", 2), "--json").out());
        Run tools = run("blast-radius", "--diff", refunds.toString(), ops.toString());
        assertThat(tools.exit()).isEqualTo(1);
        assertThat(tools.out()).contains("+ write_file: new tool, write, runs unattended")
                .contains("+ delete_file: new irreversible tool, with approval");
    }

    @Test
    void aNarrowingDiffExits0AndSaysWhatShrank(@TempDir Path dir) throws Exception {
        Path narrower = dir.resolve("narrower.yaml");
        Files.writeString(narrower, Files.readString(Path.of(config("inbox", 2)))
                .replace("budget: \"20/day\"", "budget: \"10/day\""));
        Run diff = run("blast-radius", "--agent", "inbox", "--diff", config("inbox", 2), narrower.toString());
        assertThat(diff.exit()).as(diff.out()).isZero();
        assertThat(diff.out()).contains("does not grow").contains("- send_email: calls a day 20 -> 10");

        Run levels = run("blast-radius", "--agent", "inbox", "--diff", config("inbox", 2), config("inbox", 3));
        assertThat(levels.exit()).isZero();
        assertThat(levels.out()).contains("- draft_email: write calls unattended -> approval");
    }

    @Test
    void anAgentModulesOwnToolsAndConfiguration() throws Exception {
        Run run = run("blast-radius", "--agent-module", ShopAgentModule.class.getName(), "--level", "2",
                "--config", "src/test/resources/own-agent/leash.yaml", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(tool(report, "add_order_note").get("reach").asText()).isEqualTo("unattended");
        // That configuration has no approvals block: the deny gate approves nothing, so no refund happens.
        assertThat(report.get("approval_gate").asText()).startsWith("deny");
        assertThat(tool(report, "issue_refund").get("reach").asText()).isEqualTo("never");
        assertThat(tool(report, "issue_refund").at("/amount/max_per_day").asText()).isEqualTo("100.00");
        assertThat(report.get("level_source").asText()).isEqualTo("--level");
    }

    @Test
    void badArgumentsExit2() throws Exception {
        assertThat(run("blast-radius").exit()).isEqualTo(2);
        assertThat(run("blast-radius").err()).contains("--agent NAME or --agent-module CLASS");
        assertThat(run("blast-radius", "--agent", "refunds", "--agent-module", "x.Y").exit()).isEqualTo(2);
        assertThat(run("blast-radius", "--agent", "nosuch").exit()).isEqualTo(2);
        assertThat(run("blast-radius", "--diff", "missing-before.json", "missing-after.json").err())
                .contains("no such file: missing-before.json");
        assertThat(run("blast-radius", "--diff", config("inbox", 2), config("inbox", 3)).err())
                .contains("is a configuration, not a JSON report");
        assertThat(run("blast-radius", "--diff", config("inbox", 2), config("inbox", 3)).exit()).isEqualTo(2);
    }
}
