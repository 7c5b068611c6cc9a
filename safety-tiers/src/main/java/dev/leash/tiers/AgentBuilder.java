package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolRecorder;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.model.ModelPlannerFactory;
import dev.leash.core.model.ModelSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.AnnotatedTools;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.ModelConfig;
import dev.leash.tiers.credential.Credentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds an agent of one's own: tools, tier, planner, approvals, audit and credentials, without
 * writing Guice wiring. It composes the same modules a Guice deployment installs (the level's
 * tier module from {@link Tiers#moduleFor}, the given agent modules, and a module of its own for
 * what was set here) into a {@code Stage.PRODUCTION} injector with explicit bindings, so the
 * executor it gives is the one Guice gives.
 *
 * <p>Required: a planner ({@link #planner},
 * {@link #script}, {@link #model} or {@link #modelFromEnvironment}) and an audit sink. Defaults:
 * the level from {@code LEASH_SAFETY_LEVEL}, then {@code safety.level} of the configuration,
 * then Level 1 ({@link LevelSelection}); configuration {@link LeashConfig#defaults()}; the
 * approval gate of {@code safety.approvals} (deny unless configured); the level's alert sink;
 * no credentials; {@link LoopSettings#defaults()}.
 *
 * <p>Errors are reported where they are: a tool that cannot be registered fails when it is added
 * ({@link #tools}), naming its class and method; a configuration error fails {@link #build()} with
 * that one {@link ConfigurationException} (see {@link StartupErrors}).
 *
 * <p>Not thread-safe; the {@link AgentLoop} it builds is, and may be run many times.
 */
public final class AgentBuilder {

    private final List<Tool> tools = new ArrayList<>();
    private final List<Class<? extends Tool>> toolClasses = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();
    private Optional<SafetyLevel> level = Optional.empty();
    private LeashConfig config = LeashConfig.defaults();
    private Map<String, String> env = System.getenv();
    private PlannerFactory planner;
    private boolean modelFromEnvironment;
    private AuditSink audit;
    private Optional<ApprovalGate> gate = Optional.empty();
    private Optional<AlertSink> alerts = Optional.empty();
    private Optional<CredentialProvider> credentials = Optional.empty();
    private Optional<ToolRecorder> recorder = Optional.empty();
    private Optional<LoopSettings> loop = Optional.empty();
    private final List<String> canaries = new ArrayList<>();

    AgentBuilder() {
    }

    /**
     * Adds tools: {@link Tool} instances, {@link Tool} classes (constructed by Guice with an
     * {@code @Inject} or public no-argument constructor), or objects whose {@code @ToolMethod}
     * methods become tools.
     *
     * @throws dev.leash.api.tool.ToolDefinitionException at once, naming the class and method, when an
     *         annotated method has no impact, an {@code @Arg} without a name at run time (compile with
     *         {@code -parameters} or give {@code @Arg(name = ...)}), or a type no schema covers
     */
    @SuppressWarnings("unchecked")
    public AgentBuilder tools(Object... toolsOrAnnotated) {
        for (Object item : requireNonNull(toolsOrAnnotated, "toolsOrAnnotated is null")) {
            requireNonNull(item, "a tool is null");
            if (item instanceof Tool tool) {
                tools.add(tool);
            } else if (item instanceof Class<?> type && Tool.class.isAssignableFrom(type)) {
                toolClasses.add((Class<? extends Tool>) type);
            } else if (item instanceof Class<?> type) {
                throw new IllegalArgumentException(type.getName() + " is not a Tool class; pass an instance of it to register"
                        + " its @ToolMethod methods");
            } else {
                tools.addAll(AnnotatedTools.from(item));
            }
        }
        return this;
    }

    /**
     * Adds Guice modules of the agent: tools ({@code Tools.bind}), credentials ({@code
     * Credentials.bind}), guards ({@code TierModule.guards}). The way to bring a module written for
     * a Guice deployment, or the standard tools' modules, e.g. {@code new FileToolsModule(...)}.
     */
    public AgentBuilder modules(Module... agentModules) {
        for (Module module : requireNonNull(agentModules, "agentModules is null")) {
            modules.add(requireNonNull(module, "a module is null"));
        }
        return this;
    }

    /** The safety level (default: {@code LEASH_SAFETY_LEVEL}, then {@code safety.level}, then 1). */
    public AgentBuilder level(SafetyLevel safetyLevel) {
        this.level = Optional.of(requireNonNull(safetyLevel, "safetyLevel is null"));
        return this;
    }

    /** The deployment's configuration (default {@link LeashConfig#defaults()}). */
    public AgentBuilder config(LeashConfig leashConfig) {
        this.config = requireNonNull(leashConfig, "leashConfig is null");
        return this;
    }

    /**
     * The deployment's {@code leash.yaml}, read at once.
     *
     * @throws ConfigurationException naming the file and the key at fault
     */
    public AgentBuilder config(Path file) {
        return config(LeashConfig.load(requireNonNull(file, "file is null")));
    }

    /**
     * The environment the level ({@code LEASH_SAFETY_LEVEL}), the model ({@code LEASH_MODEL_*}) and
     * {@code safety.secrets.env} are read from (default: the process environment).
     */
    public AgentBuilder environment(Map<String, String> variables) {
        this.env = Map.copyOf(requireNonNull(variables, "variables is null"));
        return this;
    }

    /** Who proposes the steps: any planner factory. */
    public AgentBuilder planner(PlannerFactory factory) {
        this.planner = requireNonNull(factory, "factory is null");
        this.modelFromEnvironment = false;
        return this;
    }

    /** Replays {@code steps} instead of asking a model ({@link ScriptedPlanner}). */
    public AgentBuilder script(List<Step> steps) {
        return planner(ScriptedPlanner.factory(steps));
    }

    /** Replays a script file, the format red-team scenarios use ({@link ScriptedPlanner#load}). */
    public AgentBuilder script(Path file) {
        return script(ScriptedPlanner.load(file));
    }

    /** Plans with the model {@code settings} describe; the loop takes its token budget from them. */
    public AgentBuilder model(ModelSettings settings) {
        requireNonNull(settings, "settings is null");
        planner(ModelPlannerFactory.builder(settings).build());
        LoopSettings base = loop.orElse(LoopSettings.defaults());
        this.loop = Optional.of(settings.applyTo(base));
        return this;
    }

    /**
     * Plans with the model of {@code LEASH_MODEL_PROVIDER}, {@code LEASH_MODEL_NAME}, {@code
     * LEASH_MODEL_API_KEY} and {@code LEASH_MODEL_BASE_URL}, or the configuration's {@code model:}
     * block; resolved by {@link #build()}, which fails naming the variable to set.
     */
    public AgentBuilder modelFromEnvironment() {
        this.planner = null;
        this.modelFromEnvironment = true;
        return this;
    }

    /** Where every step, decision, approval and result is recorded. Required. */
    public AgentBuilder audit(AuditSink sink) {
        this.audit = requireNonNull(sink, "sink is null");
        return this;
    }

    /** Who answers approval requests, in place of the gate of {@code safety.approvals}. */
    public AgentBuilder approvalGate(ApprovalGate approvals) {
        this.gate = Optional.of(requireNonNull(approvals, "approvals is null"));
        return this;
    }

    /** Where alerts go, in place of the level's alert sink. */
    public AgentBuilder alertSink(AlertSink sink) {
        this.alerts = Optional.of(requireNonNull(sink, "sink is null"));
        return this;
    }

    /**
     * The logins the tools use ({@link Credentials#builder()}); the tier hands each call only the
     * one of its impact.
     */
    public AgentBuilder credentials(CredentialProvider provider) {
        this.credentials = Optional.of(requireNonNull(provider, "provider is null"));
        return this;
    }

    /** Where tools' {@link dev.leash.api.tool.ToolContext#record notes} go (default: discarded). */
    public AgentBuilder recorder(ToolRecorder toolRecorder) {
        this.recorder = Optional.of(requireNonNull(toolRecorder, "toolRecorder is null"));
        return this;
    }

    /** Step, time and token budgets and the system prompt (default {@link LoopSettings#defaults()}). */
    public AgentBuilder loop(LoopSettings settings) {
        this.loop = Optional.of(requireNonNull(settings, "settings is null"));
        return this;
    }

    /** Canary tokens planted in the system prompt; the leak guard denies any call that sends one out. */
    public AgentBuilder canaries(List<String> tokens) {
        canaries.addAll(List.copyOf(tokens));
        return this;
    }

    /** The level {@link #build()} uses: as set, else from the environment and the configuration. */
    public LevelSelection levelSelection() {
        return level.map(l -> new LevelSelection(l, "the builder"))
                .orElseGet(() -> LevelSelection.select(null, env, config));
    }

    /**
     * The agent.
     *
     * @throws IllegalStateException naming what is missing (tools, planner, audit sink)
     * @throws ConfigurationException the one configuration error at fault (an unknown tool under
     *         {@code safety.tools}, a secret too short, no model configured)
     */
    public AgentLoop build() {
        PlannerFactory planners = planner;
        Optional<LoopSettings> settings = loop;
        if (modelFromEnvironment) {
            ModelSettings model = ModelSettings.from(env, modelMap(config.model()), config.source().orElse(null));
            planners = ModelPlannerFactory.builder(model).build();
            settings = Optional.of(model.applyTo(settings.orElse(LoopSettings.defaults())));
        }
        if (planners == null) {
            throw new IllegalStateException("an agent needs a planner: call planner(...), script(...), model(...)"
                    + " or modelFromEnvironment()");
        }
        if (audit == null) {
            throw new IllegalStateException("an agent needs an audit sink: call audit(...), e.g. with"
                    + " JsonlAuditSink.open(Path.of(\"audit.jsonl\"), List.of()) or new InMemoryAuditSink()");
        }
        return injector(planners, settings.orElse(LoopSettings.defaults())).getInstance(AgentLoop.class);
    }

    /**
     * The tools the agent would have, built from what was added here and the modules, without
     * anything else: for listing them ({@code leash manifest}).
     */
    public List<Tool> listTools() {
        try {
            return List.copyOf(Guice.createInjector(toolsModule()).getInstance(Key.get(new TypeLiteral<Set<Tool>>() { })));
        } catch (RuntimeException e) {
            throw StartupErrors.unwrap(e);
        }
    }

    private Injector injector(PlannerFactory planners, LoopSettings settings) {
        SafetyLevel chosen = levelSelection().level();
        AuditSink sink = audit;
        Optional<ApprovalGate> approvals = gate;
        Optional<AlertSink> alerting = alerts;
        Optional<CredentialProvider> logins = credentials;
        Optional<ToolRecorder> notes = recorder;
        List<String> planted = List.copyOf(canaries);
        Module own = new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                bind(AuditSink.class).toInstance(sink);
                bind(PlannerFactory.class).toInstance(planners);
                bind(LoopSettings.class).toInstance(settings);
                approvals.ifPresent(g -> TierModule.approvalGate(binder()).toInstance(g));
                alerting.ifPresent(a -> TierModule.alertSink(binder()).toInstance(a));
                notes.ifPresent(r -> TierModule.recorder(binder()).toInstance(r));
                logins.ifPresent(c -> Credentials.bind(binder()).toInstance(c));
                planted.forEach(token -> TierModule.canaries(binder()).addBinding().toInstance(token));
                bind(AgentLoop.class);
            }
        };
        List<Module> all = new ArrayList<>();
        all.add(Tiers.moduleFor(chosen, config));
        all.add(toolsModule());
        all.add(own);
        try {
            return Guice.createInjector(Stage.PRODUCTION, all);
        } catch (RuntimeException e) {
            throw StartupErrors.unwrap(e);
        }
    }

    private Module toolsModule() {
        List<Tool> instances = List.copyOf(tools);
        List<Class<? extends Tool>> classes = List.copyOf(toolClasses);
        List<Module> agentModules = List.copyOf(modules);
        return new AbstractModule() {
            @Override
            protected void configure() {
                Tools registered = Tools.bind(binder());
                instances.forEach(registered::add);
                classes.forEach(registered::add);
                agentModules.forEach(this::install);
            }
        };
    }

    /** The {@code model:} block as the map {@link ModelSettings#from} reads. */
    public static Map<String, Object> modelMap(ModelConfig model) {
        Map<String, Object> map = new LinkedHashMap<>();
        model.provider().ifPresent(v -> map.put("provider", v));
        model.baseUrl().ifPresent(v -> map.put("base_url", v));
        model.apiKey().ifPresent(v -> map.put("api_key", v));
        model.name().ifPresent(v -> map.put("name", v));
        model.timeout().ifPresent(v -> map.put("timeout", v.toMillis() + "ms"));
        if (model.maxTokensPerRun().isPresent()) {
            map.put("max_tokens_per_run", model.maxTokensPerRun().getAsLong());
        }
        return map;
    }
}
