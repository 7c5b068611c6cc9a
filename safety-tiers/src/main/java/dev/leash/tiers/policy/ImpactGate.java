package dev.leash.tiers.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import java.util.Optional;

/**
 * The impact gate of a safety level: what each impact may do unattended (rule {@value #RULE}).
 *
 * <table>
 *   <caption>Decisions</caption>
 *   <tr><th></th><th>Level 1</th><th>Level 2</th><th>Level 3</th></tr>
 *   <tr><td>READ</td><td>allow</td><td>allow</td><td>allow</td></tr>
 *   <tr><td>WRITE</td><td>deny</td><td>allow (the allowlists still apply)</td><td>approval</td></tr>
 *   <tr><td>IRREVERSIBLE</td><td>deny</td><td>approval</td><td>approval</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class ImpactGate implements Policy {

    /** The rule name in decisions and audit records. */
    public static final String RULE = "impact-gate";

    private final SafetyLevel level;

    public ImpactGate(SafetyLevel level) {
        this.level = requireNonNull(level, "level is null");
    }

    /** What this gate does with a call of {@code impact}, without asking about a particular call. */
    public static Treatment treatment(SafetyLevel level, Impact impact) {
        if (impact == Impact.READ) {
            return Treatment.ALLOWED;
        }
        switch (level) {
            case LEVEL_1:
                return Treatment.DENIED;
            case LEVEL_2:
                return impact == Impact.WRITE ? Treatment.ALLOWED_INSIDE_ALLOWLISTS : Treatment.APPROVAL;
            default:
                return Treatment.APPROVAL;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the tool said why the call has its impact ({@link ProposedCall#impactReason()}, e.g.
     * {@code sql.function}), an approval or a denial carries that rule joined to {@value #RULE}
     * ({@code impact-gate+sql.function}) and its reason, so the function or clause responsible is
     * in the decision.
     */
    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Impact impact = call.impact();
        String what = call.tool() + " (" + impact + ")";
        String rule = call.impactReason().map(r -> RULE + "+" + r.rule()).orElse(RULE);
        String because = call.impactReason().map(r -> " (" + call.tool() + " is " + impact + " here because "
                + r.reason() + ")").orElse("");
        switch (treatment(level, impact)) {
            case ALLOWED:
                return Optional.of(Decision.allow(RULE, what + " is allowed at " + level));
            case ALLOWED_INSIDE_ALLOWLISTS:
                return Optional.of(Decision.allow(RULE, what + " is allowed at " + level + " inside the allowlists"));
            case APPROVAL:
                return Optional.of(Decision.requireApproval(rule, impact + " calls need a human's approval at " + level
                        + because));
            default:
                return Optional.of(Decision.deny(rule, impact + " calls are not allowed at " + level
                        + "; only READ tools may be used" + because));
        }
    }

    @Override
    public String name() {
        return RULE;
    }
}
