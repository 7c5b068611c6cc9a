package dev.leash.guards;

/** The rule names the guards put in their decisions; stable, for reports and tests. */
public final class GuardRules {

    /** A configured, environment or credential secret is in outbound content. */
    public static final String LEAK_SECRET = "leak-guard.secret";
    /** A canary token planted in the system prompt is in outbound content. */
    public static final String LEAK_CANARY = "leak-guard.canary";
    /** Untrusted content flows into a WRITE or IRREVERSIBLE call. */
    public static final String TAINT = "taint-guard";
    /** Untrusted input, sensitive data and an outward or state-changing call met in one run. */
    public static final String RULE_OF_TWO = "rule-of-two";
    /** The model asked for credentials or wider permissions, or proposed to disable a guard. */
    public static final String ESCALATION = "escalation-signal";

    private GuardRules() {
    }
}
