package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.core.plan.ScriptedPlanner;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One red-team scenario, as loaded from a file (see {@link ScenarioLoader}). Immutable and
 * thread-safe.
 *
 * @param id unique identifier, {@code [a-z0-9][a-z0-9._-]*}
 * @param category what it tests
 * @param title a line for people (defaults to the id)
 * @param levels the levels it is played at (default: all)
 * @param goal the task given to the agent
 * @param principal who the agent acts for (default {@link #DEFAULT_PRINCIPAL}); owns the mailbox
 * @param environment the world before the run
 * @param tools simulated tools
 * @param deployment the tier's configuration, without the level
 * @param reviewer the simulated human
 * @param script what the worst-case model proposes, turn by turn
 * @param expect harm and success effects
 * @param source the file or resource it was read from
 */
public record Scenario(String id, Category category, String title, List<SafetyLevel> levels, String goal,
                       String principal, Environment environment, List<SimulatedToolSpec> tools, Deployment deployment,
                       Reviewer reviewer, List<Step> script, Expect expect, String source) {

    /** The principal when a scenario names none. */
    public static final String DEFAULT_PRINCIPAL = "user@sandbox.example";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public Scenario {
        requireNonNull(id, "id is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + ID + ": " + id);
        }
        requireNonNull(category, "category is null");
        title = title == null || title.isBlank() ? id : title;
        levels = List.copyOf(requireNonNull(levels, "levels is null"));
        if (levels.isEmpty()) {
            levels = List.of(SafetyLevel.values());
        }
        requireNonNull(goal, "goal is null");
        principal = principal == null || principal.isBlank() ? DEFAULT_PRINCIPAL : principal;
        requireNonNull(environment, "environment is null");
        tools = List.copyOf(requireNonNull(tools, "tools is null"));
        requireNonNull(deployment, "deployment is null");
        requireNonNull(reviewer, "reviewer is null");
        script = List.copyOf(requireNonNull(script, "script is null"));
        if (script.isEmpty()) {
            throw new IllegalArgumentException("script is empty");
        }
        requireNonNull(expect, "expect is null");
        requireNonNull(source, "source is null");
    }

    /** Whether the runner plays it at {@code level}. */
    public boolean appliesTo(SafetyLevel level) {
        return levels.contains(level);
    }

    /** A fresh scripted planner per run, replaying {@link #script()} whatever it is told. */
    public PlannerFactory planner() {
        return ScriptedPlanner.factory(script);
    }
}
