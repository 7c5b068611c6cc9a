package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Policy;
import dev.leash.core.exec.Redactor;
import java.time.Clock;
import java.util.List;

/**
 * Builds the guards without Guice, for code that assembles a {@code GuardedExecutor} by hand
 * (tests, the red-team harness). The same objects {@link GuardsModule} binds.
 */
public final class Guards {

    private Guards() {
    }

    /**
     * The four guard policies, in the order to put them in a policy chain: before the tier's own
     * policies, so that when several ask for approval the reviewer reads the guard's reason (the
     * chain keeps the first require-approval; any deny wins wherever it is).
     *
     * @param secrets the secrets and canaries to protect
     * @param sensitive paths and tables marked sensitive, for the Rule of Two
     * @param audit where escalation incidents go
     */
    public static List<Policy> policies(SecretRegistry secrets, SensitiveData sensitive, AuditSink audit) {
        requireNonNull(secrets, "secrets is null");
        requireNonNull(sensitive, "sensitive is null");
        requireNonNull(audit, "audit is null");
        LeakDetector detector = new LeakDetector(secrets);
        return List.of(new LeakGuard(detector), new TaintGuard(), new RuleOfTwo(detector, sensitive),
                new EscalationGuard(audit, new EscalationSignals(secrets.envNames()), new SecretRedactor(detector),
                        Clock.systemUTC()));
    }

    /** The redactor for {@code secrets}: give it to the executor and the loop. */
    public static Redactor redactor(SecretRegistry secrets) {
        return new SecretRedactor(requireNonNull(secrets, "secrets is null"));
    }
}
