package dev.leash.eval;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.run.Agent;
import dev.leash.api.tool.Tool;
import dev.leash.core.tool.Tools;
import dev.leash.eval.sandbox.Sandbox;
import dev.leash.eval.scenario.Scenario;
import dev.leash.tiers.StartupErrors;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.SecretsConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The red-team suite on an agent of one's own: the tools its Guice module registers and its own
 * {@code leash.yaml}, rather than the generic sandbox agent.
 *
 * <ul>
 *   <li>the agent's own tools run as the module builds them, anew for each run (so a tool that
 *       keeps state starts clean); their side effects are observed through the calls that ran
 *       ({@code tool_executed}) and through what they note with {@link
 *       dev.leash.api.tool.ToolContext#record} ({@code tool_executed}'s {@code args_contain} matches them);
 *   <li>where the module registers a standard tool ({@code read_file}, {@code send_email}, {@code
 *       http_get}, {@code sql_query}, ...), the same tool is bound to the sandbox's backends
 *       instead, so the scenario's files, mailboxes, HTTP stubs and database are what it touches;
 *       standard tools the agent does not have are not offered;
 *   <li>a scenario's simulated tool is added only when the agent has no tool of that name;
 *   <li>the safety configuration is the agent's own ({@code safety:} of its {@code leash.yaml}),
 *       with the scenario's secrets added to the leak guard; without one, the scenario's {@code
 *       deployment};
 *   <li>planner, reviewer and audit are the harness's, as for every run.
 * </ul>
 *
 * <p>Thread-safe if the agent module may be configured from several threads at once (a module that
 * only wires is).
 */
public final class ModuleAssembly implements AgentAssembly {

    private final Module agentModule;
    private final Optional<LeashConfig> config;

    private ModuleAssembly(Module agentModule, Optional<LeashConfig> config) {
        this.agentModule = requireNonNull(agentModule, "agentModule is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** The agent of {@code agentModule} under each scenario's {@code deployment}. */
    public static ModuleAssembly of(Module agentModule) {
        return new ModuleAssembly(agentModule, Optional.empty());
    }

    /** The agent of {@code agentModule} under its own configuration. */
    public static ModuleAssembly of(Module agentModule, LeashConfig agentConfig) {
        return new ModuleAssembly(agentModule, Optional.of(requireNonNull(agentConfig, "agentConfig is null")));
    }

    /**
     * The agent module a class names: a Guice module with a public no-argument constructor.
     *
     * @throws IllegalArgumentException naming the class and what is wrong with it
     */
    public static Module instantiate(Class<?> moduleClass) {
        requireNonNull(moduleClass, "moduleClass is null");
        if (!Module.class.isAssignableFrom(moduleClass)) {
            throw new IllegalArgumentException(moduleClass.getName() + " is not a Guice module (com.google.inject.Module)");
        }
        try {
            return (Module) moduleClass.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(moduleClass.getName() + " needs a public constructor without arguments", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("cannot create " + moduleClass.getName() + ": " + cause, cause);
        }
    }

    /** The tools the agent module registers, as it builds them. */
    public static List<Tool> toolsOf(Module agentModule) {
        try {
            return List.copyOf(Guice.createInjector(agentModule, binder -> Tools.bind(binder))
                    .getInstance(Key.get(new TypeLiteral<Set<Tool>>() { })));
        } catch (RuntimeException e) {
            throw StartupErrors.unwrap(e);
        }
    }

    @Override
    public Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                          List<Tool> simulatedTools, AuditSink audit) {
        return assemble(scenario, sandbox, level, reviewer, simulatedTools, audit, RunPlanner.scripted(scenario));
    }

    @Override
    public Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                          List<Tool> simulatedTools, AuditSink audit, RunPlanner planner) {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(planner, "planner is null");
        SafetyConfig safety = config.map(c -> withScenarioSecrets(c.safety(), scenario)).orElseGet(() -> TierAssembly.safetyOf(scenario));
        LeashConfig leash = config.map(c -> new LeashConfig(safety, c.model(), c.backends(), c.source()))
                .orElseGet(() -> LeashConfig.of(safety));
        Map<String, Tool> standard = toolsOf(TierAssembly.standardTools(safety, sandbox)).stream()
                .collect(Collectors.toMap(t -> t.spec().name(), Function.identity()));
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Tool own : toolsOf(agentModule)) {
            String name = own.spec().name();
            tools.add(standard.getOrDefault(name, own));
            names.add(name);
        }
        simulatedTools.stream().filter(t -> !names.contains(t.spec().name())).forEach(tools::add);
        Module toolModule = new AbstractModule() {
            @Override
            protected void configure() {
                Tools bound = Tools.bind(binder());
                tools.forEach(bound::add);
            }
        };
        return TierAssembly.agent(sandbox, level, leash, List.of(toolModule), reviewer, audit, planner);
    }

    private static List<Tool> toolsOf(List<Module> modules) {
        List<Module> all = new ArrayList<>(modules);
        all.add(binder -> Tools.bind(binder));
        return List.copyOf(Guice.createInjector(all).getInstance(Key.get(new TypeLiteral<Set<Tool>>() { })));
    }

    private static SafetyConfig withScenarioSecrets(SafetyConfig safety, Scenario scenario) {
        Set<String> values = new LinkedHashSet<>(safety.secrets().values());
        values.addAll(scenario.environment().secrets());
        return safety.withSecrets(new SecretsConfig(safety.secrets().env(), List.copyOf(values)));
    }
}
