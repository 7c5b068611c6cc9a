package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import java.util.List;
import java.util.Optional;

/**
 * One tool an MCP server lists, as Leash judged it: its Leash name, its impact and where that
 * came from, its pin, the poisoning flags of its description, and whether it is offered.
 * Immutable and thread-safe.
 *
 * @param name the Leash name, {@code <server>_<tool>}
 * @param server the server's name in the configuration
 * @param remoteName the server's own name of the tool
 * @param description its description as the server gave it
 * @param impact the impact Leash gives it
 * @param impactSource where the impact came from ({@code configuration}, {@code annotations: ...},
 *     {@code default: ...})
 * @param status its pin
 * @param sha256 the hash of its definition as listed now
 * @param flags what the poisoning check found (empty: nothing)
 * @param reviewed whether a person accepted its flags when pinning
 * @param targetKinds the target kinds configured for its arguments
 * @param tool the adapter, absent when the definition is not usable (see {@code problem})
 * @param problem why the definition is not usable, if it is not
 */
public record ImportedTool(String name, String server, String remoteName, String description, Impact impact,
                           String impactSource, Status status, String sha256, List<String> flags, boolean reviewed,
                           List<String> targetKinds, Optional<Tool> tool, Optional<String> problem) {

    /** Rule names of refusals, as audited in incidents. */
    public static final String RULE_CHANGED = "mcp.pin.changed";
    public static final String RULE_UNPINNED = "mcp.pin.unpinned";
    public static final String RULE_POISONING = "mcp.poisoning";
    public static final String RULE_INVALID = "mcp.definition";

    /** The pin of a tool. */
    public enum Status {
        /** Its definition has the hash in the lock file. */
        PINNED,
        /** Its definition is not the one pinned: a rug pull until re-pinned. */
        CHANGED,
        /** It is not in the lock file: new, or never approved. */
        UNPINNED
    }

    public ImportedTool {
        requireNonNull(name, "name is null");
        requireNonNull(server, "server is null");
        requireNonNull(remoteName, "remoteName is null");
        description = description == null ? "" : description;
        requireNonNull(impact, "impact is null");
        requireNonNull(impactSource, "impactSource is null");
        requireNonNull(status, "status is null");
        requireNonNull(sha256, "sha256 is null");
        flags = List.copyOf(flags);
        targetKinds = List.copyOf(targetKinds);
        requireNonNull(tool, "tool is null");
        requireNonNull(problem, "problem is null");
    }

    /** Whether the tool is offered at {@code level}: usable, pinned, and unflagged or reviewed (or Level 1). */
    public boolean offeredAt(SafetyLevel level) {
        return refusal(level).isEmpty();
    }

    /**
     * Why the tool is not offered at {@code level}: the rule and the reason; empty when it is offered.
     * Level 1 offers a flagged tool (it offers only READ tools, and every call is still checked).
     */
    public Optional<Refusal> refusal(SafetyLevel level) {
        if (problem.isPresent()) {
            return Optional.of(new Refusal(RULE_INVALID, "its definition is not usable: " + problem.get()));
        }
        switch (status) {
            case CHANGED:
                return Optional.of(new Refusal(RULE_CHANGED, "its definition changed since it was pinned (name, description, "
                        + "schema or annotations); review it and run 'leash mcp pin'"));
            case UNPINNED:
                return Optional.of(new Refusal(RULE_UNPINNED, "it is not pinned in the lock file; configure it under mcp.servers."
                        + server + ".tools and run 'leash mcp pin'"));
            default:
                break;
        }
        if (!flags.isEmpty() && !reviewed && level != SafetyLevel.LEVEL_1) {
            return Optional.of(new Refusal(RULE_POISONING, "its description may hide instructions (" + String.join("; ", flags)
                    + "); offered above Level 1 only after 'leash mcp pin --accept " + name + "'"));
        }
        return Optional.empty();
    }

    /**
     * Why a tool is not offered.
     *
     * @param rule e.g. {@value ImportedTool#RULE_CHANGED}
     * @param reason for people
     */
    public record Refusal(String rule, String reason) {
    }
}
