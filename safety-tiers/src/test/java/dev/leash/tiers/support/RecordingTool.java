package dev.leash.tiers.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A test tool that records every call it ran and the credential it was handed. */
public final class RecordingTool implements Tool {

    private final ToolSpec spec;
    private final Function<ToolCall, List<Target>> targets;
    private final List<ToolCall> ran = new ArrayList<>();
    private final List<Optional<Credential>> credentials = new ArrayList<>();

    private RecordingTool(ToolSpec spec, Function<ToolCall, List<Target>> targets) {
        this.spec = spec;
        this.targets = targets;
    }

    /** A tool with free-form arguments and no targets. */
    public static RecordingTool of(String name, Impact impact) {
        return new RecordingTool(ToolSpec.of(name, "test tool " + name, anyObject(), impact), call -> List.of());
    }

    /** A tool whose targets come from its arguments. */
    public static RecordingTool withTargets(String name, Impact impact, Function<ToolCall, List<Target>> targets) {
        return new RecordingTool(ToolSpec.of(name, "test tool " + name, anyObject(), impact), targets);
    }

    /**
     * A tool declaring target arguments in its spec ({@code argument -> kind}); its targets come
     * from the arguments, as for any tool that does not report them itself.
     */
    public static RecordingTool declaring(String name, Impact impact, java.util.Map<String, String> targets) {
        ObjectNode schema = anyObject();
        ObjectNode properties = schema.putObject("properties");
        targets.keySet().forEach(argument -> properties.putObject(argument));
        ToolSpec spec = new ToolSpec(name, "test tool " + name, schema, impact, new java.util.TreeMap<>(targets));
        return new RecordingTool(spec, call -> dev.leash.api.tool.Targets.fromArguments(spec.targets(), call));
    }

    private static ObjectNode anyObject() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        return schema;
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public List<Target> targets(ToolCall call) {
        return targets.apply(call);
    }

    @Override
    public synchronized ToolResult execute(ToolCall call, ToolContext context) {
        ran.add(call);
        credentials.add(context.credential("db"));
        return ToolResult.trusted(spec.name() + " done");
    }

    public synchronized List<ToolCall> ran() {
        return List.copyOf(ran);
    }

    public synchronized int runs() {
        return ran.size();
    }

    public synchronized List<Optional<Credential>> credentialsSeen() {
        return List.copyOf(credentials);
    }

    public String name() {
        return spec.name();
    }
}
