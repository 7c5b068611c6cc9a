package dev.leash.api.approval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import java.time.Instant;
import java.util.List;

/**
 * What a reviewer is asked: the exact tool, arguments, impact and reason, bound to a hash.
 *
 * @param runId the run
 * @param principal who the agent acts for
 * @param level the safety level
 * @param call the exact call
 * @param impact its effective impact
 * @param rule the rule that asked for approval
 * @param reason why approval is needed
 * @param callHash {@link CallHash#of(ToolCall)} of {@code call}; an approval is valid only for it
 * @param provenance where content in the arguments came from, when untrusted content flows in
 * @param requestedAt when the request was made
 */
public record ApprovalRequest(String runId, String principal, SafetyLevel level, ToolCall call, Impact impact,
                              String rule, String reason, String callHash, List<String> provenance,
                              Instant requestedAt) {

    public ApprovalRequest {
        requireNonNull(runId, "runId is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(level, "level is null");
        requireNonNull(call, "call is null");
        requireNonNull(impact, "impact is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(callHash, "callHash is null");
        provenance = List.copyOf(requireNonNull(provenance, "provenance is null"));
        requireNonNull(requestedAt, "requestedAt is null");
        if (!callHash.equals(CallHash.of(call))) {
            throw new IllegalArgumentException("callHash does not match the call");
        }
    }

    /** A request for {@code call}, hashing it. */
    public static ApprovalRequest of(String runId, String principal, SafetyLevel level, ToolCall call, Impact impact,
                                     String rule, String reason, List<String> provenance, Instant at) {
        return new ApprovalRequest(runId, principal, level, call, impact, rule, reason, CallHash.of(call), provenance, at);
    }

    /** The request as a reviewer reads it, several lines. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Approval needed (").append(level).append(", run ").append(runId).append(", for ").append(principal).append(")\n");
        text.append("  tool:      ").append(call.tool()).append('\n');
        text.append("  impact:    ").append(impact).append('\n');
        text.append("  arguments: ").append(call.argumentsJson()).append('\n');
        text.append("  rule:      ").append(rule).append('\n');
        text.append("  reason:    ").append(reason).append('\n');
        if (!provenance.isEmpty()) {
            text.append("  content from: ").append(String.join(", ", provenance)).append('\n');
        }
        text.append("  call hash: ").append(callHash);
        return text.toString();
    }
}
