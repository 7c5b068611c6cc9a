package dev.leash.cli;

import dev.leash.api.ConfigurationException;
import dev.leash.api.tool.Tool;
import java.util.List;
import java.util.Set;
import dev.leash.examples.ExampleAgent;
import dev.leash.examples.ExampleAgents;
import dev.leash.tools.StandardTools;

/**
 * Where {@code leash manifest} finds the tools it documents: the standard tools, and the tools of
 * each example agent by name. Implementations are thread-safe.
 */
public interface ToolCatalog {

    /** Every standard tool, as a deployment with all of them would register them. */
    List<Tool> standardTools();

    /** The names of the example agents. */
    default Set<String> agents() {
        return Set.of();
    }

    /**
     * The tools of example agent {@code name}.
     *
     * @throws ConfigurationException naming the known agents when there is no such agent
     */
    default List<Tool> agentTools(String name) {
        throw ConfigurationException.invalidValue("--agent", null, name,
                agents().isEmpty() ? "an example agent (none is installed)" : "one of " + String.join(", ", agents()));
    }

    /**
     * The catalog the {@code leash} command uses.
     *
     * <p>The standard tools of module tools-std, and the example agents' tools ({@code inbox},
     * {@code ops}, {@code refunds}), built on placeholder backends (building a tool connects to
     * nothing).
     */
    static ToolCatalog standard() {
        return new ToolCatalog() {
            @Override
            public List<Tool> standardTools() {
                return StandardTools.all(StandardTools.Config.forListing());
            }

            @Override
            public Set<String> agents() {
                return new java.util.LinkedHashSet<>(ExampleAgents.names());
            }

            @Override
            public List<Tool> agentTools(String name) {
                return ExampleAgents.find(name).map(ExampleAgent::listingTools)
                        .orElseGet(() -> ToolCatalog.super.agentTools(name));
            }
        };
    }
}
