package dev.leash.eval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.plan.PlannerFactory;
import dev.leash.core.loop.LoopSettings;
import dev.leash.eval.scenario.Scenario;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What proposes the steps of one red-team run, handed by the harness to an {@link AgentAssembly}:
 * the scenario's script (the worst-case model), or a live model.
 *
 * @param factory makes the run's planner
 * @param scripted whether {@code factory} replays the scenario's {@link Scenario#script()} (an assembly
 *     that knows only scripts may then use {@link Scenario#planner()} in its place)
 * @param systemPrompt what the planner sends as its system prompt, for the audit's hash; empty for a script
 * @param maxTokensPerRun model tokens the run may use; empty for no limit
 */
public record RunPlanner(PlannerFactory factory, boolean scripted, Optional<String> systemPrompt,
                         OptionalLong maxTokensPerRun) {

    public RunPlanner {
        requireNonNull(factory, "factory is null");
        requireNonNull(systemPrompt, "systemPrompt is null");
        requireNonNull(maxTokensPerRun, "maxTokensPerRun is null");
    }

    /** The scenario's script, replayed whatever the agent is told. */
    public static RunPlanner scripted(Scenario scenario) {
        return scripted(requireNonNull(scenario, "scenario is null").planner());
    }

    /** A factory that replays the scenario's script (e.g. {@link Scenario#planner()} wrapped to observe it). */
    public static RunPlanner scripted(PlannerFactory factory) {
        return new RunPlanner(factory, true, Optional.empty(), OptionalLong.empty());
    }

    /** A model planner sending {@code systemPrompt}. */
    public static RunPlanner model(PlannerFactory factory, String systemPrompt, OptionalLong maxTokensPerRun) {
        return new RunPlanner(factory, false, Optional.of(requireNonNull(systemPrompt, "systemPrompt is null")),
                maxTokensPerRun);
    }

    /** This planner's system prompt and token budget applied to {@code loop}. */
    public LoopSettings applyTo(LoopSettings loop) {
        requireNonNull(loop, "loop is null");
        LoopSettings result = systemPrompt.map(loop::withSystemPrompt).orElse(loop);
        return maxTokensPerRun.isPresent() ? result.withMaxTokensPerRun(maxTokensPerRun.getAsLong()) : result;
    }

    /** The same planner with its factory replaced (e.g. wrapped to record what it proposes). */
    public RunPlanner withFactory(PlannerFactory replacement) {
        return new RunPlanner(replacement, scripted, systemPrompt, maxTokensPerRun);
    }
}
