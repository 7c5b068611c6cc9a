package dev.leash.tiers.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
    /** The text of an allow after the tool's name, by impact (" (READ) is allowed at Level 2"). */
    private final Map<Impact, String> allowed = new EnumMap<>(Impact.class);

    public ImpactGate(SafetyLevel level) {
        this.level = requireNonNull(level, "level is null");
        for (Impact impact : Impact.values()) {
            switch (treatment(level, impact)) {
                case ALLOWED -> allowed.put(impact, " (" + impact + ") is allowed at " + level);
                case ALLOWED_INSIDE_ALLOWLISTS -> allowed.put(impact, " (" + impact + ") is allowed at " + level
                        + " inside the allowlists");
                default -> {
                }
            }
        }
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
     * {@code sql.function}), a denial carries that rule joined to {@value #RULE}
     * ({@code impact-gate+sql.function}) and its reason, so the function or clause responsible is
     * in the decision. An approval carries it as a second reason, a risk flag, when the impact is
     * hidden in the call ({@link ImpactReason#riskFlag()}: a SELECT that writes a file); otherwise
     * the reason is named in the impact gate's own, routine text (a plain UPDATE or DROP).
     */
    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Impact impact = call.impact();
        String allow = allowed.get(impact);
        if (allow != null) {
            return Optional.of(Decision.allow(RULE, call.tool() + allow));
        }
        // Approval or denial: only these name the tool's reason for the impact.
        return Optional.of(restricted(call, impact));
    }

    private Decision restricted(ProposedCall call, Impact impact) {
        String rule = call.impactReason().map(r -> RULE + "+" + r.rule()).orElse(RULE);
        String because = call.impactReason().map(r -> " (" + call.tool() + " is " + impact + " here because "
                + r.reason() + ")").orElse("");
        switch (treatment(level, impact)) {
            case APPROVAL:
                String text = impact + " calls need a human's approval at " + level;
                if (call.impactReason().isPresent() && call.impactReason().get().riskFlag()) {
                    // The impact is hidden in the call (a SELECT that writes a file): a flag of its own.
                    ImpactReason hidden = call.impactReason().get();
                    return Decision.RequireApproval.combining(List.of(Reason.of(RULE, text),
                            Reason.of(hidden.rule(), call.tool() + " is " + impact + " here because " + hidden.reason())));
                }
                return Decision.RequireApproval.of(Reason.of(RULE, text + because));
            default:
                return Decision.deny(rule, impact + " calls are not allowed at " + level
                        + "; only READ tools may be used" + because);
        }
    }

    @Override
    public String name() {
        return RULE;
    }
}
