package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import java.util.List;

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
 */
public record ProposedCall(ToolCall call, ToolSpec spec, Impact impact, List<Target> targets,
                           OutboundContent outbound, RunContext run) {
    public ProposedCall {
        requireNonNull(call, "call is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(impact, "impact is null");
        targets = List.copyOf(requireNonNull(targets, "targets is null"));
        requireNonNull(outbound, "outbound is null");
        requireNonNull(run, "run is null");
    }

    public String tool() {
        return spec.name();
    }
}
