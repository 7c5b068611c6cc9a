package dev.leash.core.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.tool.Impact;
import java.time.Instant;
import java.util.List;

/** Audit events for tests. */
final class Events {

    static final Instant AT = Instant.parse("2026-11-27T03:00:00Z");

    private Events() {
    }

    static AuditEvent decision(String runId, int n) {
        return new AuditEvent.CallDecided(runId, AT.plusMillis(n), "call-" + n, "write_file", Impact.WRITE, "policy",
                "allow", "allowlist.paths", "record " + n);
    }

    static AuditEvent.RunStarted started(String runId) {
        return new AuditEvent.RunStarted(runId, AT, "alex@example.com", "s-1", SafetyLevel.LEVEL_2, "tidy the notes", "",
                List.of("read_file:read", "write_file:write"));
    }

    static AuditEvent.ExecutionStarted execution(String runId, String callId, ObjectNode arguments) {
        return new AuditEvent.ExecutionStarted(runId, AT, callId, "send_email", Impact.IRREVERSIBLE, arguments);
    }

    static AuditEvent.RunEnded ended(String runId, Outcome outcome) {
        return new AuditEvent.RunEnded(runId, AT.plusSeconds(5), outcome, "done", RunCounts.ZERO);
    }

    static ObjectNode args(String... keyValues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }
}
