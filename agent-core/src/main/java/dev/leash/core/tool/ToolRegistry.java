package dev.leash.core.tool;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tools an agent has, by name. Built once from the Guice multibinding ({@code Set<Tool>});
 * refuses a tool without a declared impact and refuses two tools with the same name, so a
 * misconfigured agent fails at start-up, not mid-run. Immutable and thread-safe.
 */
public final class ToolRegistry {

    private final Map<String, Tool> tools;

    @Inject
    public ToolRegistry(Set<Tool> tools) {
        this((Collection<Tool>) tools);
    }

    public ToolRegistry(Collection<? extends Tool> tools) {
        requireNonNull(tools, "tools is null");
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : tools) {
            ToolSpec spec = specOf(tool);
            Tool previous = byName.putIfAbsent(spec.name(), tool);
            if (previous != null) {
                throw ToolDefinitionException.duplicate(spec.name(), describe(previous), describe(tool));
            }
        }
        this.tools = java.util.Collections.unmodifiableMap(byName);
    }

    public static ToolRegistry of(Tool... tools) {
        return new ToolRegistry(List.of(tools));
    }

    private static ToolSpec specOf(Tool tool) {
        ToolSpec spec;
        try {
            spec = tool.spec();
        } catch (ToolDefinitionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ToolDefinitionException.badMethod(tool.getClass().getName(), "spec() failed: " + e);
        }
        if (spec == null) {
            throw ToolDefinitionException.missingImpact(tool.getClass().getName());
        }
        return spec;
    }

    private static String describe(Tool tool) {
        return tool instanceof MethodTool m ? m.describe() : tool.getClass().getName();
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The names of all tools, in registration order. */
    public List<String> names() {
        return List.copyOf(tools.keySet());
    }

    /** The specs of all tools, in registration order. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    public Collection<Tool> tools() {
        return tools.values();
    }

    public int size() {
        return tools.size();
    }
}
