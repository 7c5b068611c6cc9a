package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

/**
 * Why one call has the impact its tool refined it to, for the decision the model and a reviewer
 * see and for the audit: the rule (e.g. {@code sql.function}, {@code sql.lock}, {@code
 * sql.unparsed}) and a reason that names the function or clause responsible. Immutable.
 *
 * @param rule what fired, dotted, starting with the tool's family (never blank)
 * @param reason words a reviewer and the model can act on (never blank)
 */
public record ImpactReason(String rule, String reason) {

    public ImpactReason {
        requireNonNull(rule, "rule is null");
        requireNonNull(reason, "reason is null");
        if (rule.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("rule and reason must not be blank");
        }
    }

    public static ImpactReason of(String rule, String reason) {
        return new ImpactReason(rule, reason);
    }
}
