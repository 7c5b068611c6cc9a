package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One rule's reason for a decision, with the evidence behind it. A reason whose rule is the
 * tier's impact gate is <em>routine</em> (the call needs a human because of its impact alone);
 * any other rule (taint, Rule of Two, a sensitive source, ...) is a <em>risk flag</em>, shown to
 * a reviewer first with the untrusted text that raised it. Immutable and thread-safe.
 *
 * @param rule the rule that fired, e.g. {@code impact-gate}, {@code taint-guard}
 * @param text why, in words a reviewer and the model can act on
 * @param evidence the untrusted sources and matching text behind a flag; empty for routine reasons
 */
public record Reason(String rule, String text, List<Evidence> evidence) {

    /** The rule of the tier's impact gate; a reason with only this rule is routine. */
    public static final String IMPACT_GATE = "impact-gate";

    public Reason {
        requireNonNull(rule, "rule is null");
        requireNonNull(text, "text is null");
        evidence = List.copyOf(requireNonNull(evidence, "evidence is null"));
    }

    public static Reason of(String rule, String text) {
        return new Reason(rule, text, List.of());
    }

    public static Reason of(String rule, String text, List<Evidence> evidence) {
        return new Reason(rule, text, evidence);
    }

    /**
     * True unless this is the impact gate's routine reason ({@code impact-gate}, or {@code
     * impact-gate+sql.write} when it names what decided the call's effective impact).
     */
    public boolean isRiskFlag() {
        return !IMPACT_GATE.equals(rule) && !rule.startsWith(IMPACT_GATE + "+");
    }
}
