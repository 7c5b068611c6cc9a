package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Tool;
import dev.leash.eval.ModuleAssembly;
import dev.leash.mcp.ImportedTool;
import dev.leash.mcp.McpConfig;
import dev.leash.mcp.McpImport;
import dev.leash.mcp.PinFile;
import dev.leash.tiers.LevelSelection;
import dev.leash.tiers.blast.BlastDiff;
import dev.leash.tiers.blast.BlastRadius;
import dev.leash.tiers.config.LeashConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *
 * <p>A configuration with an {@code mcp} block adds its servers' tools, as {@code leash manifest}
 * does: the servers are started to list their tools, each judged against the lock file; the tools
 * offered at the level count like any other (declared impact, targets, limits), and those not
 * offered (unpinned, changed, flagged) are listed as never running, with the rule that refused them.
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
        McpTools mcp = mcpTools(config, selection.level());
        BlastRadius report = BlastRadius.of(withMcp(tools(), mcp), selection.level(), leash.safety());
        if (json) {
            var node = report.toJson();
            node.put("level_source", selection.source());
            mcp.addTo(node, selection.level());
            out.println(node.toPrettyString());
        } else if (markdown) {
            out.print(report.toMarkdown());
            out.print(mcp.notOffered(selection.level(), true));
        } else {
            out.print(report.toText().replaceFirst("\n", " (level chosen by " + selection.source() + ")\n"));
            out.print(mcp.notOffered(selection.level(), false));
        }
        out.flush();
        return 0;
    }

    /** The MCP tools of {@code configFile}'s {@code mcp} block, listed by starting its servers (none without a block). */
    private static McpTools mcpTools(Path configFile, SafetyLevel level) {
        McpConfig mcp = configFile == null ? McpConfig.none() : McpConfig.load(configFile);
        if (mcp.servers().isEmpty()) {
            return new McpTools(List.of(), List.of());
        }
        try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
            return new McpTools(servers.tools(), servers.offered(level));
        }
    }

    private static List<Tool> withMcp(List<? extends Tool> tools, McpTools mcp) {
        List<Tool> all = new ArrayList<>(tools);
        all.addAll(mcp.offered());
        return all;
    }

    /**
     * The tools an {@code mcp} block lists, and those of them offered at the level (the rest never run).
     *
     * @param listed every tool the servers list, judged
     * @param offered the Leash tools offered at the level
     */
    private record McpTools(List<ImportedTool> listed, List<Tool> offered) {

        /** {@code mcp_tools} in the JSON report: each listed tool, its impact and targets, whether it is offered. */
        void addTo(ObjectNode node, SafetyLevel level) {
            if (listed.isEmpty()) {
                return;
            }
            ArrayNode list = node.putArray("mcp_tools");
            for (ImportedTool tool : listed) {
                ObjectNode t = list.addObject();
                t.put("name", tool.name());
                t.put("server", tool.server());
                t.put("tool", tool.remoteName());
                t.put("impact", tool.impact().label());
                t.put("impact_source", tool.impactSource());
                tool.targetKinds().forEach(t.putArray("targets")::add);
                t.put("offered", tool.offeredAt(level));
                tool.refusal(level).ifPresent(r -> {
                    t.put("refused_by", r.rule());
                    t.put("reason", r.reason());
                });
            }
        }

        /** The MCP tools that never run at the level because they are not offered, with the rule that refused each. */
        String notOffered(SafetyLevel level, boolean markdown) {
            List<ImportedTool> refused = listed.stream().filter(t -> !t.offeredAt(level)).toList();
            if (refused.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder(markdown ? "\n**MCP tools not offered (never run):**\n\n"
                    : "\nMCP tools not offered at " + level + " (never run):\n");
            for (ImportedTool tool : refused) {
                text.append(markdown ? "- `" + tool.name() + "` " : "  " + tool.name() + "  ").append(tool.impact().label());
                tool.refusal(level).ifPresent(r -> text.append(" (").append(r.rule()).append("): ").append(r.reason()));
                text.append('\n');
            }
            return text.toString();
        }
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
        SafetyLevel at = LevelSelection.select(level, env, leash).level();
        return BlastRadius.of(withMcp(tools(), mcpTools(file, at)), at, leash.safety());
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
