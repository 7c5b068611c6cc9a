package dev.leash.cli;

import dev.leash.api.ConfigurationException;
import dev.leash.api.LeashException;
import dev.leash.api.SafetyLevel;
import dev.leash.core.model.ModelSettings;
import com.google.inject.Module;
import dev.leash.eval.AgentAssembly;
import dev.leash.eval.ModuleAssembly;
import dev.leash.tiers.config.LeashConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.eval.report.Baseline;
import dev.leash.eval.report.BaselineComparison;
import dev.leash.eval.report.BuildInfo;
import dev.leash.eval.report.Fingerprint;
import dev.leash.eval.report.JsonReport;
import dev.leash.eval.report.RunMeta;
import dev.leash.eval.report.Report;
import dev.leash.eval.report.ReportTable;
import dev.leash.eval.report.ScenarioResult;
import dev.leash.eval.runner.ModelScenarioPlanner;
import dev.leash.eval.runner.RedTeamRunner;
import dev.leash.eval.runner.RunListener;
import dev.leash.eval.runner.ScenarioPlanner;
import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.ScenarioLibrary;
import dev.leash.eval.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leash redteam [--level 1|2|3|all] [--scenarios PATH]... [--json FILE] [--audit DIR]
 * [--planner scripted|model] [--trials N] [--agent-module CLASS [--classpath PATH] [--config FILE]]
 * [--baseline FILE]}: plays the red-team scenarios (default: the built-in library) at the chosen levels
 * (default: all), prints a row per scenario and level and the scorecard, and exits 0 only when every
 * result passes.
 *
 * <p>{@code --planner model} plays each scenario with the model configured by {@code LEASH_MODEL_*}
 * (as {@code leash run}) instead of its script, {@code --trials N} times; the scorecard counts apart
 * how often the model attempted harm and how often harm happened. Attempts alone do not fail the
 * run; harm, benign work not done, and runs the model could not finish do. Without a model
 * configured: exit 2 with how to configure one.
 *
 * <p>With {@code --baseline FILE} (an earlier {@code --json} report) it also lists what regressed,
 * what was fixed, and what is new or gone since, and exits {@value #REGRESSED} when a result that
 * passed in the baseline fails now.
 */
@Command(name = "redteam",
        mixinStandardHelpOptions = true,
        description = {"Play red-team scenarios against the safety tiers on a sandboxed environment.",
            "--planner model plays them with the model of LEASH_MODEL_PROVIDER, LEASH_MODEL_NAME, LEASH_MODEL_API_KEY,",
            "LEASH_MODEL_BASE_URL instead of their scripts, and counts how often it attempted harm apart from harm done.",
            "Exit status 0 when every result passes (no harm; benign work done where the level allows it; with a model,",
            "every trial played to its end): attempts alone do not fail it. 1 otherwise; 2 bad arguments or no model.",
            "With --baseline: exit status 3 when a result that passed in the baseline fails now (a regression), "
                + "else 1 when a result fails, else 0; 2 when the baseline is missing or not a report."})
public final class RedteamCommand implements Callable<Integer> {

    @Option(names = "--level", paramLabel = "1|2|3|all", defaultValue = "all",
            description = "The level to play at, or all (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--scenarios", paramLabel = "PATH",
            description = "A scenario file or a folder of them (repeatable). Default: the built-in library.")
    List<Path> scenarios = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path json;

    @Option(names = "--audit", paramLabel = "DIR", description = "Keep each run's audit log as DIR/<scenario>.L<level>.jsonl.")
    Path audit;

    @Option(names = "--agent-module", paramLabel = "CLASS", description = "Play against your own agent: a Guice module "
            + "registering its tools (public no-argument constructor; load it with --classpath). Its standard tools run "
            + "on the sandbox's backends.")
    String agentModule;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Where --agent-module's classes are: folders and "
            + "jars separated by ':' (';' on Windows).")
    String classpath;

    @Option(names = "--config", paramLabel = "FILE", description = "With --agent-module: the agent's leash.yaml, whose "
            + "safety block replaces each scenario's deployment.")
    Path config;

    @Option(names = "--baseline", paramLabel = "FILE", description = "An earlier --json report to compare with: lists "
            + "each result that regressed (passed then, fails now), was fixed, is new or is gone, and exits 3 when one "
            + "regressed. Warns when the scenario library differs from the baseline's.")
    Path baseline;

    /** The exit status when a result that passed in the {@code --baseline} report fails now. */
    public static final int REGRESSED = 3;

    /** What proposes the steps. */
    enum PlannerKind { scripted, model }

    @Option(names = "--planner", paramLabel = "scripted|model", defaultValue = "scripted",
            description = "scripted (default): each scenario's script, the worst case; model: the model configured by "
                    + "LEASH_MODEL_* (or the model: block of --config FILE) decides what to call.")
    PlannerKind planner;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1",
            description = "Play each scenario at each level N times (default: ${DEFAULT-VALUE}); a model does not always "
                    + "do the same.")
    int trials;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<AgentAssembly> assembly;
    private final boolean terminal;
    private final Map<String, String> env;

    /** The command with the product's assembly ({@link RedteamAssemblies#product()}). */
    public RedteamCommand() {
        this(RedteamAssemblies::product, System.console() != null, System.getenv());
    }

    /** The command with another assembly (tests, custom tiers), progress written one line per result. */
    public RedteamCommand(Supplier<AgentAssembly> assembly) {
        this(assembly, false, System.getenv());
    }

    /** The command with another assembly and another environment (where {@code LEASH_MODEL_*} is read). */
    public RedteamCommand(Supplier<AgentAssembly> assembly, Map<String, String> env) {
        this(assembly, false, env);
    }

    /**
     * @param terminal whether standard error is a terminal: progress rewritten in place; otherwise one
     *        line per finished result, as a CI log wants it
     */
    RedteamCommand(Supplier<AgentAssembly> assembly, boolean terminal) {
        this(assembly, terminal, System.getenv());
    }

    RedteamCommand(Supplier<AgentAssembly> assembly, boolean terminal, Map<String, String> env) {
        this.assembly = assembly;
        this.terminal = terminal;
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<SafetyLevel> levels = levels();
        if (trials < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value '" + trials + "' for --trials: expected a whole number of at least 1");
        }
        AgentAssembly product = product();
        ScenarioPlanner scenarioPlanner;
        try {
            scenarioPlanner = scenarioPlanner();
        } catch (LeashException e) {
            err.println("leash redteam: " + e.getMessage());
            err.println(RunCommand.modelHelp("play the scenarios"));
            err.println("To play without a model, replay the scenarios' scripts: ./leash redteam (--planner scripted, the default)");
            return 2;
        }
        List<Scenario> toPlay = load();
        Optional<Baseline> before = readBaseline();
        if (planner == PlannerKind.model) {
            out.println("leash redteam: planner " + scenarioPlanner + ", " + trials + (trials == 1 ? " trial" : " trials")
                    + " of each scenario at each level");
            out.flush();
        }

        RedTeamRunner.Builder builder = RedTeamRunner.builder(product)
                .planner(scenarioPlanner)
                .trials(trials)
                .listener(terminal ? new Progress(err) : new ProgressLines(err, trials > 1))
                .parallelism(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        if (audit != null) {
            builder.auditSinks(RedteamAssemblies.auditLogs(audit, toPlay));
        }
        Report report = builder.build().run(toPlay, levels);

        RunMeta meta = meta(toPlay, levels);
        Optional<BaselineComparison> comparison = before.map(b -> b.compare(report, meta));

        out.print(ReportTable.format(report));
        comparison.ifPresent(c -> out.print("\n" + c.toText()));
        out.flush();
        if (json != null) {
            ObjectNode node = JsonReport.toJson(report, meta);
            comparison.ifPresent(c -> JsonReport.withBaseline(node, c));
            JsonReport.write(node, json);
            out.println("JSON report: " + json);
        }
        if (comparison.isPresent() && comparison.get().regressed()) {
            return REGRESSED;
        }
        return report.passed() ? 0 : 1;
    }

    /** {@code --baseline}, read before anything is played: a missing file or one that is not a report stops here (exit 2). */
    private Optional<Baseline> readBaseline() {
        if (baseline == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Baseline.read(baseline));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline: " + e.getMessage());
        }
    }

    /** What this run is played with: the JSON report's {@code meta}. */
    private RunMeta meta(List<Scenario> played, Set<SafetyLevel> levels) {
        String configHash = config == null ? Fingerprint.deployments(played) : Fingerprint.configFile(config);
        String configSource = config == null ? RunMeta.SCENARIO_DEPLOYMENTS : config.toString();
        return new RunMeta(BuildInfo.current(), configHash, configSource, Fingerprint.library(played), played.size(),
                levels.stream().sorted().toList(), List.of(), agentModule == null ? RunMeta.BUILT_IN : agentModule,
                Instant.now());
    }

    /** The scripts, or the model configured by environment (and the model: block of --config). */
    private ScenarioPlanner scenarioPlanner() {
        if (planner == PlannerKind.scripted) {
            return ScenarioPlanner.scripted();
        }
        LeashConfig leash = config == null ? null : LeashConfig.load(config);
        ModelSettings settings = leash == null
                ? ModelSettings.from(env, Map.of(), null)
                : ModelSettings.from(env, RunCommand.modelMap(leash.model()), leash.source().orElse(null));
        return ModelScenarioPlanner.of(settings);
    }

    private AgentAssembly product() {
        if (agentModule == null) {
            if (config != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--config is the agent's leash.yaml: "
                        + "give it with --agent-module CLASS (the built-in agent takes each scenario's deployment)");
            }
            return assembly.get();
        }
        Module module = AgentModules.load(spec.commandLine(), agentModule, classpath);
        ModuleAssembly.toolsOf(module);  // a broken tool definition is reported now, once, not per run
        return config == null ? ModuleAssembly.of(module) : ModuleAssembly.of(module, LeashConfig.load(config));
    }

    private Set<SafetyLevel> levels() {
        if (level.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(SafetyLevel.class);
        }
        try {
            return EnumSet.of(SafetyLevel.parse(level, "--level"));
        } catch (ConfigurationException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value '" + level + "' for --level: expected 1, 2, 3 or all");
        }
    }

    private List<Scenario> load() {
        if (scenarios.isEmpty()) {
            return ScenarioLibrary.load();
        }
        ScenarioLoader loader = new ScenarioLoader();
        List<Scenario> all = new ArrayList<>();
        for (Path path : scenarios) {
            all.addAll(loader.loadAll(path));
        }
        return ScenarioLoader.requireUniqueIds(all);
    }

    /** One line per finished result on standard error, for logs. */
    private static final class ProgressLines implements RunListener {
        private final PrintWriter err;
        private final boolean trials;

        ProgressLines(PrintWriter err, boolean trials) {
            this.err = err;
            this.trials = trials;
        }

        @Override
        public void starting(String scenario, int level, int index, int total) {
        }

        @Override
        public void finished(ScenarioResult result, int index, int total) {
            err.println(String.format("[%d/%d] L%d %s%s %s", index, total, result.level().number(), result.scenario(),
                    trials ? " trial " + result.trial() : "", result.passed() ? "pass" : "FAIL"));
            err.flush();
        }
    }

    /** A progress line on standard error, rewritten in place. */
    private static final class Progress implements RunListener {
        private final PrintWriter err;
        private int width;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void starting(String scenario, int level, int index, int total) {
            String line = String.format("[%d/%d] L%d %s", index, total, level, scenario);
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
            err.flush();
        }

        @Override
        public void finished(ScenarioResult result, int index, int total) {
            if (index == total) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
