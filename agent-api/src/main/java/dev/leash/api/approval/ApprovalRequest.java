package dev.leash.api.approval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a reviewer is asked: the exact tool, arguments, impact and every reason, bound to one run,
 * one call and a hash of exactly those arguments, valid until it expires. Risk flags (reasons other
 * than the tier's impact gate) come first, each with the untrusted text that raised it.
 * Immutable and thread-safe.
 *
 * @param runId the run
 * @param principal who the agent acts for
 * @param level the safety level
 * @param call the exact call; its {@link ToolCall#id()} binds an answer to this one call
 * @param impact its effective impact
 * @param rule the rules that asked for approval, joined by {@code +}
 * @param reason the reasons' texts, joined
 * @param reasons every rule that asked, with its reason and evidence, in chain order
 * @param callHash {@link CallHash#of(ToolCall)} of {@code call}; an approval is valid only for it
 * @param provenance where untrusted content the run has seen came from
 * @param requestedAt when the request was made
 * @param expiresAt after this instant an answer no longer counts (expired is denied)
 */
public record ApprovalRequest(String runId, String principal, SafetyLevel level, ToolCall call, Impact impact,
                              String rule, String reason, List<Reason> reasons, String callHash,
                              List<String> provenance, Instant requestedAt, Instant expiresAt) {

    /** How long a request stays answerable when nothing else is configured. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

    public ApprovalRequest {
        requireNonNull(runId, "runId is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(level, "level is null");
        requireNonNull(call, "call is null");
        requireNonNull(impact, "impact is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(reason, "reason is null");
        reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an approval request needs at least one reason");
        }
        requireNonNull(callHash, "callHash is null");
        provenance = List.copyOf(requireNonNull(provenance, "provenance is null"));
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (!callHash.equals(CallHash.of(call))) {
            throw new IllegalArgumentException("callHash does not match the call");
        }
        if (expiresAt.isBefore(requestedAt)) {
            throw new IllegalArgumentException("expiresAt is before requestedAt");
        }
    }

    /** A request with a single reason, hashing the call, expiring after {@link #DEFAULT_EXPIRY}. */
    public static ApprovalRequest of(String runId, String principal, SafetyLevel level, ToolCall call, Impact impact,
                                     String rule, String reason, List<String> provenance, Instant at) {
        return new ApprovalRequest(runId, principal, level, call, impact, rule, reason, List.of(Reason.of(rule, reason)),
                CallHash.of(call), provenance, at, at.plus(DEFAULT_EXPIRY));
    }

    /** A request for what {@code decision} asks, hashing the call. */
    public static ApprovalRequest of(String runId, String principal, SafetyLevel level, ToolCall call, Impact impact,
                                     Decision.RequireApproval decision, List<String> provenance, Instant at,
                                     Duration expiry) {
        return new ApprovalRequest(runId, principal, level, call, impact, decision.rule(), decision.reason(),
                decision.reasons(), CallHash.of(call), provenance, at, at.plus(expiry));
    }

    /** The call's id within its run. */
    public String callId() {
        return call.id();
    }

    /** The reasons that are risk flags, in order; empty when the request is routine. */
    public List<Reason> flags() {
        return reasons.stream().filter(Reason::isRiskFlag).toList();
    }

    /** True when the only reason is the tier's impact gate. */
    public boolean routine() {
        return flags().isEmpty();
    }

    /** True when {@code now} is past {@link #expiresAt()}. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(expiresAt);
    }

    /** The request as a reviewer reads it, several lines, risk flags first. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Approval needed (").append(level).append(", run ").append(runId).append(", for ").append(principal).append(")\n");
        List<Reason> flags = flags();
        text.append(flags.isEmpty() ? "  ROUTINE: the only reason is the tier's impact gate\n"
                : "  " + flags.size() + " RISK FLAG" + (flags.size() == 1 ? "" : "S") + ": read these first\n");
        for (Reason flag : flags) {
            text.append("  RISK FLAG ").append(flag.rule()).append(": ").append(HiddenCharacters.reveal(flag.text())).append('\n');
            for (Evidence e : flag.evidence()) {
                text.append("    from ").append(e.source()).append(": \"").append(HiddenCharacters.reveal(e.text())).append("\"\n");
            }
        }
        text.append("  tool:      ").append(call.tool()).append('\n');
        text.append("  impact:    ").append(impact).append('\n');
        // what is approved is what is read: characters that show as nothing are written out
        text.append("  arguments: ").append(HiddenCharacters.reveal(call.argumentsJson())).append('\n');
        for (Reason r : reasons) {
            if (!r.isRiskFlag()) {
                text.append("  rule:      ").append(r.rule()).append('\n');
                text.append("  reason:    ").append(r.text()).append('\n');
            }
        }
        if (!provenance.isEmpty()) {
            text.append("  content from: ").append(String.join(", ", provenance)).append('\n');
        }
        text.append("  call hash: ").append(callHash);
        return text.toString();
    }
}
