package dev.leash.tiers.blast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tiers.blast.BlastRadius.Reach;
import dev.leash.tiers.blast.BlastRadius.ToolRadius;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlastRadiusTest {

    static Tool tool(String name, Impact impact, Map<String, String> targets) {
        com.fasterxml.jackson.databind.node.ObjectNode schema = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode().put("type", "object");
        targets.keySet().forEach(arg -> schema.putObject("properties").putObject(arg).put("type", "string"));
        ToolSpec spec = ToolSpec.of(name, "test tool", schema, impact).withTargets(targets);
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return spec;
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                return ToolResult.trusted("");
            }
        };
    }

    static SafetyConfig safety(String yaml) {
        return LeashConfig.parse(yaml, "test.yaml").safety();
    }

    static final List<Tool> TOOLS = List.of(
            tool("lookup", Impact.READ, Map.of()),
            tool("notify", Impact.WRITE, Map.of("to", "email")),
            tool("pay", Impact.IRREVERSIBLE, Map.of("payee", "payee")),
            tool("reboot", Impact.WRITE, Map.of()));

    static final String CONFIG = """
            safety:
              allow:
                email_domains: [example.com]
                targets: { payee: ["*@customer.example"] }
              tools:
                notify: { rate: "5/min", budget: "20/day" }
                pay: { budget: { argument: amount, max: 100, per: day } }
                reboot: { budget: "2/h" }
              approvals: { gate: console }
            """;

    private static ToolRadius of(BlastRadius report, String name) {
        return report.tools().stream().filter(t -> t.tool().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void level2RunsWritesInsideAllowlistsAndAsksForIrreversibleCalls() {
        BlastRadius report = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety(CONFIG));

        assertThat(report.in(Reach.UNATTENDED)).extracting(ToolRadius::tool).containsExactly("lookup", "notify", "reboot");
        assertThat(report.in(Reach.APPROVAL)).extracting(ToolRadius::tool).containsExactly("pay");
        assertThat(report.irreversibleUnattended()).isEmpty();
        ToolRadius notify = of(report, "notify");
        // 5/min would admit 7200 a day; the budget of 20 a day is the tighter bound.
        assertThat(notify.callsPerDay()).hasValue(20);
        assertThat(notify.targets()).containsEntry("email_domains", List.of("example.com"));
        // A budget of 2 an hour admits at most 48 in any day.
        assertThat(of(report, "reboot").callsPerDay()).hasValue(48);
        assertThat(of(report, "reboot").noTargetsDeclared()).isTrue();
        ToolRadius pay = of(report, "pay");
        assertThat(pay.amount().orElseThrow().maxPerDay()).hasValue(new BigDecimal("100.00"));
        assertThat(pay.callsPerDay()).isEmpty();
        assertThat(pay.targets()).containsEntry("targets.payee", List.of("*@customer.example"));
        assertThat(report.approvalsPerDay()).isEmpty();
        assertThat(report.unattendedCallsPerDay()).isEmpty();

        String text = report.toText();
        assertThat(text).contains("at most 100.00 amount a day per principal")
                .contains("reboot (write)")
                .contains("no targets declared")
                .contains("writes unattended: notify (write), reboot (write)")
                .contains("irreversible unattended: nothing");
        assertThat(report.toMarkdown()).contains("| `pay` | irreversible | - | irreversible | - |");
    }

    @Test
    void level1RunsOnlyReadsAndLevel3AsksForEveryWrite() {
        BlastRadius one = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_1, safety(CONFIG));
        assertThat(one.in(Reach.UNATTENDED)).extracting(ToolRadius::tool).containsExactly("lookup");
        assertThat(one.in(Reach.NEVER)).extracting(ToolRadius::tool).containsExactly("notify", "pay", "reboot");
        assertThat(one.in(Reach.APPROVAL)).isEmpty();

        BlastRadius three = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_3, safety(CONFIG));
        assertThat(three.in(Reach.UNATTENDED)).extracting(ToolRadius::tool).containsExactly("lookup");
        assertThat(three.in(Reach.APPROVAL)).extracting(ToolRadius::tool).containsExactly("notify", "pay", "reboot");
        assertThat(three.changesUnattended()).isEmpty();
    }

    @Test
    void theDenyGateApprovesNothingSoCallsNeedingApprovalNeverHappen() {
        BlastRadius report = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety(CONFIG.replace("console", "deny")));
        assertThat(report.in(Reach.APPROVAL)).isEmpty();
        assertThat(report.in(Reach.NEVER)).extracting(ToolRadius::tool).containsExactly("pay");
    }

    @Test
    void withoutLimitsTheReportSaysUnlimited() {
        BlastRadius report = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety("safety: { level: 2 }"));
        assertThat(of(report, "notify").callsPerDay()).isEmpty();
        assertThat(of(report, "notify").targets()).containsEntry("email_domains", List.of());
        assertThat(report.toText()).contains("calls: no limit: unlimited (no rate or budget)")
                .contains("unattended calls a day: no limit: unlimited");
    }

    @Test
    void aBudgetPerRunDoesNotBoundADay() {
        BlastRadius report = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety("""
                safety:
                  tools:
                    pay: { budget: { argument: amount, max: 50, per: run } }
                    notify: { budget: "3/run" }
                """));
        assertThat(of(report, "pay").amount().orElseThrow().maxPerDay()).isEmpty();
        assertThat(of(report, "pay").amount().orElseThrow().describe()).startsWith("no limit: unlimited amount");
        assertThat(of(report, "notify").callsPerDay()).isEmpty();
    }

    @Test
    void theJsonReportReadsBackToTheSameReport() throws Exception {
        BlastRadius report = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety(CONFIG));
        BlastRadius back = BlastRadius.fromJson(new ObjectMapper().readTree(report.toJsonText()), "report.json");
        assertThat(back.tools()).isEqualTo(report.tools());
        assertThat(back.toText()).isEqualTo(report.toText());
        assertThat(report.toJson().at("/total/approval_tools/0").asText()).isEqualTo("pay");
        assertThat(report.toJson().at("/tools/2/amount/max_per_day").asText()).isEqualTo("100.00");
    }

    @Test
    void jsonThatIsNotAReportIsRefusedNamingTheFile() throws Exception {
        assertThatThrownBy(() -> BlastRadius.fromJson(new ObjectMapper().readTree("{\"level\": 2}"), "old.json"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("old.json")
                .hasMessageContaining("not a blast-radius report");
    }
}
