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

    /**
     * The lines of a log as a reader takes them: up to the first NUL, where the zeros its writer
     * puts ahead of the records begin (see {@code docs/audit.md}).
     */
    static List<String> logLines(java.nio.file.Path log) throws java.io.IOException {
        String text = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        return (nul < 0 ? text : text.substring(0, nul)).lines().toList();
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
