package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunContext;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.loop.StepInspector;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Escalation signals in what the model writes outside its calls: asking for credentials or wider
 * permissions, or proposing to disable a guard, in the text beside its calls, its answer or its
 * reason to escalate. Each is an incident (recorded by {@link EscalationGuard#inspectStepText})
 * and counts as a refusal toward the tier's threshold; at the threshold the run is ended.
 * Thread-safe.
 */
public final class EscalationStepInspector implements StepInspector {

    private final EscalationGuard guard;
    private final GuardedExecutor.Settings settings;
    private final AuditSink audit;
    private final Clock clock;

    @Inject
    public EscalationStepInspector(EscalationGuard guard, GuardedExecutor.Settings settings, AuditSink audit) {
        this(guard, settings, audit, Clock.systemUTC());
    }

    public EscalationStepInspector(EscalationGuard guard, GuardedExecutor.Settings settings, AuditSink audit, Clock clock) {
        this.guard = requireNonNull(guard, "guard is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void inspect(Step step, RunContext run) {
        String text = StepInspector.textOf(step);
        if (text.isBlank() || guard.inspectStepText(run.runId(), text).isEmpty()) {
            return;
        }
        int denials = run.recordDenial();
        if (denials >= settings.maxDenials() && run.termination().isEmpty()) {
            String why = "the run reached " + denials + " refusals, the limit at " + settings.tierName()
                    + " (the last an escalation signal in the model's own words)";
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "persistence", "persistence.max_denials", why));
            run.terminate("persistence.max_denials", why);
        }
    }
}
