package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Tool;
import dev.leash.eval.ModuleAssembly;
import dev.leash.mcp.ImportedTool;
import dev.leash.mcp.McpConfig;
import dev.leash.mcp.McpImport;
import dev.leash.mcp.PinFile;
import dev.leash.tiers.LevelSelection;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.manifest.PermissionManifest;
import dev.leash.tiers.manifest.SharedLogins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leash manifest [--level N] [--config FILE] [--json] [--agent NAME | --agent-module CLASS [--classpath PATH]]}: every tool, its
 * impact, whether the planner is offered it, and what the tier does with it (allowed, allowed
 * inside allowlists, approval, denied), with the allowlists and limits that apply. The level is
 * chosen as at start-up: {@code --level}, then {@code LEASH_SAFETY_LEVEL}, then {@code
 * safety.level} in the file, else Level 1. With an {@code mcp} block, the MCP servers' tools are
 * listed too: those offered in the table, and every one in a section of its own with its impact,
 * where the impact came from, its pin, its poisoning flags and why it is not offered.
 */
@Command(name = "manifest",
        mixinStandardHelpOptions = true,
        description = {"Print the permission manifest: every tool, its impact, and what the safety tier does with it."})
public final class ManifestCommand implements Callable<Integer> {

    @Option(names = "--level", paramLabel = "N", description = "Safety level 1, 2 or 3 (default: LEASH_SAFETY_LEVEL, "
            + "then safety.level in the config file, then 1).")
    String level;

    @Option(names = "--config", paramLabel = "FILE", description = "The deployment's leash.yaml.")
    Path config;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--agent", paramLabel = "NAME", description = "Document this example agent's tools "
            + "instead of every standard tool.")
    String agent;

    @Option(names = "--agent-module", paramLabel = "CLASS", description = "Document the tools of your own agent: "
            + "a Guice module with a public no-argument constructor (load it with --classpath).")
    String agentModule;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Where --agent-module's classes are: folders and "
            + "jars separated by ':' (';' on Windows).")
    String classpath;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ToolCatalog catalog;
    private final Map<String, String> env;

    /** The command as {@code leash} runs it: the standard catalog and the process environment. */
    public ManifestCommand() {
        this(ToolCatalog.standard(), System.getenv());
    }

    /** For tests and embedding: another catalog, another environment. */
    public ManifestCommand(ToolCatalog catalog, Map<String, String> env) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    @Override
    public Integer call() {
        LeashConfig leash = config == null ? LeashConfig.defaults() : LeashConfig.load(config);
        LevelSelection selection = LevelSelection.select(level, env, leash);
        if (agent != null && agentModule != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --agent NAME or --agent-module CLASS, not both");
        }
        List<Tool> tools = new java.util.ArrayList<>(agentModule != null
                ? ModuleAssembly.toolsOf(AgentModules.load(spec.commandLine(), agentModule, classpath))
                : agent == null ? catalog.standardTools() : catalog.agentTools(agent));
        McpConfig mcp = config == null ? McpConfig.none() : McpConfig.load(config);
        PinFile pins = mcp.servers().isEmpty() ? new PinFile(mcp.lockFile(), Map.of()) : PinFile.load(mcp.lockFile());
        try (McpImport servers = McpImport.connect(mcp, pins)) {
            tools.addAll(servers.offered(selection.level()));
            PermissionManifest manifest = PermissionManifest.of(tools, selection.level(), leash.safety());
            List<String> warnings = SharedLogins.warnings(env);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = manifest.toJson();
                node.put("level_source", selection.source());
                warnings.forEach(node.putArray("warnings")::add);
                com.fasterxml.jackson.databind.node.ArrayNode list = node.putArray("mcp_tools");
                for (ImportedTool tool : servers.tools()) {
                    ObjectNode t = list.addObject();
                    t.put("name", tool.name());
                    t.put("server", tool.server());
                    t.put("tool", tool.remoteName());
                    t.put("impact", tool.impact().label());
                    t.put("impact_source", tool.impactSource());
                    t.put("pin", tool.status().name().toLowerCase(java.util.Locale.ROOT));
                    t.put("offered", tool.offeredAt(selection.level()));
                    tool.refusal(selection.level()).ifPresent(r -> {
                        t.put("refused_by", r.rule());
                        t.put("reason", r.reason());
                    });
                    tool.flags().forEach(t.putArray("flags")::add);
                    tool.targetKinds().forEach(t.putArray("targets")::add);
                }
                out.println(node.toPrettyString());
            } else {
                out.print(manifest.toText().replaceFirst("\n", " (chosen by " + selection.source() + ")\n"));
                warnings.forEach(w -> out.println("WARNING " + w));
                if (!servers.tools().isEmpty()) {
                    out.print(mcpSection(servers.tools(), selection.level(), mcp));
                }
            }
            out.flush();
        }
        return 0;
    }

    /** Every MCP tool: its impact and where it came from, its pin, its flags, and why it is not offered. */
    static String mcpSection(List<ImportedTool> tools, dev.leash.api.SafetyLevel level, McpConfig mcp) {
        StringBuilder text = new StringBuilder("\nMCP tools (lock file ").append(mcp.lockFile()).append("):\n");
        for (ImportedTool tool : tools) {
            text.append("  ").append(tool.name()).append("  ").append(tool.impact().label())
                    .append(" (from ").append(tool.impactSource()).append(")")
                    .append("  pin: ").append(tool.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(tool.targetKinds().isEmpty() ? "" : "  targets: " + String.join(", ", tool.targetKinds()));
            tool.refusal(level).ifPresentOrElse(
                    r -> text.append("  NOT OFFERED (").append(r.rule()).append("): ").append(r.reason()),
                    () -> text.append("  offered"));
            if (!tool.flags().isEmpty()) {
                text.append("  FLAGGED: ").append(String.join("; ", tool.flags()));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
