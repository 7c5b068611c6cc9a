package dev.leash.integration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tool of another framework (a langchain4j or Spring AI {@code @Tool} method) as Leash sees
 * it: its spec with the declared impact, the arguments that name targets (so that allowlists
 * apply), and whether its result is trusted. Leash's executor validates, decides, audits, and
 * only then calls {@link Invoker#invoke}, which runs the framework's own method invoker.
 *
 * <p>Results are untrusted unless declared trusted (fail closed: the taint guard watches what
 * they bring in). Immutable and thread-safe when the invoker is.
 */
public final class ForeignTool implements Tool {

    /** Runs the framework's tool with the call's arguments and returns its result as text. */
    @FunctionalInterface
    public interface Invoker {
        String invoke(ToolCall call) throws Exception;
    }

    private final ToolSpec spec;
    private final Map<String, TargetKind> targets;
    private final boolean trustedResult;
    private final Invoker invoker;

    ForeignTool(ToolSpec spec, Map<String, TargetKind> targets, boolean trustedResult, Invoker invoker) {
        this.spec = requireNonNull(spec, "spec is null");
        this.targets = Map.copyOf(targets);
        this.trustedResult = trustedResult;
        this.invoker = requireNonNull(invoker, "invoker is null");
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    /** The arguments that name targets, with their kinds. */
    public Map<String, TargetKind> targetArguments() {
        return targets;
    }

    public boolean trustedResult() {
        return trustedResult;
    }

    @Override
    public List<Target> targets(ToolCall call) {
        List<Target> found = new ArrayList<>();
        targets.forEach((argument, kind) -> call.argument(argument).ifPresent(value -> {
            for (String text : texts(value)) {
                found.addAll(kind.targetsOf(text));
            }
        }));
        return found;
    }

    private static List<String> texts(JsonNode value) {
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(element -> texts.addAll(texts(element)));
        } else if (!value.isNull()) {
            texts.add(value.isTextual() ? value.asText() : value.toString());
        }
        return texts;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String result = invoker.invoke(call);
        String source = "tool:" + spec.name();
        return new ToolResult(result == null ? "" : result,
                trustedResult ? Provenance.trusted(source) : Provenance.untrusted(source));
    }

    @Override
    public String toString() {
        return "ForeignTool[" + spec.name() + ", " + spec.impact() + "]";
    }
}
