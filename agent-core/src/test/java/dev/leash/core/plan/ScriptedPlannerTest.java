package dev.leash.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedPlannerTest {

    private static final String YAML = """
            - calls: [ { tool: read_inbox, args: {} } ]
            - calls:
                - { tool: forward_email, args: { id: m1, to: secure@starsentinel.example } }
                - { tool: send_email, id: c2, args: { to: a@b.example, subject: hi, body: yo } }
            - finish: Done.
            """;

    private static PlannerState state() {
        return new PlannerState("r", "g", "p", SafetyLevel.LEVEL_1, List.of(), List.of());
    }

    @Test
    void readsTheScenarioScriptFormatFromYaml() {
        List<Step> steps = ScriptedPlanner.parse(YAML, "test.yaml");

        assertThat(steps).hasSize(3);
        Step.CallTools second = (Step.CallTools) steps.get(1);
        assertThat(second.calls()).extracting(c -> c.tool()).containsExactly("forward_email", "send_email");
        assertThat(second.calls().get(0).text("to")).contains("secure@starsentinel.example");
        assertThat(second.calls().get(1).id()).isEqualTo("c2");
        assertThat(steps.get(2)).isEqualTo(Step.finish("Done."));
    }

    @Test
    void readsJsonFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("script.json");
        Files.writeString(file, "[{\"calls\":[{\"tool\":\"list_files\",\"args\":{\"path\":\".\"}}]},{\"escalate\":\"stuck\"}]");

        List<Step> steps = ScriptedPlanner.load(file);

        assertThat(steps.get(1)).isEqualTo(Step.escalate("stuck"));
    }

    @Test
    void replaysStepsThenFinishes() {
        ScriptedPlanner planner = new ScriptedPlanner(ScriptedPlanner.parse(YAML, "t"));

        planner.next(state());
        planner.next(state());
        assertThat(planner.next(state())).isEqualTo(Step.finish("Done."));
        assertThat(planner.next(state())).isEqualTo(Step.finish(ScriptedPlanner.END_OF_SCRIPT));
    }

    @Test
    void everyRunOfAScriptGetsCallsOfItsOwnEqualToTheScripts() {
        List<Step> script = ScriptedPlanner.parse(YAML, "t");
        Step.CallTools first = (Step.CallTools) ScriptedPlanner.factory(script).create(null).next(state());
        Step.CallTools again = (Step.CallTools) ScriptedPlanner.factory(script).create(null).next(state());

        assertThat(first).isEqualTo(script.get(0)).isEqualTo(again);
        assertThat(first.calls().get(0)).isNotSameAs(again.calls().get(0))
                .isNotSameAs(((Step.CallTools) script.get(0)).calls().get(0));
        assertThat(first.calls().get(0).id()).isEqualTo(again.calls().get(0).id());
    }

    @Test
    void errorsNameTheFileTheStepAndTheField() {
        assertThatThrownBy(() -> ScriptedPlanner.parse("- calls: [ { tool: x, arguments: {} } ]", "bad.yaml"))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("bad.yaml: script[0].calls[0]: unknown field 'arguments'");
        assertThatThrownBy(() -> ScriptedPlanner.parse("- finish: a\n  escalate: b", "two.yaml"))
                .hasMessageContaining("two.yaml: script[0] must have exactly one of calls, finish, escalate");
        assertThatThrownBy(() -> ScriptedPlanner.parse("- calls: [ { args: {} } ]", "notool.yaml"))
                .hasMessageContaining("script[0].calls[0].tool must be a tool name");
        assertThatThrownBy(() -> ScriptedPlanner.parse("finish: x", "map.yaml"))
                .hasMessageContaining("map.yaml: script must be a list of steps");
    }

    @Test
    void amountsKeepTheirExactDecimalsAndScale() {
        List<Step> steps = ScriptedPlanner.parse("- calls: [ { tool: issue_refund, args: { amount: 120.00, fee: 0.10 } } ]", "t");

        var call = ((Step.CallTools) steps.get(0)).calls().get(0);
        assertThat(call.argumentsJson()).isEqualTo("{\"amount\":120.00,\"fee\":0.10}");
        assertThat(call.argument("fee").orElseThrow().decimalValue()).isEqualByComparingTo("0.1");
    }
}
