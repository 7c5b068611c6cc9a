package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Tool;
import dev.leash.eval.ModuleAssembly;
import dev.leash.tiers.LevelSelection;
import dev.leash.tiers.blast.BlastDiff;
import dev.leash.tiers.blast.BlastRadius;
import dev.leash.tiers.config.LeashConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leash blast-radius (--agent NAME | --agent-module CLASS) [--level N] [--config FILE]
 * [--json | --markdown]}: what the agent's tools can do unattended in a day at that level, what
 * needs a human, and what can never happen. {@code leash blast-radius --diff BEFORE AFTER}
 * compares two JSON reports, or two configurations of the agent named with {@code --agent} or
 * {@code --agent-module}, and exits 1 when the unattended worst case grows.
 */
@Command(name = "blast-radius",
        mixinStandardHelpOptions = true,
        description = {"What the agent can do unattended in a day at its level, what needs a human, and what never "
            + "happens; --diff exits 1 when a change widens the unattended worst case."})
public final class BlastRadiusCommand implements Callable<Integer> {

    /** Made on first use: picocli builds every command at start-up, and most runs never read JSON here. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Option(names = "--agent", paramLabel = "NAME", description = "An example agent (refunds, inbox, ops).")
    String agent;

    @Option(names = "--agent-module", paramLabel = "CLASS", description = "Your own agent: a Guice module with a "
            + "public no-argument constructor (load it with --classpath).")
    String agentModule;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Where --agent-module's classes are.")
    String classpath;

    @Option(names = "--level", paramLabel = "N", description = "Safety level 1, 2 or 3 (default: LEASH_SAFETY_LEVEL, "
            + "then safety.level in the config file, then 1).")
    String level;

    @Option(names = "--config", paramLabel = "FILE", description = "The deployment's leash.yaml.")
    Path config;

    @Option(names = "--json", description = "Print JSON (the input of --diff).")
    boolean json;

    @Option(names = "--markdown", description = "Print Markdown, to paste into a review.")
    boolean markdown;

    @Option(names = "--diff", arity = "2", paramLabel = "FILE", description = "BEFORE AFTER: two JSON reports, or two "
            + "configurations (with --agent or --agent-module). Exit 1 when the unattended worst case grows.")
    List<Path> diff;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ToolCatalog catalog;
    private final Map<String, String> env;

    /** The command as {@code leash} runs it: the standard catalog and the process environment. */
    public BlastRadiusCommand() {
        this(ToolCatalog.standard(), System.getenv());
    }

    /** For tests and embedding: another catalog, another environment. */
    public BlastRadiusCommand(ToolCatalog catalog, Map<String, String> env) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    @Override
    public Integer call() {
        if (agent != null && agentModule != null) {
            throw bad("give --agent NAME or --agent-module CLASS, not both");
        }
        if (json && markdown) {
            throw bad("give --json or --markdown, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (diff != null) {
            if (config != null) {
                throw bad("--diff compares BEFORE and AFTER; do not give --config with it");
            }
            BlastRadius before = load(diff.get(0));
            BlastRadius after = load(diff.get(1));
            BlastDiff changes = BlastDiff.of(before, after);
            out.print(changes.toText());
            out.flush();
            return changes.widens() ? 1 : 0;
        }
        if (agent == null && agentModule == null) {
            throw bad("give --agent NAME or --agent-module CLASS (or --diff BEFORE AFTER)");
        }
        LeashConfig leash = config == null ? LeashConfig.defaults() : LeashConfig.load(config);
        LevelSelection selection = LevelSelection.select(level, env, leash);
        BlastRadius report = BlastRadius.of(tools(), selection.level(), leash.safety());
        if (json) {
            var node = report.toJson();
            node.put("level_source", selection.source());
            out.println(node.toPrettyString());
        } else if (markdown) {
            out.print(report.toMarkdown());
        } else {
            out.print(report.toText().replaceFirst("\n", " (level chosen by " + selection.source() + ")\n"));
        }
        out.flush();
        return 0;
    }

    private List<? extends Tool> tools() {
        return agentModule != null
                ? ModuleAssembly.toolsOf(AgentModules.load(spec.commandLine(), agentModule, classpath))
                : catalog.agentTools(agent);
    }

    /** A JSON report, or a configuration of the agent given. */
    private BlastRadius load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad("--diff: no such file: " + file);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigurationException.unreadable(file.toString(), e.getMessage());
        }
        if (text.stripLeading().startsWith("{")) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw ConfigurationException.unreadable(file.toString(), "not JSON: " + e.getMessage());
            }
            return BlastRadius.fromJson(node, file.toString());
        }
        if (agent == null && agentModule == null) {
            throw bad("--diff " + file + " is a configuration, not a JSON report: name the agent with --agent or "
                    + "--agent-module");
        }
        LeashConfig leash = LeashConfig.load(file);
        return BlastRadius.of(tools(), LevelSelection.select(level, env, leash).level(), leash.safety());
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
