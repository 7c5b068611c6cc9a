package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tool declared by a scenario: each call that reaches {@link #execute} is recorded and gets the
 * scenario's fixed result, untrusted unless the scenario declares {@code result_trust: trusted}.
 * Its targets are read from the arguments its {@code targets} names, so the allowlists apply to it;
 * its outbound content is its arguments (the default), so leak guards see them. Thread-safe.
 */
public final class SimulatedTool implements Tool {

    private final SimulatedToolSpec declaration;
    private final ToolSpec spec;
    private final List<ToolCall> calls = new CopyOnWriteArrayList<>();

    public SimulatedTool(SimulatedToolSpec declaration) {
        this.declaration = requireNonNull(declaration, "declaration is null");
        this.spec = declaration.toSpec();
    }

    /** A fresh tool (with no calls recorded) for each declaration. */
    public static List<SimulatedTool> of(List<SimulatedToolSpec> declarations) {
        return declarations.stream().map(SimulatedTool::new).toList();
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) {
        calls.add(call);
        String source = "simulated:" + spec.name();
        return declaration.trustedResult() ? ToolResult.trusted(declaration.result(), source)
                : ToolResult.untrusted(declaration.result(), source);
    }

    /** The calls that ran, oldest first. */
    public List<ToolCall> calls() {
        return List.copyOf(calls);
    }
}
