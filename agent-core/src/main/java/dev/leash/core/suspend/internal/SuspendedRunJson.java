package dev.leash.core.suspend.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.run.RunRequest;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.suspend.SuspendedRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of a {@link SuspendedRun}. Numbers in tool arguments stay exact. A snapshot
 * that does not read back (edited, truncated, another version) is an {@link
 * IllegalArgumentException} naming the field: a run is never resumed from a guess.
 */
public final class SuspendedRunJson {

    private static final ObjectMapper JSON = ToolCall.ARGUMENTS_MAPPER;
    private static final int VERSION = 1;

    private SuspendedRunJson() {
    }

    public static String write(SuspendedRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("runId", run.runId());
        ObjectNode request = root.putObject("request");
        request.put("goal", run.request().goal());
        request.put("principal", run.request().principal());
        request.put("session", run.request().session());
        root.put("level", run.level().name());
        ArrayNode turns = root.putArray("turns");
        run.turns().forEach(t -> turns.add(turn(t)));
        root.set("batch", step(run.batch()));
        root.put("batchNumber", run.batchNumber());
        root.set("batchObservations", observations(run.batchObservations()));
        ArrayNode pending = root.putArray("pending");
        for (SuspendedRun.PendingCall p : run.pending()) {
            pending.addObject().put("index", p.index()).put("callId", p.callId()).put("requestId", p.requestId());
        }
        root.set("observed", observations(run.observed()));
        SuspendedRun.Counters c = run.counters();
        root.putObject("counters").put("proposed", c.proposed()).put("executed", c.executed())
                .put("failures", c.failures()).put("denials", c.denials())
                .put("approvalsRequested", c.approvalsRequested()).put("approvalsGranted", c.approvalsGranted());
        root.put("plannerCheckpoint", run.plannerCheckpoint());
        root.put("inputTokens", run.inputTokens());
        root.put("outputTokens", run.outputTokens());
        root.put("suspendedAt", run.suspendedAt().toString());
        ObjectNode attributes = root.putObject("attributes");
        run.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> attributes.put(e.getKey(), e.getValue()));
        return root.toString();
    }

    public static SuspendedRun read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the suspended run is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the suspended run is not a JSON object");
        }
        int version = field(root, "version").asInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("the suspended run has version " + version + "; this Leash reads " + VERSION);
        }
        JsonNode request = field(root, "request");
        List<Turn> turns = new ArrayList<>();
        for (JsonNode t : field(root, "turns")) {
            turns.add(readTurn(t));
        }
        Step batch = readStep(field(root, "batch"));
        if (!(batch instanceof Step.CallTools calls)) {
            throw new IllegalArgumentException("the suspended run's batch is not a list of calls");
        }
        List<SuspendedRun.PendingCall> pending = new ArrayList<>();
        for (JsonNode p : field(root, "pending")) {
            pending.add(new SuspendedRun.PendingCall(field(p, "index").asInt(), text(p, "callId"), text(p, "requestId")));
        }
        JsonNode c = field(root, "counters");
        Map<String, String> attributes = new LinkedHashMap<>();
        field(root, "attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new SuspendedRun(text(root, "runId"),
                new RunRequest(text(request, "goal"), text(request, "principal"), text(request, "session")),
                SafetyLevel.valueOf(text(root, "level")), turns, calls, field(root, "batchNumber").asInt(),
                readObservations(field(root, "batchObservations")), pending, readObservations(field(root, "observed")),
                new SuspendedRun.Counters(field(c, "proposed").asInt(), field(c, "executed").asInt(),
                        field(c, "failures").asInt(), field(c, "denials").asInt(), field(c, "approvalsRequested").asInt(),
                        field(c, "approvalsGranted").asInt()),
                text(root, "plannerCheckpoint"), field(root, "inputTokens").asLong(), field(root, "outputTokens").asLong(),
                Instant.parse(text(root, "suspendedAt")), attributes);
    }

    private static ObjectNode turn(Turn turn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("number", turn.number());
        node.set("step", step(turn.step()));
        node.set("observations", observations(turn.observations()));
        return node;
    }

    private static Turn readTurn(JsonNode node) {
        return new Turn(field(node, "number").asInt(), readStep(field(node, "step")),
                readObservations(field(node, "observations")));
    }

    private static ObjectNode step(Step step) {
        ObjectNode node = JSON.createObjectNode();
        if (step instanceof Step.CallTools calls) {
            node.put("kind", "calls");
            ArrayNode list = node.putArray("calls");
            calls.calls().forEach(c -> list.add(call(c)));
            node.put("thought", calls.thought());
        } else if (step instanceof Step.Finish finish) {
            node.put("kind", "finish").put("answer", finish.answer());
        } else {
            node.put("kind", "escalate").put("reason", ((Step.Escalate) step).reason());
        }
        return node;
    }

    private static Step readStep(JsonNode node) {
        String kind = text(node, "kind");
        switch (kind) {
            case "calls" -> {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode c : field(node, "calls")) {
                    calls.add(readCall(c));
                }
                return new Step.CallTools(calls, text(node, "thought"));
            }
            case "finish" -> {
                return Step.finish(text(node, "answer"));
            }
            case "escalate" -> {
                return Step.escalate(text(node, "reason"));
            }
            default -> throw new IllegalArgumentException("unknown step kind '" + kind + "' in the suspended run");
        }
    }

    private static ObjectNode call(ToolCall call) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", call.id());
        node.put("tool", call.tool());
        node.set("arguments", call.arguments());
        return node;
    }

    private static ToolCall readCall(JsonNode node) {
        JsonNode arguments = field(node, "arguments");
        if (!arguments.isObject()) {
            throw new IllegalArgumentException("a call's arguments in the suspended run are not an object");
        }
        return ToolCall.of(text(node, "id"), text(node, "tool"), (ObjectNode) arguments);
    }

    private static ArrayNode observations(List<Observation> observations) {
        ArrayNode list = JSON.createArrayNode();
        for (Observation o : observations) {
            ObjectNode node = list.addObject();
            node.set("call", call(o.call()));
            node.put("status", o.status().name());
            node.put("content", o.content());
            node.put("trust", o.provenance().trust().name());
            ArrayNode sources = node.putArray("sources");
            o.provenance().sources().forEach(sources::add);
            o.rule().ifPresent(r -> node.put("rule", r));
            ArrayNode alternatives = node.putArray("alternatives");
            o.alternatives().forEach(alternatives::add);
        }
        return list;
    }

    private static List<Observation> readObservations(JsonNode list) {
        List<Observation> observations = new ArrayList<>();
        for (JsonNode node : list) {
            List<String> sources = new ArrayList<>();
            field(node, "sources").forEach(s -> sources.add(s.asText()));
            List<String> alternatives = new ArrayList<>();
            field(node, "alternatives").forEach(s -> alternatives.add(s.asText()));
            observations.add(new Observation(readCall(field(node, "call")),
                    Observation.Status.valueOf(text(node, "status")), text(node, "content"),
                    new Provenance(Provenance.Trust.valueOf(text(node, "trust")), sources),
                    Optional.ofNullable(node.get("rule")).map(JsonNode::asText), alternatives));
        }
        return observations;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the suspended run has no '" + name + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        return field(node, name).asText();
    }
}
