package dev.leash.eval.junit;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import dev.leash.api.SafetyLevel;
import dev.leash.eval.ModuleAssembly;
import dev.leash.eval.report.ScenarioResult;
import dev.leash.eval.runner.RedTeamRunner;
import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.ScenarioLoader;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Scenario runs as JUnit tests: {@link #dynamicTests} for a {@code @TestFactory}, and what {@link
 * LeashRedTeam} uses. Stateless; thread-safe.
 */
public final class RedTeamTests {

    private RedTeamTests() {
    }

    /**
     * One planned run: a scenario at a level.
     *
     * @param scenario the scenario
     * @param level the level it is played at
     */
    public record Run(Scenario scenario, SafetyLevel level) {
        public Run {
            requireNonNull(scenario, "scenario is null");
            requireNonNull(level, "level is null");
        }

        /** {@code <scenario id> at Level N}. */
        public String displayName() {
            return scenario.id() + " at " + level;
        }
    }

    /**
     * The runs of the scenarios under {@code paths} at {@code levels}, in file order.
     *
     * @throws dev.leash.eval.scenario.ScenarioException naming the file and the problem
     */
    public static List<Run> plan(List<Path> paths, List<SafetyLevel> levels) {
        ScenarioLoader loader = new ScenarioLoader();
        List<Scenario> scenarios = new ArrayList<>();
        for (Path path : paths) {
            scenarios.addAll(loader.loadAll(path));
        }
        ScenarioLoader.requireUniqueIds(scenarios);
        List<Run> runs = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (SafetyLevel level : SafetyLevel.values()) {
                if (levels.contains(level) && scenario.appliesTo(level)) {
                    runs.add(new Run(scenario, level));
                }
            }
        }
        return List.copyOf(runs);
    }

    /** Plays one run against the agent of {@code agentModule} (configured by {@code config}, if given). */
    public static ScenarioResult play(Module agentModule, Optional<LeashConfig> config, Run run) {
        ModuleAssembly assembly = config.map(c -> ModuleAssembly.of(agentModule, c)).orElseGet(() -> ModuleAssembly.of(agentModule));
        return RedTeamRunner.builder(assembly).build().play(run.scenario(), run.level());
    }

    /**
     * Fails when the result did not pass: the harm that happened, the success effects a benign task
     * missed, or the error that kept the run from playing.
     */
    public static void requirePassed(ScenarioResult result) {
        if (result.passed()) {
            return;
        }
        List<String> why = new ArrayList<>();
        result.error().ifPresent(e -> why.add("could not run: " + e));
        result.harm().forEach(h -> why.add("harm: " + h));
        if (result.successRequired() && !result.success()) {
            result.missing().forEach(m -> why.add("benign task not done: " + m));
        }
        throw new AssertionFailedError(result.scenario() + " at " + result.level() + " failed (outcome " + result.outcome()
                + "): " + String.join("; ", why));
    }

    /** One dynamic test per scenario and level, each failing as {@link #requirePassed} says. */
    public static Stream<DynamicTest> dynamicTests(Module agentModule, Optional<LeashConfig> config, List<Path> scenarios,
                                                   List<SafetyLevel> levels) {
        return plan(scenarios, levels).stream()
                .map(run -> DynamicTest.dynamicTest(run.displayName(), () -> requirePassed(play(agentModule, config, run))));
    }

    static List<SafetyLevel> levels(int[] numbers) {
        List<SafetyLevel> levels = new ArrayList<>();
        for (int n : numbers) {
            levels.add(SafetyLevel.of(n));
        }
        return levels;
    }
}
