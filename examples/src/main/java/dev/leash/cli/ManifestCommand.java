package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Tool;
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
 * {@code leash manifest [--level N] [--config FILE] [--json] [--agent NAME]}: every tool, its
 * impact, whether the planner is offered it, and what the tier does with it (allowed, allowed
 * inside allowlists, approval, denied), with the allowlists and limits that apply. The level is
 * chosen as at start-up: {@code --level}, then {@code LEASH_SAFETY_LEVEL}, then {@code
 * safety.level} in the file, else Level 1.
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
        List<Tool> tools = agent == null ? catalog.standardTools() : catalog.agentTools(agent);
        PermissionManifest manifest = PermissionManifest.of(tools, selection.level(), leash.safety());
        List<String> warnings = SharedLogins.warnings(env);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = manifest.toJson();
            node.put("level_source", selection.source());
            warnings.forEach(node.putArray("warnings")::add);
            out.println(node.toPrettyString());
        } else {
            out.print(manifest.toText().replaceFirst("\n", " (chosen by " + selection.source() + ")\n"));
            warnings.forEach(w -> out.println("WARNING " + w));
        }
        out.flush();
        return 0;
    }
}
