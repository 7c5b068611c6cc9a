package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Target;
import dev.leash.core.exec.Redactor;
import dev.leash.guards.internal.ViewMemo;
import dev.leash.guards.internal.Views;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Escalation signals in a proposed call: the model reaching for credentials (credential files,
 * the environment, the variables that hold secrets), asking for credentials or wider
 * permissions, or proposing to disable a guard or edit the safety configuration. Such a call is
 * denied ({@link GuardRules#ESCALATION}) at every level, which counts toward the run's
 * termination threshold in the executor, and an {@link AuditEvent.Incident} is recorded.
 *
 * <p>Scans what the model wrote: the call's targets and its arguments (not content a tool adds
 * itself, such as a forwarded mail, which the model did not write), and what the arguments
 * decode to ({@link Views}: base64, hex, character codes, ... — {@code echo Y2F0IH4vLnNzaC9pZF9yc2E=
 * | base64 -d | sh} reaches for {@code ~/.ssh/id_rsa} as much as the plain command). Step text that never
 * reaches the executor can be checked with {@link #inspectStepText}. Thread-safe if the audit
 * sink is.
 */
public final class EscalationGuard implements Policy {

    private final AuditSink audit;
    private final EscalationSignals signals;
    private final Redactor redactor;
    private final Clock clock;

    /**
     * @param audit where incidents go
     * @param signals what to look for
     * @param redactor masks secrets in incident details (use {@link Redactor#none()} if none)
     * @param clock the time of incidents
     */
    public EscalationGuard(AuditSink audit, EscalationSignals signals, Redactor redactor, Clock clock) {
        this.audit = requireNonNull(audit, "audit is null");
        this.signals = requireNonNull(signals, "signals is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A guard that also watches the environment variable names of {@code secrets}. */
    @Inject
    public EscalationGuard(AuditSink audit, SecretRegistry secrets, Redactor redactor) {
        this(audit, new EscalationSignals(secrets.envNames()), redactor, Clock.systemUTC());
    }

    /** A guard with the default signals and no redaction. */
    public EscalationGuard(AuditSink audit) {
        this(audit, new EscalationSignals(), Redactor.none(), Clock.systemUTC());
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Optional<EscalationSignals.Signal> signal = Optional.empty();
        String where = "";
        for (Target target : call.targets()) {
            signal = signals.scan(target.value());
            if (signal.isPresent()) {
                where = "target " + target.value();
                break;
            }
        }
        if (signal.isEmpty()) {
            java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = call.call().argumentFields();
            while (fields.hasNext() && signal.isEmpty()) {
                java.util.Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                signal = signals.scan(value.isTextual() ? value.asText() : value.toString());
                where = "argument " + field.getKey();
            }
        }
        if (signal.isEmpty()) {
            // what the arguments decode to: a command sent as base64 to pipe into a shell, a path
            // as hex or character codes. The views are those the audit record and the leak guard
            // share (decoded once); the arguments' own JSON, as written and unescaped once, was
            // read above value by value, and is not read again with its keys.
            for (Views.View view : ViewMemo.of(call.call().tool() + call.call().argumentsJson())) {
                if (view.how().equals("plain") || view.how().equals("escapes")) {
                    continue;
                }
                // a decoding that only undoes marked sequences (U+ notation, entities, quoted-printable,
                // interleaving) keeps its words where they start: read once, not from three starts
                signal = signals.scanPieces(view.text(), Views.readsBytes(view.how()));
                if (signal.isPresent()) {
                    where = "the arguments, decoded (" + view.how() + "),";
                    break;
                }
            }
        }
        if (signal.isEmpty()) {
            return Optional.empty();
        }
        EscalationSignals.Signal s = signal.get();
        String detail = redactor.redact(call.tool() + ": " + where + " " + describe(s));
        record(call.run().runId(), s, detail);
        return Optional.of(Decision.deny(GuardRules.ESCALATION, call.tool() + " was not run: " + detail
                + ". This is recorded as an incident; work within the permissions you have, or escalate to a human."));
    }

    /**
     * Checks text the model wrote outside a tool call (its stated reasoning, an escalation
     * message) and records an incident if it holds a signal.
     */
    public Optional<EscalationSignals.Signal> inspectStepText(String runId, String text) {
        Optional<EscalationSignals.Signal> signal = signals.scan(text);
        signal.ifPresent(s -> record(runId, s, redactor.redact("step text " + describe(s))));
        return signal;
    }

    private void record(String runId, EscalationSignals.Signal signal, String detail) {
        audit.record(new AuditEvent.Incident(runId, clock.instant(), signal.kind().label(), GuardRules.ESCALATION, detail));
    }

    private static String describe(EscalationSignals.Signal s) {
        switch (s.kind()) {
            case CREDENTIAL_ACCESS:
                return "reaches for credentials (\"" + s.evidence() + "\")";
            case CREDENTIAL_REQUEST:
                return "asks for credentials (\"" + s.evidence() + "\")";
            case PERMISSION_REQUEST:
                return "asks for wider permissions or another safety level (\"" + s.evidence() + "\")";
            default:
                return "proposes to disable or bypass a guard (\"" + s.evidence() + "\")";
        }
    }

    @Override
    public String name() {
        return "escalation-signal";
    }
}
