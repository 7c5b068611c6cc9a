package dev.leash.api.tool;

import dev.leash.api.LeashException;
import java.util.Collection;

/** A tool cannot be registered: no impact, a bad or duplicate name, a broken schema. */
public final class ToolDefinitionException extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String tool;

    private ToolDefinitionException(String tool, String message) {
        super(message);
        this.tool = tool;
    }

    /** The tool at fault (its name, or its class when it has no usable name). */
    public String tool() {
        return tool;
    }

    public static ToolDefinitionException missingImpact(String tool) {
        return new ToolDefinitionException(tool, "Tool '" + tool + "' declares no impact: every tool must say whether it is "
                + "READ, WRITE or IRREVERSIBLE, and a tool that does not is refused");
    }

    public static ToolDefinitionException badName(String name) {
        return new ToolDefinitionException(String.valueOf(name), "Invalid tool name '" + name
                + "': use 1 to 64 letters, digits, '_' or '-'");
    }

    public static ToolDefinitionException duplicate(String tool, String first, String second) {
        return new ToolDefinitionException(tool, "Two tools are named '" + tool + "' (" + first + " and " + second
                + "): tool names must be unique");
    }

    public static ToolDefinitionException badSchema(String tool, String problem) {
        return new ToolDefinitionException(tool, "Tool '" + tool + "' has an invalid arguments schema: " + problem);
    }

    public static ToolDefinitionException badMethod(String tool, String problem) {
        return new ToolDefinitionException(tool, "Tool method '" + tool + "' cannot be registered: " + problem);
    }

    public static ToolDefinitionException impactAboveDeclared(String tool, Impact declared, Impact refined) {
        return new ToolDefinitionException(tool, "Tool '" + tool + "' refined a call's impact to " + refined
                + ", above its declared maximum " + declared);
    }

    public static ToolDefinitionException unknownTools(Collection<String> unknown, Collection<String> known) {
        return new ToolDefinitionException(String.join(",", unknown), "Unknown tool(s) " + unknown
                + "; registered tools: " + known);
    }
}
