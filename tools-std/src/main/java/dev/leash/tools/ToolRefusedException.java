package dev.leash.tools;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.ToolRefusal;

/**
 * A standard tool refused a call by itself: a path outside its root, a non-public address, a
 * recipient outside the configured domains, a missing credential, a size limit. The executor
 * turns it into a structured failure; the message says what was refused and why, and {@link
 * #rule()} names the check that fired (e.g. {@code file.traversal}, {@code http.non-public-address}).
 */
public final class ToolRefusedException extends ToolRefusal {
    private static final long serialVersionUID = 1L;

    private ToolRefusedException(String tool, String rule, String message) {
        super(requireNonNull(tool, "tool is null"), requireNonNull(rule, "rule is null"),
                tool + " refused (" + rule + "): " + message);
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

}
