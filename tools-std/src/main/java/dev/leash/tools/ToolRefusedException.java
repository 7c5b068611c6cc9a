package dev.leash.tools;

import static java.util.Objects.requireNonNull;

import dev.leash.api.LeashException;

/**
 * A standard tool refused a call by itself: a path outside its root, a non-public address, a
 * recipient outside the configured domains, a missing credential, a size limit. The executor
 * turns it into a structured failure; the message says what was refused and why, and {@link
 * #rule()} names the check that fired (e.g. {@code file.traversal}, {@code http.non-public-address}).
 */
public final class ToolRefusedException extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final String rule;

    private ToolRefusedException(String tool, String rule, String message) {
        super(tool + " refused (" + rule + "): " + message);
        this.tool = requireNonNull(tool, "tool is null");
        this.rule = requireNonNull(rule, "rule is null");
    }

    /** A refusal of {@code tool} by the check {@code rule}, with a message a user can act on. */
    public static ToolRefusedException of(String tool, String rule, String message) {
        return new ToolRefusedException(tool, rule, message);
    }

    /** No credential for {@code service} is bound for calls of this impact: fail closed. */
    public static ToolRefusedException missingCredential(String tool, String service, Object impact) {
        return new ToolRefusedException(tool, "credential.missing",
                "no '" + service + "' credential is bound for " + impact + " calls; bind one in the credential"
                        + " provider for this impact (the call was not run)");
    }

    /** The tool that refused. */
    public String tool() {
        return tool;
    }

    /** The check that fired, e.g. {@code file.symlink-escape}. */
    public String rule() {
        return rule;
    }
}
