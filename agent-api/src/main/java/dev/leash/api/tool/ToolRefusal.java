package dev.leash.api.tool;

import dev.leash.api.LeashException;

/**
 * A tool's own refusal of a call, naming the check that fired (e.g. {@code file.symlink-escape},
 * {@code http.non-public-address}). A tool may throw it from {@link Tool#targets}, {@link
 * Tool#outbound} or {@link Tool#execute}; the executor then reports the refusal under that rule.
 * Tools extend it with refusals of their own.
 */
public class ToolRefusal extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final String rule;

    protected ToolRefusal(String tool, String rule, String message) {
        super(message);
        this.tool = java.util.Objects.requireNonNull(tool, "tool is null");
        this.rule = java.util.Objects.requireNonNull(rule, "rule is null");
    }

    /** The tool that refused. */
    public String tool() {
        return tool;
    }

    /** The check that fired. */
    public String rule() {
        return rule;
    }
}
