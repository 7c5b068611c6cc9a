package dev.leash.api.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import java.time.Instant;
import java.util.List;

/**
 * One thing that happened in a run, for the audit log. Events serialise to JSON with a
 * {@code type} property naming the event. Immutable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AuditEvent.RunStarted.class, name = "run_started"),
    @JsonSubTypes.Type(value = AuditEvent.StepProposed.class, name = "step_proposed"),
    @JsonSubTypes.Type(value = AuditEvent.CallDecided.class, name = "decision"),
    @JsonSubTypes.Type(value = AuditEvent.ApprovalRequested.class, name = "approval_requested"),
    @JsonSubTypes.Type(value = AuditEvent.ApprovalAnswered.class, name = "approval_answered"),
    @JsonSubTypes.Type(value = AuditEvent.ExecutionStarted.class, name = "execution_started"),
    @JsonSubTypes.Type(value = AuditEvent.ExecutionFinished.class, name = "execution_finished"),
    @JsonSubTypes.Type(value = AuditEvent.Incident.class, name = "incident"),
    @JsonSubTypes.Type(value = AuditEvent.RunEnded.class, name = "run_ended"),
})
public sealed interface AuditEvent {

    String runId();

    Instant at();

    /**
     * A run began.
     *
     * @param systemPromptHash SHA-256 of the system prompt, or empty when there is none
     * @param tools every tool offered, as {@code name:impact}
     */
    record RunStarted(String runId, Instant at, String principal, String session, SafetyLevel level, String goal,
                      String systemPromptHash, List<String> tools) implements AuditEvent {
        public RunStarted {
            requireNonNull(runId, "runId is null");
            tools = List.copyOf(tools);
        }
    }

    /**
     * The planner proposed a step.
     *
     * @param kind {@code call_tools}, {@code finish} or {@code escalate}
     * @param detail the calls (tool and arguments) or the answer or reason
     */
    record StepProposed(String runId, Instant at, int turn, String kind, String detail) implements AuditEvent {
    }

    /**
     * A stage of the executor pipeline decided about a call.
     *
     * @param stage {@code resolve}, {@code validate}, {@code impact}, {@code policy}, {@code limits},
     *     {@code approval}, {@code write_ahead}, {@code invoke}
     * @param decision {@code allow}, {@code deny} or {@code require_approval}
     * @param rule the rule that fired
     */
    record CallDecided(String runId, Instant at, String callId, String tool, Impact impact, String stage,
                       String decision, String rule, String reason) implements AuditEvent {
    }

    /**
     * A call was put to a human: exactly these arguments, bound by {@code callHash}.
     *
     * @param reasons every rule that asked, with its reason and the untrusted text behind it
     * @param flags the rules among {@code reasons} that are risk flags (empty: a routine request,
     *     the impact gate alone)
     */
    record ApprovalRequested(String runId, Instant at, String callId, String tool, ObjectNode arguments, Impact impact,
                             String rule, String reason, String callHash, List<String> provenance,
                             List<Reason> reasons, List<String> flags)
            implements AuditEvent {
        public ApprovalRequested {
            provenance = List.copyOf(provenance);
            arguments = arguments == null ? null : arguments.deepCopy();
            // Records written before reasons were kept read back with none.
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            flags = flags == null ? reasons.stream().filter(Reason::isRiskFlag).map(Reason::rule).toList() : List.copyOf(flags);
        }

        /** A request with a single reason: {@code rule} with {@code reason}. */
        public ApprovalRequested(String runId, Instant at, String callId, String tool, ObjectNode arguments, Impact impact,
                                 String rule, String reason, String callHash, List<String> provenance) {
            this(runId, at, callId, tool, arguments, impact, rule, reason, callHash, provenance,
                    List.of(Reason.of(rule, reason)), null);
        }

        /** True when the only reason was the tier's impact gate. */
        public boolean routine() {
            return flags.isEmpty();
        }
    }

    /**
     * A human (or the gate) answered.
     *
     * @param result {@code approved}, {@code rejected}, {@code timed_out} or {@code failed}
     */
    record ApprovalAnswered(String runId, Instant at, String callId, String callHash, String result, String reviewer,
                            String detail) implements AuditEvent {
    }

    /** Write-ahead record: the call is about to run with these arguments. */
    record ExecutionStarted(String runId, Instant at, String callId, String tool, Impact impact, ObjectNode arguments)
            implements AuditEvent {
        public ExecutionStarted {
            arguments = arguments == null ? null : arguments.deepCopy();
        }
    }

    /**
     * The call ran.
     *
     * @param status {@code OK}, {@code FAILED} or {@code TIMED_OUT}
     * @param provenance trust and retrieval sources of the result
     */
    record ExecutionFinished(String runId, Instant at, String callId, String tool, String status, long durationMillis,
                             Provenance provenance, String detail) implements AuditEvent {
    }

    /**
     * Something a security team should look at: persistence past the denial threshold, a bypass
     * attempt, a request for credentials.
     */
    record Incident(String runId, Instant at, String kind, String rule, String detail) implements AuditEvent {
    }

    /** The run ended. */
    record RunEnded(String runId, Instant at, Outcome outcome, String answer, RunCounts counts) implements AuditEvent {
    }
}
