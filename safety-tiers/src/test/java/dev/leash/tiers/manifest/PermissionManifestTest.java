package dev.leash.tiers.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.policy.Treatment;
import dev.leash.tiers.support.RecordingTool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionManifestTest {

    /** A tool refined per call, like sql_query: some calls are READ. */
    static final Tool SQL = new Tool() {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("sql_query", "run SQL", Impact.IRREVERSIBLE);
        }

        @Override
        public Impact lowestImpact() {
            return Impact.READ;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted("");
        }
    };

    static final List<Tool> TOOLS = List.of(
            RecordingTool.of("lookup", Impact.READ),
            RecordingTool.of("save_note", Impact.WRITE),
            RecordingTool.of("issue_refund", Impact.IRREVERSIBLE),
            RecordingTool.of("send_email", Impact.IRREVERSIBLE),
            RecordingTool.of("http_get", Impact.READ),
            SQL,
            RecordingTool.declaring("pay_invoice", Impact.IRREVERSIBLE, Map.of("payee", "payee", "notify", "email")),
            RecordingTool.declaring("post_chat", Impact.WRITE, Map.of("channel", "channel")));

    static final SafetyConfig SAFETY = LeashConfig.parse("""
            safety:
              allow: { email_domains: [example.com], targets: { payee: [DE89370400440532013000] } }
              tools:
                send_email: { rate: "5/min", budget: "20/day" }
                issue_refund: { budget: { argument: amount, max: 500, per: day } }
            """, "leash.yaml").safety();

    private static PermissionManifest.Row row(PermissionManifest manifest, String tool) {
        return manifest.rows().stream().filter(r -> r.tool().equals(tool)).findFirst().orElseThrow();
    }

    @Test
    void levelOneOffersOnlyToolsWithReadCallsAndDeniesTheRest() {
        PermissionManifest manifest = PermissionManifest.of(TOOLS, SafetyLevel.LEVEL_1, SAFETY);

        assertThat(manifest.rows()).extracting(PermissionManifest.Row::tool)
                .containsExactly("lookup", "save_note", "issue_refund", "send_email", "http_get", "sql_query",
                        "pay_invoice", "post_chat");
        assertThat(row(manifest, "lookup").offered()).isTrue();
        assertThat(row(manifest, "lookup").treatment()).isEqualTo(Treatment.ALLOWED);
        assertThat(row(manifest, "save_note").offered()).isFalse();
        assertThat(row(manifest, "save_note").treatment()).isEqualTo(Treatment.DENIED);
        assertThat(row(manifest, "issue_refund").treatment()).isEqualTo(Treatment.DENIED);
        assertThat(row(manifest, "http_get").treatment()).isEqualTo(Treatment.ALLOWED_INSIDE_ALLOWLISTS);
        assertThat(row(manifest, "http_get").allowlists()).containsEntry("http_hosts", "(none: no host is inside)");
        assertThat(row(manifest, "sql_query").offered()).isTrue();
        assertThat(row(manifest, "sql_query").does())
                .isEqualTo("read: allowed inside allowlists; write: denied; irreversible: denied");
        assertThat(manifest.maxDenials()).isEqualTo(3);
    }

    @Test
    void levelTwoAllowsWritesInsideAllowlistsAndGatesIrreversibleCalls() {
        PermissionManifest manifest = PermissionManifest.of(TOOLS, SafetyLevel.LEVEL_2, SAFETY);

        assertThat(row(manifest, "save_note").offered()).isTrue();
        // save_note names no targets: nothing limits what it writes, and the manifest says so.
        assertThat(row(manifest, "save_note").treatment()).isEqualTo(Treatment.ALLOWED);
        assertThat(row(manifest, "save_note").allowlists()).containsEntry("targets", "no targets declared");
        assertThat(row(manifest, "save_note").notes()).contains("no targets declared: no allowlist limits what it acts on");
        assertThat(row(manifest, "issue_refund").treatment()).isEqualTo(Treatment.APPROVAL);
        assertThat(row(manifest, "issue_refund").limits()).isEqualTo("budget 500 amount/day");
        assertThat(row(manifest, "send_email").treatment()).isEqualTo(Treatment.APPROVAL);
        assertThat(row(manifest, "send_email").limits()).isEqualTo("rate 5/min, budget 20/day");
        assertThat(row(manifest, "send_email").allowlists()).containsEntry("email_domains", "example.com");
        assertThat(row(manifest, "send_email").notes()).contains("targets outside email_domains are denied");
        assertThat(row(manifest, "pay_invoice").allowlists())
                .containsExactly(entry("email_domains", "example.com"), entry("targets.payee", "DE89370400440532013000"));
        assertThat(row(manifest, "pay_invoice").notes()).contains("targets outside email_domains, targets.payee are denied");
        assertThat(row(manifest, "post_chat").allowlists()).containsExactly(entry("targets.channel", "(none: no channel is inside)"));
        assertThat(row(manifest, "sql_query").does())
                .isEqualTo("read: allowed inside allowlists; write: allowed inside allowlists; irreversible: approval");
    }

    @Test
    void levelThreeGatesEveryWriteAndDeniesTargetsOutsideAsLevelTwoDoes() {
        PermissionManifest manifest = PermissionManifest.of(TOOLS, SafetyLevel.LEVEL_3, SAFETY);

        assertThat(row(manifest, "save_note").treatment()).isEqualTo(Treatment.APPROVAL);
        assertThat(row(manifest, "send_email").notes()).contains("targets outside email_domains are denied");
        assertThat(row(manifest, "pay_invoice").notes()).contains("targets outside email_domains, targets.payee are denied");
        assertThat(row(manifest, "http_get").notes()).contains("targets outside http_hosts are denied");
        assertThat(manifest.maxDenials()).isEqualTo(2);
    }

    @Test
    void textTableHasOneLinePerToolUnderAHeader() {
        String text = PermissionManifest.of(TOOLS, SafetyLevel.LEVEL_2, SAFETY).toText();

        assertThat(text).startsWith("Permission manifest: Level 2\n");
        assertThat(text).contains("approval gate: deny (no reviewer: every call that needs approval is denied); a run ends after 3 refused calls");
        assertThat(text.lines().filter(l -> l.startsWith("TOOL"))).singleElement().asString()
                .contains("IMPACT").contains("OFFERED").contains("AT LEVEL 2").contains("ALLOWLISTS").contains("LIMITS");
        assertThat(text.lines().filter(l -> l.startsWith("save_note"))).singleElement().asString()
                .contains("write").contains("yes").contains("allowed").contains("no targets declared")
                .doesNotContain("inside allowlists");
    }

    @Test
    void jsonCarriesTheSameRows() throws Exception {
        JsonNode json = new ObjectMapper().readTree(PermissionManifest.of(TOOLS, SafetyLevel.LEVEL_1, SAFETY).toJsonText());

        assertThat(json.get("level").asInt()).isEqualTo(1);
        assertThat(json.get("max_denials").asInt()).isEqualTo(3);
        assertThat(json.get("tools")).hasSize(8);
        JsonNode save = json.get("tools").get(1);
        assertThat(save.get("name").asText()).isEqualTo("save_note");
        assertThat(save.get("impact").asText()).isEqualTo("write");
        assertThat(save.get("offered").asBoolean()).isFalse();
        assertThat(save.get("treatment").asText()).isEqualTo("denied");
        assertThat(json.get("tools").get(3).get("limits").asText()).isEqualTo("rate 5/min, budget 20/day");
    }

    @Test
    void noToolsIsSaidPlainly() {
        assertThat(PermissionManifest.of(List.of(), SafetyLevel.LEVEL_1, SafetyConfig.defaults()).toText())
                .contains("(no tools registered)");
    }
}
