package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import java.util.List;
import java.util.Optional;

/**
 * A call that has passed name resolution and argument validation, with everything policies need
 * to judge it.
 *
 * @param call the call, arguments validated
 * @param spec the tool's spec
 * @param impact the effective impact of this call (never above the declared one)
 * @param targets recipients, hosts, paths, tables the call acts on
 * @param outbound everything the call would send or store
 * @param run the run it belongs to
 * @param impactReason why the tool gave the call its impact, when it said (see {@link
 *     dev.leash.api.tool.Tool#impactReason}); policies that decide by impact name it
 */
public record ProposedCall(ToolCall call, ToolSpec spec, Impact impact, List<Target> targets,
                           OutboundContent outbound, RunContext run, Optional<ImpactReason> impactReason) {
    public ProposedCall {
        requireNonNull(impactReason, "impactReason is null");
        requireNonNull(call, "call is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(impact, "impact is null");
        targets = List.copyOf(requireNonNull(targets, "targets is null"));
        requireNonNull(outbound, "outbound is null");
        requireNonNull(run, "run is null");
    }

    /** A call whose tool gave no reason for its impact. */
    public ProposedCall(ToolCall call, ToolSpec spec, Impact impact, List<Target> targets,
                        OutboundContent outbound, RunContext run) {
        this(call, spec, impact, targets, outbound, run, Optional.empty());
    }

    public String tool() {
        return spec.name();
    }
}
