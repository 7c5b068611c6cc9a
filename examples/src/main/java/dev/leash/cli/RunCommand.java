package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.api.LeashException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.model.ModelPlannerFactory;
import dev.leash.guards.SecretRegistry;
import dev.leash.core.model.ModelSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.examples.AgentWiring;
import dev.leash.examples.Deployment;
import dev.leash.examples.ExampleAgent;
import dev.leash.examples.ExampleAgents;
import dev.leash.tiers.LevelSelection;
import dev.leash.tiers.config.ApprovalsConfig;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.ModelConfig;
import dev.leash.tiers.approval.ConsoleGate;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leash run --agent NAME [--level N] [--config FILE] [--audit FILE] [--planner model|scripted]
 * [--script FILE] [--principal WHO] [--work DIR] GOAL}: runs one example agent and prints each
 * step, each decision (with its rule) and each approval question as it happens.
 *
 * <p>Exit status by outcome: {@value #COMPLETED} COMPLETED, {@value #FAILED} ERROR, {@value
 * #USAGE} bad arguments or configuration (nothing ran), {@value #ESCALATED} ESCALATED, {@value
 * #TERMINATED} TERMINATED_BY_POLICY, {@value #BUDGET} BUDGET_EXHAUSTED, {@value #MODEL} MODEL_FAILED,
 * {@value #AWAITING} AWAITING_APPROVAL.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run an example agent (" + "inbox, ops, refunds" + ") on a goal, printing each step, decision and approval.",
            "The model comes from LEASH_MODEL_PROVIDER, LEASH_MODEL_NAME, LEASH_MODEL_API_KEY, LEASH_MODEL_BASE_URL",
            "(or model: in --config FILE); without one use --planner scripted --script FILE.",
            "Exit status: 0 COMPLETED, 1 ERROR, 2 bad arguments or configuration, 3 ESCALATED,",
            "4 TERMINATED_BY_POLICY, 5 BUDGET_EXHAUSTED, 6 MODEL_FAILED, 7 AWAITING_APPROVAL (the run suspended;",
            "continue it with --resume RUN_ID once its requests are decided)."})
public final class RunCommand implements Callable<Integer> {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ESCALATED = 3;
    static final int TERMINATED = 4;
    static final int BUDGET = 5;
    static final int MODEL = 6;
    static final int AWAITING = 7;

    private static final Map<Outcome, Integer> EXIT = exitCodes();

    /** Which planner proposes the steps. */
    enum PlannerKind { model, scripted }

    @Option(names = "--agent", paramLabel = "NAME", description = "The example agent: inbox, ops or refunds.")
    String agentName;

    @Option(names = "--agent-module", paramLabel = "CLASS", description = "Run your own agent instead: a Guice module "
            + "registering its tools and credentials (public no-argument constructor; load it with --classpath).")
    String agentModule;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Where --agent-module's classes are: folders and "
            + "jars separated by ':' (';' on Windows).")
    String classpath;

    @Option(names = "--level", paramLabel = "N", description = "Safety level 1, 2 or 3 (default: LEASH_SAFETY_LEVEL, "
            + "then safety.level in the config file, then 1).")
    String level;

    @Option(names = "--config", paramLabel = "FILE", description = "The deployment's leash.yaml, e.g. "
            + "examples/agents/refunds/leash-level2.yaml.")
    Path config;

    @Option(names = "--audit", paramLabel = "FILE", description = "Also write the hash-chained audit log (JSON Lines) to FILE; "
            + "check it with 'leash audit verify FILE'.")
    Path audit;

    @Option(names = "--planner", paramLabel = "model|scripted", defaultValue = "model",
            description = "model (default): the model configured by environment; scripted: replay --script FILE.")
    PlannerKind planner;

    @Option(names = "--script", paramLabel = "FILE", description = "The steps to replay with --planner scripted, e.g. "
            + "examples/agents/refunds/demo.yaml.")
    Path script;

    @Option(names = "--principal", paramLabel = "WHO", description = "Whom the agent acts for (default: the agent's own, "
            + "e.g. support@shop.example for refunds).")
    String principal;

    @Option(names = "--work", paramLabel = "DIR", description = "Where embedded backends keep their data "
            + "(default: leash-work/<agent>); reset at each run.")
    Path work;

    @Parameters(index = "0", arity = "0..1", paramLabel = "GOAL", description = "What the agent should do.")
    String goal;

    @Option(names = "--resume", paramLabel = "RUN_ID", description = "Continue a run that suspended waiting for approval"
            + " (exit 7 printed its id) once its requests are decided; the other options default to the suspended run's.")
    String resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Reader in;

    /** The command as {@code leash} runs it: the process environment, answers from standard input. */
    public RunCommand() {
        this(System.getenv(), new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /** For tests and embedding: another environment, and approval answers read from {@code in}. */
    public RunCommand(Map<String, String> env, Reader in) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
        this.in = requireNonNull(in, "in is null");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (agentName != null && agentModule != null || resume == null && agentName == null && agentModule == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), agentName == null
                    ? "give --agent NAME (inbox, ops, refunds) or --agent-module CLASS"
                    : "give --agent NAME or --agent-module CLASS, not both");
        }
        ExampleAgent agent;
        LeashConfig leash;
        LevelSelection selection;
        dev.leash.approvals.ApprovalStore approvalStore = null;
        try {
            if (resume != null) {
                LeashConfig first = config == null ? LeashConfig.defaults() : LeashConfig.load(config);
                approvalStore = ApprovalSetup.store(first.safety().approvals(), approvalsWork(), env);
                var snapshot = approvalStore.snapshot(resume).orElseThrow(() -> ConfigurationException.invalidValue(
                        "--resume", null, resume, "the id of a run that suspended (see 'leash approvals list')"));
                Map<String, String> a = snapshot.attributes();
                if (agentModule == null) {
                    agentName = agentName == null ? a.get("agent") : agentName;
                }
                level = level == null ? a.get("level") : level;
                config = config == null && a.containsKey("config") ? Path.of(a.get("config")) : config;
                if (a.containsKey("planner")) {
                    planner = PlannerKind.valueOf(a.get("planner"));
                }
                script = script == null && a.containsKey("script") ? Path.of(a.get("script")) : script;
                principal = principal == null ? snapshot.request().principal() : principal;
                work = work == null && a.containsKey("work") ? Path.of(a.get("work")) : work;
                audit = audit == null && a.containsKey("audit") ? Path.of(a.get("audit")) : audit;
                goal = snapshot.request().goal();
            }
            if (agentName == null && agentModule == null || goal == null) {
                throw ConfigurationException.missing(agentName == null ? "--agent" : "GOAL", null,
                        "give --agent NAME and a GOAL, or --resume RUN_ID");
            }
            leash = config == null ? LeashConfig.defaults() : LeashConfig.load(config);
            selection = LevelSelection.select(level, env, leash);
            // Secrets too short to look for are a configuration error: say so before anything starts.
            SecretRegistry.fromConfig(leash.safety().secrets().values(), leash.safety().secrets().env(), env);
            agent = agentModule == null ? ExampleAgents.named(agentName)
                    : new OwnAgent(AgentModules.load(spec.commandLine(), agentModule, classpath), agentModule);
        } catch (LeashException e) {
            err.println("leash run: " + e.getMessage());
            if (approvalStore != null) {
                approvalStore.close();
            }
            return USAGE;
        }
        String who = principal == null ? agent.defaultPrincipal() : principal;
        Path workDir = work == null ? Path.of("leash-work", agent.name()) : work;

        Planning planning;
        try {
            planning = planning(agent, leash);
        } catch (LeashException e) {
            err.println("leash run: " + e.getMessage());
            if (planner == PlannerKind.model) {
                err.println(noModelHelp(agent));
            }
            return USAGE;
        }

        // Every secret with where it came from, so one too short to mask is refused by name.
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        List<String> values = leash.safety().secrets().values();
        for (int i = 0; i < values.size(); i++) {
            secrets.put("safety.secrets.values[" + i + "]", values.get(i));
        }
        leash.safety().secrets().env().forEach(name -> Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank())
                .ifPresent(v -> secrets.put("environment variable " + name + " (safety.secrets.env)", v)));
        planning.secret().ifPresent(v -> secrets.put("LEASH_MODEL_API_KEY", v));
        for (int i = 0; i < planning.canaries().size(); i++) {
            secrets.put("canary " + (i + 1), planning.canaries().get(i));
        }
        try {
            SecretMasker.ofSources(secrets);
        } catch (LeashException e) {
            err.println("leash run: " + e.getMessage());
            return USAGE;
        }

        try (Deployment deployment = agent.start(leash.backends(), env, workDir, who)) {
            List<String> deploymentSecrets = List.copyOf(deployment.secrets());
            for (int i = 0; i < deploymentSecrets.size(); i++) {
                secrets.put("credential " + (i + 1) + " of the " + agent.name() + " deployment", deploymentSecrets.get(i));
            }
            SecretMasker masker;
            try {
                masker = SecretMasker.ofSources(secrets);
            } catch (LeashException e) {
                err.println("leash run: " + e.getMessage());
                return USAGE;
            }
            ConsoleReporter reporter = new ConsoleReporter(out, masker);
            ApprovalsConfig approvals = leash.safety().approvals();
            WriterStream console = new WriterStream(out);
            Optional<ApprovalGate> gate = approvals.gate() == ApprovalsConfig.Gate.CONSOLE
                    ? Optional.of(new ConsoleGate(new PrintStream(console, true, StandardCharsets.UTF_8), in, approvals.timeout()))
                    : Optional.empty();
            if (approvals.gate() == ApprovalsConfig.Gate.STORE && approvalStore == null) {
                approvalStore = ApprovalSetup.store(approvals, approvalsWork(), env);
            }
            if (approvals.gate() == ApprovalsConfig.Gate.STORE) {
                gate = Optional.of(new dev.leash.approvals.StoreGate(approvalStore, agent.name(), ApprovalSetup.notifiers(approvals)));
            }
            AuditSink printer = event -> {
                if (event instanceof AuditEvent.ApprovalAnswered) {
                    console.endLine();
                }
                reporter.record(event);
            };
            try (JsonlAuditSink file = audit == null ? null : JsonlAuditSink.open(audit, masker)) {
                AuditSink sink = file == null ? printer : new Tee(file, printer);
                LoopSettings loop = planning.loop();
                AgentWiring wiring = AgentWiring.builder(selection.level(), leash, deployment)
                        .audit(sink).planner(planning.factory()).loop(loop).canaries(planning.canaries());
                gate.ifPresent(wiring::approvalGate);
                if (selection.level() == SafetyLevel.LEVEL_3) {
                    wiring.alertSink(alert -> reporter.print("  ALERT [" + alert.kind() + "] " + alert.message()));
                }
                AgentLoop loopAgent = wiring.build();
                // Built: every configuration error has been reported. Now say what runs.
                out.println("leash run: agent " + agent.name() + " (" + agent.description() + ")");
                out.println("  level: " + selection.level() + " (chosen by " + selection.source() + ")");
                out.println("  planner: " + planning.description());
                deployment.backends().forEach(b -> out.println("  " + b));
                out.println("  approvals: " + approvals.gate().label() + (approvals.gate() == ApprovalsConfig.Gate.DENY
                        ? " (calls that need a human are denied; set safety.approvals.gate: console to answer here)" : ""));
                if (file != null) {
                    out.println("  audit log: " + audit);
                }
                out.flush();
                if (approvalStore != null) {
                    loopAgent.setSuspensionStore(approvalStore);
                }
                RunResult result = resume != null ? loopAgent.resume(resume)
                        : loopAgent.run(RunRequest.of(goal, who), resumeAttributes(agent, selection, workDir));
                if (result.outcome() == Outcome.AWAITING_APPROVAL) {
                    out.println("leash run: run " + result.runId() + " is waiting for approval (" + result.answer() + ")");
                    out.println("  answer in the console (leash approvals serve) or with leash approvals approve|deny ID");
                    out.println("  then continue it with: leash run --resume " + result.runId());
                } else if (resume != null) {
                    out.println("leash run: resumed run " + result.runId() + " ended " + result.outcome() + ": " + result.answer());
                }
                out.flush();
                return EXIT.get(result.outcome());
            }
        } catch (LeashException | IllegalArgumentException | IllegalStateException e) {
            err.println("leash run: " + e.getMessage());
            return USAGE;
        } finally {
            if (approvalStore != null) {
                approvalStore.close();
            }
        }
    }

    /** Where the embedded approval store lives: {@code LEASH_WORK}, or {@code leash-work}. */
    private Path approvalsWork() {
        String dir = env.get("LEASH_WORK");
        return dir == null || dir.isBlank() ? ApprovalSetup.DEFAULT_WORK : Path.of(dir);
    }

    /** What {@code --resume} needs to build this agent again: the options, never secrets. */
    private Map<String, String> resumeAttributes(ExampleAgent agent, LevelSelection selection, Path workDir) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("agent", agent.name());
        a.put("level", Integer.toString(selection.level().number()));
        a.put("planner", planner.name());
        a.put("work", workDir.toString());
        if (config != null) {
            a.put("config", config.toAbsolutePath().toString());
        }
        if (script != null) {
            a.put("script", script.toAbsolutePath().toString());
        }
        if (audit != null) {
            a.put("audit", audit.toAbsolutePath().toString());
        }
        return a;
    }

    /** The planner, its loop settings and the model's API key (a secret), from the options. */
    private Planning planning(ExampleAgent agent, LeashConfig leash) {
        if (planner == PlannerKind.scripted) {
            if (script == null) {
                throw ConfigurationException.missing("--script", null, "--planner scripted replays a script: add --script FILE,"
                        + " e.g. --script examples/agents/" + agent.name() + "/demo.yaml");
            }
            return new Planning(ScriptedPlanner.factory(ScriptedPlanner.load(script)), LoopSettings.defaults(),
                    "scripted, replaying " + script, Optional.empty(), List.of());
        }
        if (script != null) {
            throw ConfigurationException.invalidValue("--script", null, script, "no script with --planner model;"
                    + " add --planner scripted to replay it");
        }
        ModelSettings settings = ModelSettings.from(env, modelMap(leash.model()), leash.source().orElse(null));
        // A canary in the prompt: if the model is talked into sending its instructions out, the leak
        // guard sees the token and denies the call.
        String canary = SecretRegistry.newCanaryToken();
        String prompt = ModelPlannerFactory.DEFAULT_SYSTEM_PROMPT + "\n\n" + agent.instructions() + "\n\n"
                + SecretRegistry.canaryPromptSnippet(List.of(canary));
        ModelPlannerFactory factory = ModelPlannerFactory.builder(settings).systemPrompt(prompt).build();
        LoopSettings loop = settings.applyTo(LoopSettings.defaults().withSystemPrompt(prompt));
        return new Planning(factory, loop, settings.provider().key() + " model " + settings.modelName() + " at "
                + settings.baseUrl(), settings.hasApiKey() ? Optional.of(settings.apiKey()) : Optional.empty(), List.of(canary));
    }

    static Map<String, Object> modelMap(ModelConfig model) {
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

    static String noModelHelp(ExampleAgent agent) {
        return String.join("\n",
                modelHelp("run"),
                "To run without a model, replay the agent's demo script:",
                "  ./leash run --agent " + agent.name() + " --planner scripted --script examples/agents/" + agent.name()
                        + "/demo.yaml \"" + "<goal>" + "\"");
    }

    /** How to configure a model, for a command ({@code run}, {@code play}) that needs one. */
    static String modelHelp(String verb) {
        return String.join("\n",
                "To " + verb + " with a model, configure one in the environment, for example:",
                "  export LEASH_MODEL_PROVIDER=openai        # openai | anthropic | ollama",
                "  export LEASH_MODEL_NAME=gpt-4o-mini",
                "  export LEASH_MODEL_API_KEY=sk-...",
                "  export LEASH_MODEL_BASE_URL=http://localhost:11434/v1   # optional: any OpenAI-compatible server",
                "(or a model: block in --config FILE; see docs/models.md).");
    }

    private static Map<Outcome, Integer> exitCodes() {
        Map<Outcome, Integer> codes = new EnumMap<>(Outcome.class);
        codes.put(Outcome.COMPLETED, COMPLETED);
        codes.put(Outcome.ERROR, FAILED);
        codes.put(Outcome.ESCALATED, ESCALATED);
        codes.put(Outcome.TERMINATED_BY_POLICY, TERMINATED);
        codes.put(Outcome.BUDGET_EXHAUSTED, BUDGET);
        codes.put(Outcome.MODEL_FAILED, MODEL);
        codes.put(Outcome.AWAITING_APPROVAL, AWAITING);
        for (Outcome outcome : Outcome.values()) {
            codes.putIfAbsent(outcome, FAILED);
        }
        return Map.copyOf(codes);
    }

    private record Planning(PlannerFactory factory, LoopSettings loop, String description, Optional<String> secret,
                            List<String> canaries) {
    }

    /** Writes every event to the durable log first, then prints it. */
    private record Tee(AuditSink log, AuditSink printer) implements AuditSink {
        @Override
        public void record(AuditEvent event) {
            log.record(event);
            printer.record(event);
        }

        @Override
        public void recordDurably(AuditEvent event) {
            log.recordDurably(event);
            printer.record(event);
        }
    }

    /** Lets the console gate, which prints to a stream, print to the command's writer. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        private boolean midLine;

        @Override
        public synchronized void write(int b) {
            pending.write(b);
            if (b == '\n') {
                flush();
            }
        }

        /** Ends a question left on its line (piped answers are not echoed). */
        synchronized void endLine() {
            flush();
            if (midLine) {
                writer.println();
                midLine = false;
            }
        }

        @Override
        public synchronized void flush() {
            String text = pending.toString(StandardCharsets.UTF_8);
            if (!text.isEmpty()) {
                midLine = !text.endsWith("\n");
            }
            writer.print(text);
            pending.reset();
            writer.flush();
        }
    }
}
