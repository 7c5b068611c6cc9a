package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.Alert;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ImpactReason;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolRefusal;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.schema.ArgumentValidator;
import dev.leash.core.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guarded executor: every proposed call goes through these stages, in this order, and each
 * stage's decision is audited.
 *
 * <ol>
 *   <li>the kill switch ({@link StopCheck}): a stopped run's calls are refused and the run ends;
 *       asked again right before step 8
 *   <li>resolve the tool (unknown name: refused, the model is told which tools exist)
 *   <li>validate arguments against the schema (invalid: refused with the validation errors)
 *   <li>effective impact of the call (never above the declared maximum), its targets and
 *       outbound content
 *   <li>the tier's {@link PolicyChain}: allow, deny or require approval, with the rule that fired
 *   <li>rate limits and budgets ({@link CallLimiter})
 *   <li>approval, when required: the {@link ApprovalGate} sees the exact call, bound by its hash
 *   <li>write-ahead audit record, durable before a WRITE or IRREVERSIBLE call; if it fails, denied
 *   <li>invoke with a timeout, with credentials scoped to the call's impact
 *   <li>result record; output redacted and tagged with provenance
 * </ol>
 *
 * <p>Refusals are counted in the run; once a run has {@link Settings#maxDenials()} of them it is
 * terminated and an incident is recorded. Anything unexpected in a stage denies the call (fail
 * closed). Thread-safe.
 */
public final class GuardedExecutor implements ToolExecutor {

    /**
     * Settings of the pipeline.
     *
     * @param toolTimeout how long a tool may run before it is abandoned (default 30 s)
     * @param maxDenials refusals that end a run (the tier's threshold)
     * @param maxOfferedImpact tools above this impact are not offered to the planner at all
     * @param tierName names the tier in refusals, e.g. {@code Level 1}
     */
    public record Settings(Duration toolTimeout, int maxDenials, Impact maxOfferedImpact, String tierName) {
        public Settings {
            requireNonNull(toolTimeout, "toolTimeout is null");
            if (toolTimeout.isNegative() || toolTimeout.isZero()) {
                throw new IllegalArgumentException("toolTimeout must be positive: " + toolTimeout);
            }
            if (maxDenials < 1) {
                throw new IllegalArgumentException("maxDenials must be at least 1: " + maxDenials);
            }
            requireNonNull(maxOfferedImpact, "maxOfferedImpact is null");
            requireNonNull(tierName, "tierName is null");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), 3, Impact.IRREVERSIBLE, "custom tier");
        }

        public Settings withToolTimeout(Duration timeout) {
            return new Settings(timeout, maxDenials, maxOfferedImpact, tierName);
        }

        public Settings withMaxDenials(int max) {
            return new Settings(toolTimeout, max, maxOfferedImpact, tierName);
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ToolRegistry registry;
    private final ArgumentValidator validator;
    private final PolicyChain policies;
    private final CallLimiter limiter;
    private final StopCheck stops;
    private final ApprovalGate approvals;
    private final AuditSink audit;
    private final AlertSink alerts;
    private final CredentialProvider credentials;
    private final Redactor redactor;
    private final Settings settings;
    private final Clock clock;
    private final List<ToolSpec> offered;
    private final List<String> offeredNames;
    private final ExecutorService invoker = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "leash-tool-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private GuardedExecutor(Builder b) {
        this.registry = requireNonNull(b.registry, "registry is null");
        this.validator = b.validator == null ? new ArgumentValidator() : b.validator;
        this.policies = requireNonNull(b.policies, "policies is null: a tier must give its policy chain");
        this.limiter = b.limiter == null ? CallLimiter.unlimited() : b.limiter;
        this.stops = b.stops == null ? StopCheck.none() : b.stops;
        this.approvals = b.approvals == null ? ApprovalGate.denyAll() : b.approvals;
        this.audit = requireNonNull(b.audit, "audit is null");
        this.alerts = b.alerts == null ? AlertSink.none() : b.alerts;
        this.credentials = b.credentials == null ? CredentialProvider.none() : b.credentials;
        this.redactor = b.redactor == null ? Redactor.none() : b.redactor;
        this.settings = b.settings == null ? Settings.defaults() : b.settings;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        for (ToolSpec spec : registry.specs()) {
            validator.check(spec);
        }
        // The registry and the settings are fixed, so what the planner is offered is too.
        this.offered = registry.tools().stream()
                .filter(tool -> lowestImpact(tool).isAtMost(settings.maxOfferedImpact()))
                .map(Tool::spec)
                .toList();
        this.offeredNames = offered.stream().map(ToolSpec::name).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Settings settings() {
        return settings;
    }

    public PolicyChain policies() {
        return policies;
    }

    @Override
    public List<ToolSpec> offeredTools() {
        return offered;
    }

    private static Impact lowestImpact(Tool tool) {
        try {
            Impact lowest = tool.lowestImpact();
            return lowest == null ? tool.spec().impact() : lowest;
        } catch (RuntimeException e) {
            return tool.spec().impact();
        }
    }

    @Override
    public Observation execute(ToolCall call, RunContext run) {
        try {
            return pipeline(call, run);
        } catch (RuntimeException e) {
            // A stage failed unexpectedly: fail closed.
            decided(run, call, null, "executor", new Decision.Deny("executor-error", "internal error: " + e));
            return refuse(run, call, null, Status.DENIED, "executor-error",
                    "the call could not be checked (" + e.getClass().getSimpleName() + ") and was not run");
        }
    }

    private Observation pipeline(ToolCall call, RunContext run) {
        // 0. kill switch: a stopped run proposes nothing more
        Optional<Observation> stopped = stopIfStopped(run, call, null);
        if (stopped.isPresent()) {
            return stopped.get();
        }

        // 1. resolve
        Optional<Tool> found = registry.find(call.tool());
        if (found.isEmpty() || !offeredNames.contains(call.tool())) {
            String reason = found.isEmpty()
                    ? "there is no tool named '" + call.tool() + "'"
                    : "the tool '" + call.tool() + "' is not available at " + settings.tierName();
            decided(run, call, null, "resolve", new Decision.Deny(found.isEmpty() ? "unknown-tool" : "impact-gate", reason));
            return refuse(run, call, null, found.isEmpty() ? Status.UNKNOWN_TOOL : Status.DENIED,
                    found.isEmpty() ? "unknown-tool" : "impact-gate",
                    reason + ". Available tools: " + String.join(", ", offeredNames));
        }
        Tool tool = found.get();
        ToolSpec spec = tool.spec();

        // 2. validate
        List<String> problems = validator.validate(spec, call.arguments());
        if (!problems.isEmpty()) {
            String reason = "invalid arguments for " + spec.name() + ": " + String.join("; ", problems);
            decided(run, call, spec.impact(), "validate", new Decision.Deny("schema", reason));
            return refuse(run, call, spec, Status.INVALID_ARGUMENTS, "schema", reason);
        }

        // 3. effective impact, targets, outbound content (no side effects; failures deny)
        Impact impact = effectiveImpact(tool, call, run);
        List<Target> targets;
        OutboundContent outbound;
        try {
            targets = requireNonNull(tool.targets(call), "targets");
            outbound = requireNonNull(tool.outbound(call), "outbound");
        } catch (RuntimeException e) {
            // The tool refused the call itself (a path escape, a private address) or could not say
            // what it would do: either way it does not run.
            String rule = e instanceof ToolRefusal refusal ? refusal.rule() : "tool-inspection";
            String reason = e instanceof ToolRefusal ? e.getMessage() : spec.name() + " could not describe this call: " + e.getMessage();
            decided(run, call, impact, "impact", new Decision.Deny(rule, reason));
            return refuse(run, call, spec, Status.DENIED, rule, reason);
        }
        Optional<ImpactReason> impactReason = impactReason(tool, call, impact);
        decided(run, call, impact, "impact", new Decision.Allow(impactReason.map(ImpactReason::rule).orElse("impact"),
                "effective impact " + impact + impactReason.map(r -> ": " + r.reason()).orElse("")));
        ProposedCall proposed = new ProposedCall(call, spec, impact, targets, outbound, run, impactReason);

        // 4. policies
        Decision decision = policies.evaluate(proposed);
        decided(run, call, impact, "policy", decision);
        if (decision instanceof Decision.Deny deny) {
            return refuse(run, call, spec, Status.DENIED, deny.rule(), deny.reason());
        }

        // 5. limits and budgets
        Optional<Decision.Deny> limited;
        try {
            limited = limiter.admit(proposed);
        } catch (RuntimeException e) {
            limited = Optional.of(new Decision.Deny("limits-error", "the limits could not be checked: " + e.getMessage()));
        }
        if (limited.isPresent()) {
            decided(run, call, impact, "limits", limited.get());
            return refuse(run, call, spec, Status.DENIED, limited.get().rule(), limited.get().reason());
        }

        // From here on the call holds what the limits gave it: if it does not run, give it back.
        boolean settled = false;
        try {
            // 6. approval
            if (decision instanceof Decision.RequireApproval needed) {
                Optional<Observation> refused = approve(run, call, spec, impact, needed);
                if (refused.isPresent()) {
                    return refused.get();
                }
            }

            // 7. write-ahead
            AuditEvent.ExecutionStarted started = new AuditEvent.ExecutionStarted(run.runId(), clock.instant(), call.id(),
                    spec.name(), impact, call.arguments());
            try {
                if (impact.isAbove(Impact.READ)) {
                    audit.recordDurably(started);
                } else {
                    audit.record(started);
                }
            } catch (RuntimeException e) {
                String reason = "the write-ahead audit record could not be written (" + e.getMessage()
                        + "); the call was not run";
                decided(run, call, impact, "write_ahead", new Decision.Deny("audit.write-ahead", reason));
                return refuse(run, call, spec, Status.DENIED, "audit.write-ahead", reason);
            }

            // 8. invoke, unless the run was stopped meanwhile (the last moment a stop can act)
            Optional<Observation> stoppedLate = stopIfStopped(run, call, impact);
            if (stoppedLate.isPresent()) {
                return stoppedLate.get();
            }
            settled = true;
            settle(proposed);
            return invoke(tool, call, impact, run);
        } finally {
            if (!settled) {
                release(proposed);
            }
        }
    }

    /**
     * Asks the kill switch; a stop (or a kill switch that fails) denies the call, records an
     * incident naming who stopped the run, and terminates it.
     */
    private Optional<Observation> stopIfStopped(RunContext run, ToolCall call, Impact impact) {
        Optional<StopCheck.Stop> stop;
        try {
            stop = stops.stopped(run);
        } catch (RuntimeException e) {
            stop = Optional.of(new StopCheck.Stop("kill-switch.error", "system",
                    "the kill switch could not be read: " + e.getMessage()));
        }
        if (stop.isEmpty()) {
            return Optional.empty();
        }
        StopCheck.Stop s = stop.get();
        String why = "run stopped by " + s.stoppedBy() + " (" + s.rule() + "): " + s.reason();
        decided(run, call, impact, "kill_switch", new Decision.Deny(s.rule(), why));
        if (run.termination().isEmpty()) {
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "kill_switch", s.rule(), redactor.redact(why)));
            alert(run, "incident", call.tool(), s.rule(), why);
            run.terminate(s.rule(), why);
        }
        return Optional.of(Observation.refused(call, Status.DENIED, s.rule(), redactor.redact(why)));
    }

    private void release(ProposedCall proposed) {
        try {
            limiter.release(proposed);
        } catch (RuntimeException e) {
            // A budget that cannot be given back stays spent: the safe side.
        }
    }

    private void settle(ProposedCall proposed) {
        try {
            limiter.settle(proposed);
        } catch (RuntimeException e) {
            // Nothing to undo.
        }
    }

    /** The tool's reason for the impact, only when the impact is the tool's own refinement. */
    private static Optional<ImpactReason> impactReason(Tool tool, ToolCall call, Impact impact) {
        try {
            if (!impact.equals(tool.impactOf(call))) {
                return Optional.empty();
            }
            Optional<ImpactReason> reason = tool.impactReason(call);
            return reason == null ? Optional.empty() : reason;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Impact effectiveImpact(Tool tool, ToolCall call, RunContext run) {
        Impact declared = tool.spec().impact();
        Impact refined;
        try {
            refined = tool.impactOf(call);
        } catch (RuntimeException e) {
            refined = null;
        }
        if (refined == null) {
            return declared;
        }
        if (refined.isAbove(declared)) {
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "impact_above_declared", "impact",
                    tool.spec().name() + " refined a call to " + refined + " above its declared " + declared));
            return declared;
        }
        return refined;
    }

    private Optional<Observation> approve(RunContext run, ToolCall call, ToolSpec spec, Impact impact,
                                          Decision.RequireApproval needed) {
        List<String> provenance = untrustedSources(run);
        ApprovalRequest request = ApprovalRequest.of(run.runId(), run.principal(), run.level(), call, impact,
                needed, provenance, clock.instant(), ApprovalRequest.DEFAULT_EXPIRY);
        audit.record(new AuditEvent.ApprovalRequested(run.runId(), request.requestedAt(), call.id(), spec.name(),
                call.arguments(), impact, needed.rule(), needed.reason(), request.callHash(), provenance));
        ApprovalResult result;
        try {
            result = approvals.review(request);
            if (result == null) {
                result = new ApprovalResult.Failed("system", "the gate returned no answer", clock.instant());
            }
        } catch (RuntimeException e) {
            result = new ApprovalResult.Failed("system", "the gate failed: " + e, clock.instant());
        }
        boolean approved = result.approves(request);
        run.recordApproval(approved);
        String detail = detailOf(result, request);
        audit.record(new AuditEvent.ApprovalAnswered(run.runId(), clock.instant(), call.id(), request.callHash(),
                result.kind(), result.reviewer(), detail));
        alert(run, approved ? "approval" : "denial", spec.name(), needed.rule(),
                spec.name() + " " + (approved ? "approved by " : "not approved: ") + (approved ? result.reviewer() : detail));
        if (approved) {
            decided(run, call, impact, "approval", new Decision.Allow("approval", "approved by " + result.reviewer()));
            return Optional.empty();
        }
        String reason = "a human reviewer did not approve this call (" + detail + "); it needed approval because: "
                + needed.reason();
        decided(run, call, impact, "approval", new Decision.Deny("approval." + result.kind(), reason));
        return Optional.of(refuse(run, call, spec, Status.DENIED, needed.rule(), reason, false));
    }

    private static String detailOf(ApprovalResult result, ApprovalRequest request) {
        if (result instanceof ApprovalResult.Approved a) {
            return a.callHash().equals(request.callHash()) ? "approved" : "approval was for different arguments";
        }
        if (result instanceof ApprovalResult.Rejected r) {
            return "rejected: " + r.reason();
        }
        if (result instanceof ApprovalResult.TimedOut) {
            return "no answer in time";
        }
        return "gate failed: " + ((ApprovalResult.Failed) result).error();
    }

    private static List<String> untrustedSources(RunContext run) {
        Set<String> sources = new LinkedHashSet<>();
        for (Observation observation : run.observations()) {
            if (observation.provenance().isUntrusted()) {
                sources.addAll(observation.provenance().sources());
            }
        }
        return new ArrayList<>(sources);
    }

    private Observation invoke(Tool tool, ToolCall call, Impact impact, RunContext run) {
        Instant start = clock.instant();
        Instant deadline = start.plus(settings.toolTimeout());
        ToolContext context = new CallContext(run, impact, deadline, credentials);
        Future<ToolResult> future = invoker.submit(() -> tool.execute(call, context));
        String name = tool.spec().name();
        try {
            ToolResult result = future.get(settings.toolTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                throw new ExecutionException(new IllegalStateException("the tool returned no result"));
            }
            String content = redactor.redact(result.content());
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name, Status.OK.name(),
                    millisSince(start), result.provenance(), ""));
            return Observation.ok(call, content, result.provenance());
        } catch (TimeoutException e) {
            future.cancel(true);
            String message = name + " did not finish within " + settings.toolTimeout().toMillis() + " ms and was abandoned";
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                    Status.TIMED_OUT.name(), millisSince(start), Provenance.trusted("leash"), message));
            return Observation.failed(call, Status.TIMED_OUT, message);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = name + " failed: " + redactor.redact(String.valueOf(cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                    Status.FAILED.name(), millisSince(start), Provenance.trusted("leash"), message));
            return Observation.failed(call, Status.FAILED, message);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            String message = name + " was interrupted";
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                    Status.FAILED.name(), millisSince(start), Provenance.trusted("leash"), message));
            return Observation.failed(call, Status.FAILED, message);
        }
    }

    private long millisSince(Instant start) {
        return Duration.between(start, clock.instant()).toMillis();
    }

    private Observation refuse(RunContext run, ToolCall call, ToolSpec spec, Status status, String rule, String reason) {
        return refuse(run, call, spec, status, rule, reason, true);
    }

    private Observation refuse(RunContext run, ToolCall call, ToolSpec spec, Status status, String rule, String reason,
                               boolean raiseAlert) {
        String text = redactor.redact(reason);
        if (raiseAlert) {
            alert(run, "denial", call.tool(), rule, call.tool() + " denied: " + text);
        }
        int denials = run.recordDenial();
        if (denials >= settings.maxDenials() && run.termination().isEmpty()) {
            String why = "the run reached " + denials + " refused calls, the limit at " + settings.tierName()
                    + "; persistent attempts end the run";
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "persistence", "persistence.max_denials", why));
            alert(run, "incident", call.tool(), "persistence.max_denials", why);
            run.terminate("persistence.max_denials", why);
        }
        return Observation.refused(call, status, rule, text);
    }

    private void decided(RunContext run, ToolCall call, Impact impact, String stage, Decision decision) {
        audit.record(new AuditEvent.CallDecided(run.runId(), clock.instant(), call.id(), call.tool(), impact, stage,
                decision.kind(), decision.rule(), redactor.redact(decision.reason())));
    }

    private void alert(RunContext run, String kind, String tool, String rule, String message) {
        try {
            alerts.alert(new Alert(clock.instant(), kind, run.runId(), tool, rule, redactor.redact(message)));
        } catch (RuntimeException ignored) {
            // Alerting must never change the outcome of a call.
        }
    }

    /** Per-call view for tools. */
    private record CallContext(RunContext run, Impact impact, Instant deadline, CredentialProvider credentials)
            implements ToolContext {
        @Override
        public String runId() {
            return run.runId();
        }

        @Override
        public String principal() {
            return run.principal();
        }

        @Override
        public Optional<Credential> credential(String service) {
            return credentials.credential(service, impact).filter(c -> c.impact().isAtMost(impact));
        }
    }

    /** Assembles a {@link GuardedExecutor}; registry, policies and audit are required. */
    public static final class Builder {
        private ToolRegistry registry;
        private ArgumentValidator validator;
        private PolicyChain policies;
        private CallLimiter limiter;
        private StopCheck stops;
        private ApprovalGate approvals;
        private AuditSink audit;
        private AlertSink alerts;
        private CredentialProvider credentials;
        private Redactor redactor;
        private Settings settings;
        private Clock clock;

        public Builder registry(ToolRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder validator(ArgumentValidator validator) {
            this.validator = validator;
            return this;
        }

        public Builder policies(PolicyChain policies) {
            this.policies = policies;
            return this;
        }

        public Builder limiter(CallLimiter limiter) {
            this.limiter = limiter;
            return this;
        }

        /** The kill switch, asked before each call and right before it runs. Default: {@link StopCheck#none()}. */
        public Builder stops(StopCheck stops) {
            this.stops = stops;
            return this;
        }

        /** Default: deny every approval request. */
        public Builder approvals(ApprovalGate approvals) {
            this.approvals = approvals;
            return this;
        }

        public Builder audit(AuditSink audit) {
            this.audit = audit;
            return this;
        }

        public Builder alerts(AlertSink alerts) {
            this.alerts = alerts;
            return this;
        }

        public Builder credentials(CredentialProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder redactor(Redactor redactor) {
            this.redactor = redactor;
            return this;
        }

        public Builder settings(Settings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public GuardedExecutor build() {
            return new GuardedExecutor(this);
        }
    }
}
