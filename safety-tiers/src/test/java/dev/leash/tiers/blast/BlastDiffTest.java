package dev.leash.tiers.blast;

import static dev.leash.tiers.blast.BlastRadiusTest.CONFIG;
import static dev.leash.tiers.blast.BlastRadiusTest.TOOLS;
import static dev.leash.tiers.blast.BlastRadiusTest.safety;
import static dev.leash.tiers.blast.BlastRadiusTest.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlastDiffTest {

    private static final BlastRadius BEFORE = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2, safety(CONFIG));

    @Test
    void theSameReportDoesNotWiden() {
        BlastDiff diff = BlastDiff.of(BEFORE, BEFORE);
        assertThat(diff.widens()).isFalse();
        assertThat(diff.grew()).isEmpty();
        assertThat(diff.shrank()).isEmpty();
    }

    @Test
    void aHigherArgumentBudgetWidens() {
        BlastDiff diff = BlastDiff.of(BEFORE, BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2,
                safety(CONFIG.replace("max: 100", "max: 500"))));
        assertThat(diff.widens()).isTrue();
        assertThat(diff.grew()).containsExactly("pay: amount a day 100.00 -> 500.00");
    }

    @Test
    void aNewAllowedDomainWidens() {
        BlastDiff diff = BlastDiff.of(BEFORE, BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2,
                safety(CONFIG.replace("[example.com]", "[example.com, partner.example]"))));
        assertThat(diff.grew()).containsExactly("notify: email_domains admits partner.example");
    }

    @Test
    void aNewWriteToolWidens() {
        List<Tool> more = new ArrayList<>(TOOLS);
        more.add(tool("post_message", Impact.WRITE, Map.of("channel", "channel")));
        BlastDiff diff = BlastDiff.of(BEFORE, BlastRadius.of(more, SafetyLevel.LEVEL_2, safety(CONFIG)));
        assertThat(diff.grew()).singleElement().asString()
                .startsWith("post_message: new tool, write, runs unattended");
    }

    @Test
    void aHigherRateOrARemovedBudgetWidens() {
        BlastDiff diff = BlastDiff.of(BEFORE, BlastRadius.of(TOOLS, SafetyLevel.LEVEL_2,
                safety(CONFIG.replace("budget: \"20/day\"", "budget: \"50/day\"")
                        .replace("reboot: { budget: \"2/h\" }", "reboot: { rate: \"100/day\" }"))));
        assertThat(diff.grew()).containsExactly(
                "notify: calls a day 20 -> 50 (rate 5/min, budget 20/day -> rate 5/min, budget 50/day)",
                "reboot: calls a day 48 -> 100 (budget 2/h -> rate 100/day)");
    }

    @Test
    void aToolMovingFromApprovalToUnattendedWidens() {
        BlastRadius three = BlastRadius.of(TOOLS, SafetyLevel.LEVEL_3, safety(CONFIG));
        BlastDiff diff = BlastDiff.of(three, BEFORE);
        assertThat(diff.grew()).contains("notify: write calls approval -> unattended",
                "reboot: write calls approval -> unattended");
        assertThat(BlastDiff.of(BEFORE, three).widens()).isFalse();
    }

    @Test
    void aNarrowingChangeDoesNotWidenAndSaysWhatShrank() {
        List<Tool> fewer = TOOLS.subList(0, 3);
        BlastDiff diff = BlastDiff.of(BEFORE, BlastRadius.of(fewer, SafetyLevel.LEVEL_2,
                safety(CONFIG.replace("max: 100", "max: 40").replace("[example.com]", "[]"))));
        assertThat(diff.widens()).isFalse();
        assertThat(diff.shrank()).containsExactly(
                "notify: email_domains no longer admits example.com",
                "pay: amount a day 100.00 -> 40.00",
                "reboot: removed (was unattended)");
        assertThat(diff.toText()).startsWith("The unattended worst case does not grow.");
    }
}
