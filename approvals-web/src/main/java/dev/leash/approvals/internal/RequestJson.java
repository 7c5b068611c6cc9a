package dev.leash.approvals.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of an {@link ApprovalRequest} in the store. */
public final class RequestJson {

    private static final ObjectMapper JSON = ToolCall.ARGUMENTS_MAPPER;

    private RequestJson() {
    }

    public static String write(ApprovalRequest r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", r.runId()).put("principal", r.principal()).put("level", r.level().name());
        root.putObject("call").put("id", r.call().id()).put("tool", r.call().tool()).set("arguments", r.call().arguments());
        root.put("impact", r.impact().name()).put("rule", r.rule()).put("reason", r.reason());
        ArrayNode reasons = root.putArray("reasons");
        for (Reason reason : r.reasons()) {
            ObjectNode node = reasons.addObject().put("rule", reason.rule()).put("text", reason.text());
            ArrayNode evidence = node.putArray("evidence");
            reason.evidence().forEach(e -> evidence.addObject().put("source", e.source()).put("text", e.text()));
        }
        root.put("callHash", r.callHash());
        ArrayNode provenance = root.putArray("provenance");
        r.provenance().forEach(provenance::add);
        root.put("requestedAt", r.requestedAt().toString()).put("expiresAt", r.expiresAt().toString());
        return root.toString();
    }

    public static ApprovalRequest read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode call = n.get("call");
            List<Reason> reasons = new ArrayList<>();
            for (JsonNode reason : n.get("reasons")) {
                List<Evidence> evidence = new ArrayList<>();
                reason.get("evidence").forEach(e -> evidence.add(Evidence.of(e.get("source").asText(), e.get("text").asText())));
                reasons.add(Reason.of(reason.get("rule").asText(), reason.get("text").asText(), evidence));
            }
            List<String> provenance = new ArrayList<>();
            n.get("provenance").forEach(p -> provenance.add(p.asText()));
            return new ApprovalRequest(n.get("runId").asText(), n.get("principal").asText(),
                    SafetyLevel.valueOf(n.get("level").asText()),
                    ToolCall.of(call.get("id").asText(), call.get("tool").asText(), (ObjectNode) call.get("arguments")),
                    Impact.valueOf(n.get("impact").asText()), n.get("rule").asText(), n.get("reason").asText(), reasons,
                    n.get("callHash").asText(), provenance, Instant.parse(n.get("requestedAt").asText()),
                    Instant.parse(n.get("expiresAt").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("a stored approval request cannot be read: " + e.getMessage(), e);
        }
    }
}
