package dev.leash.api.plan;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import java.util.List;
import java.util.Optional;

/**
 * What came of one proposed call, as the planner will see it. A refusal is not an exception: it
 * is an observation that says what was blocked, by which rule, and what the agent may do instead.
 *
 * @param call the call as proposed
 * @param status what happened
 * @param content the result for the model (already redacted), or the explanation of the refusal
 * @param provenance where the content came from; trusted for refusals Leash wrote itself
 * @param rule the rule that fired, for refusals (e.g. {@code impact-gate}, {@code allowlist.email_domains})
 * @param alternatives what the agent may do instead, for refusals
 */
public record Observation(ToolCall call, Status status, String content, Provenance provenance,
                          Optional<String> rule, List<String> alternatives) {

    /** The kinds of outcome a call can have. */
    public enum Status {
        /** The tool ran and returned a result. */
        OK,
        /** No tool has that name; the content lists the tools that exist. */
        UNKNOWN_TOOL,
        /** The arguments did not match the schema; the content says what was wrong. */
        INVALID_ARGUMENTS,
        /** A policy, limit or reviewer refused the call; it did not run. */
        DENIED,
        /** The tool ran and threw. */
        FAILED,
        /** The tool did not finish within its timeout; it was abandoned. */
        TIMED_OUT,
        /** The call was not attempted because the run ended first. */
        SKIPPED,
        /**
         * The call waits for a human: it did not run, the run suspends, and on resume this
         * observation is replaced by what came of the reviewer's answer.
         */
        PENDING_APPROVAL;

        /** True for refusals that count toward the tier's denial threshold. */
        public boolean isRefusal() {
            return this == DENIED || this == UNKNOWN_TOOL || this == INVALID_ARGUMENTS;
        }
    }

    /** What a refused agent may do next. */
    public static final List<String> DEFAULT_ALTERNATIVES =
            List.of("re-plan within what is allowed", "escalate to a human", "finish and report what was blocked");

    public Observation {
        requireNonNull(call, "call is null");
        requireNonNull(status, "status is null");
        requireNonNull(content, "content is null");
        requireNonNull(provenance, "provenance is null");
        rule = rule == null ? Optional.empty() : rule;
        alternatives = List.copyOf(requireNonNull(alternatives, "alternatives is null"));
    }

    public static Observation ok(ToolCall call, String content, Provenance provenance) {
        return new Observation(call, Status.OK, content, provenance, Optional.empty(), List.of());
    }

    public static Observation denied(ToolCall call, String rule, String reason) {
        return new Observation(call, Status.DENIED, reason, Provenance.trusted("leash"), Optional.of(rule), DEFAULT_ALTERNATIVES);
    }

    public static Observation refused(ToolCall call, Status status, String rule, String reason) {
        return new Observation(call, status, reason, Provenance.trusted("leash"), Optional.of(rule), DEFAULT_ALTERNATIVES);
    }

    public static Observation failed(ToolCall call, Status status, String message) {
        return new Observation(call, status, message, Provenance.trusted("leash"), Optional.empty(),
                List.of("retry with different arguments", "try another tool", "escalate to a human"));
    }

    private static final String PENDING_PREFIX = "waiting for a reviewer's answer to request ";

    /** A call waiting for a reviewer; the content names the pending request. */
    public static Observation pending(ToolCall call, String requestId) {
        requireNonNull(requestId, "requestId is null");
        return new Observation(call, Status.PENDING_APPROVAL, PENDING_PREFIX + requestId,
                Provenance.trusted("leash"), Optional.of("approval.pending"), List.of());
    }

    /** The request this call waits for, when it is {@link Status#PENDING_APPROVAL}. */
    public Optional<String> pendingRequestId() {
        return status == Status.PENDING_APPROVAL && content.startsWith(PENDING_PREFIX)
                ? Optional.of(content.substring(PENDING_PREFIX.length()))
                : Optional.empty();
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /**
     * The observation as text for a model: the result, or a structured refusal such as
     * {@code DENIED by rule impact-gate: ... You may: re-plan ...}.
     */
    public String toModelText() {
        if (status == Status.OK) {
            return content;
        }
        StringBuilder text = new StringBuilder(status.name());
        rule.ifPresent(r -> text.append(" by rule ").append(r));
        text.append(": ").append(content);
        if (!alternatives.isEmpty()) {
            text.append(" You may: ").append(String.join("; ", alternatives)).append('.');
        }
        return text.toString();
    }
}
