package dev.leash.core.exec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.leash.api.policy.Reason;
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
import dev.leash.api.tool.ToolRecorder;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

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
 *   <li>invoke with a timeout, with credentials scoped to the call's impact (on the calling thread;
 *       a {@link Watchdog} interrupts it at the timeout)
 *   <li>result record; output redacted and tagged with provenance; a trusted result from a store
 *       that a call wrote after its run had read untrusted content is untrusted ({@link TaintedStores})
 * </ol>
 *
 * <p><b>Suspending.</b> A gate that cannot answer at once returns {@link ApprovalResult.Pending}:
 * the call does not run, the executor keeps what the limits gave it, and returns an observation
 * {@link Status#PENDING_APPROVAL}; the loop then suspends the run. {@link #resume} later puts the
 * same call through the pipeline again (policies and limits re-checked) with the reviewer's
 * stored answer in place of the gate: only an approval for exactly this call's hash lets it run.
 *
 * <p>Refusals are counted in the run; once a run has {@link Settings#maxDenials()} of them it is
 * terminated and an incident is recorded. Anything unexpected in a stage denies the call (fail
 * closed). Thread-safe.
 */
public final class GuardedExecutor implements ToolExecutor {

    /**
     * Settings of the pipeline.
     *
     * @param toolTimeout how long a tool may run before it is interrupted and its result discarded (default 30 s)
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

    /** The allow decision of the impact stage when the tool gives no reason, one per impact (they are constants). */
    private static final Map<Impact, Decision.Allow> IMPACT_DECISIONS;

    static {
        Map<Impact, Decision.Allow> decisions = new java.util.EnumMap<>(Impact.class);
        for (Impact impact : Impact.values()) {
            decisions.put(impact, new Decision.Allow("impact", "effective impact " + impact));
        }
        IMPACT_DECISIONS = decisions;
    }

    private final ToolRegistry registry;
    private final ArgumentValidator validator;
    private final PolicyChain policies;
    private final CallLimiter limiter;
    private final StopCheck stops;
    private final ApprovalGate approvals;
    private final AuditSink audit;
    private final AlertSink alerts;
    private final CredentialProvider credentials;
    private final ToolRecorder recorder;
    private final Redactor redactor;
    private final Settings settings;
    private final Clock clock;
    private final List<ToolSpec> offered;
    private final List<String> offeredNames;
    private final Set<String> offeredNameSet;
    private final Watchdog watchdog;
    private final Duration approvalExpiry;
    private final TaintedStores taintedStores;
    // Budgets held by calls that wait for a reviewer, by run id and call id.
    private final Map<String, ProposedCall> held = new ConcurrentHashMap<>();

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
        this.recorder = b.recorder == null ? ToolRecorder.none() : b.recorder;
        this.redactor = b.redactor == null ? Redactor.none() : b.redactor;
        this.settings = b.settings == null ? Settings.defaults() : b.settings;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.watchdog = b.watchdog == null ? Watchdog.shared() : b.watchdog;
        this.approvalExpiry = b.approvalExpiry == null ? ApprovalRequest.DEFAULT_EXPIRY : b.approvalExpiry;
        this.taintedStores = b.taintedStores == null ? TaintedStores.inMemory() : b.taintedStores;
        for (ToolSpec spec : registry.specs()) {
            validator.check(spec);
        }
        // The registry and the settings are fixed, so what the planner is offered is too.
        this.offered = registry.tools().stream()
                .filter(tool -> lowestImpact(tool).isAtMost(settings.maxOfferedImpact()))
                .map(Tool::spec)
                .toList();
        this.offeredNames = offered.stream().map(ToolSpec::name).toList();
        this.offeredNameSet = Set.copyOf(offeredNames);
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
        return guarded(call, run, null);
    }

    /**
     * Continues a call that waited for a reviewer: the whole pipeline again, with {@code answer}
     * (taken from the store, bound to this run, call and hash) in place of the gate. Only an
     * approval of exactly this call lets it run; anything else is a refusal the planner sees.
     */
    @Override
    public Observation resume(ToolCall call, RunContext run, ApprovalResult answer) {
        requireNonNull(answer, "answer is null");
        return guarded(call, run, answer);
    }

    private Observation guarded(ToolCall call, RunContext run, ApprovalResult answer) {
        // A resumed call that held budget in this process: the pipeline takes the hold over at
        // step 5, or, if the call is refused before that, the hold is given back here.
        Hold hold = new Hold(answer == null ? null : held.remove(heldKey(run, call)));
        try {
            return pipeline(call, run, answer, hold);
        } catch (RuntimeException e) {
            // A stage failed unexpectedly: fail closed.
            decided(run, call, null, "executor", new Decision.Deny("executor-error", "internal error: " + e));
            return refuse(run, call, null, Status.DENIED, "executor-error",
                    "the call could not be checked (" + e.getClass().getSimpleName() + ") and was not run");
        } finally {
            if (hold.proposed != null && !hold.taken) {
                release(hold.proposed);
            }
        }
    }

    /** What a resumed call held from the limits, and whether the pipeline took it over. */
    private static final class Hold {
        final ProposedCall proposed;
        boolean taken;

        Hold(ProposedCall proposed) {
            this.proposed = proposed;
        }
    }

    private Observation pipeline(ToolCall call, RunContext run, ApprovalResult answer, Hold hold) {
        // 0. kill switch: a stopped run proposes nothing more
        Optional<Observation> stopped = stopIfStopped(run, call, null);
        if (stopped.isPresent()) {
            return stopped.get();
        }

        // 1. resolve
        Optional<Tool> found = registry.find(call.tool());
        if (found.isEmpty() || !offeredNameSet.contains(call.tool())) {
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

        // 2. validate (one copy of the arguments serves the validator and the write-ahead record,
        // which copies what it keeps; neither changes it)
        ObjectNode arguments = call.arguments();
        List<String> problems = validator.validate(spec, arguments);
        if (!problems.isEmpty()) {
            String reason = "invalid arguments for " + spec.name() + ": " + String.join("; ", problems);
            decided(run, call, spec.impact(), "validate", new Decision.Deny("schema", reason));
            return refuse(run, call, spec, Status.INVALID_ARGUMENTS, "schema", reason);
        }

        // 3. effective impact, targets, outbound content (no side effects; failures deny)
        Impact refined = refinedImpact(tool, call);
        Impact impact = effectiveImpact(spec, refined, run);
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
        Optional<ImpactReason> impactReason = impactReason(tool, call, impact, refined);
        decided(run, call, impact, "impact", impactReason.isEmpty()
                ? IMPACT_DECISIONS.get(impact)
                : new Decision.Allow(impactReason.get().rule(), "effective impact " + impact + ": " + impactReason.get().reason()));
        ProposedCall proposed = new ProposedCall(call, spec, impact, targets, outbound, run, impactReason);

        // 4. policies
        Decision decision = policies.evaluate(proposed);
        decided(run, call, impact, "policy", decision);
        if (decision instanceof Decision.Deny deny) {
            return refuse(run, call, spec, Status.DENIED, deny.rule(), deny.reason());
        }

        // 5. limits and budgets (a resumed call that held its share in this process keeps it)
        ProposedCall holder = hold.proposed;
        hold.taken = true;
        Optional<Decision.Deny> limited = Optional.empty();
        if (holder == null) {
            holder = proposed;
            try {
                limited = limiter.admit(proposed);
            } catch (RuntimeException e) {
                limited = Optional.of(new Decision.Deny("limits-error", "the limits could not be checked: " + e.getMessage()));
            }
        }
        if (limited.isPresent()) {
            decided(run, call, impact, "limits", limited.get());
            return refuse(run, call, spec, Status.DENIED, limited.get().rule(), limited.get().reason());
        }

        // From here on the call holds what the limits gave it: if it does not run, give it back.
        boolean settled = false;
        try {
            // 6. approval (a resumed call is held to its reviewer's answer even if the policy no longer asks)
            Decision.RequireApproval needed = decision instanceof Decision.RequireApproval asked ? asked
                    : answer == null ? null
                    : new Decision.RequireApproval("approval.resumed", "the call waited for a reviewer when the run suspended");
            if (needed != null) {
                Optional<Observation> refused = approve(run, call, spec, impact, needed, answer);
                if (refused.isPresent()) {
                    if (refused.get().status() == Status.PENDING_APPROVAL) {
                        held.put(heldKey(run, call), holder);
                        settled = true;
                    }
                    return refused.get();
                }
            }

            // 7. write-ahead
            AuditEvent.ExecutionStarted started = new AuditEvent.ExecutionStarted(run.runId(), clock.instant(), call.id(),
                    spec.name(), impact, arguments);
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
            settle(holder);
            return invoke(tool, spec, call, impact, targets, run);
        } finally {
            if (!settled) {
                release(holder);
            }
        }
    }

    private static String heldKey(RunContext run, ToolCall call) {
        return run.runId() + "\n" + call.id();
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
    private static Optional<ImpactReason> impactReason(Tool tool, ToolCall call, Impact impact, Impact refined) {
        try {
            if (!impact.equals(refined)) {
                return Optional.empty();
            }
            Optional<ImpactReason> reason = tool.impactReason(call);
            return reason == null ? Optional.empty() : reason;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The tool's own impact for this call; null when it has none or fails (asked once per call). */
    private static Impact refinedImpact(Tool tool, ToolCall call) {
        try {
            return tool.impactOf(call);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Impact effectiveImpact(ToolSpec spec, Impact refined, RunContext run) {
        Impact declared = spec.impact();
        if (refined == null) {
            return declared;
        }
        if (refined.isAbove(declared)) {
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "impact_above_declared", "impact",
                    spec.name() + " refined a call to " + refined + " above its declared " + declared));
            return declared;
        }
        return refined;
    }

    private Optional<Observation> approve(RunContext run, ToolCall call, ToolSpec spec, Impact impact,
                                          Decision.RequireApproval needed, ApprovalResult answer) {
        List<String> provenance = untrustedSources(run);
        ApprovalRequest request = ApprovalRequest.of(run.runId(), run.principal(), run.level(), call, impact,
                needed, provenance, clock.instant(), approvalExpiry);
        ApprovalResult result;
        if (answer != null) {
            // Resumed: the reviewer's stored answer stands in for the gate; it was asked before the run suspended.
            result = answer instanceof ApprovalResult.Pending
                    ? new ApprovalResult.Failed("system", "the request was still undecided when the run resumed", clock.instant())
                    : answer;
        } else {
            audit.record(new AuditEvent.ApprovalRequested(run.runId(), request.requestedAt(), call.id(), spec.name(),
                    call.arguments(), impact, needed.rule(), needed.reason(), request.callHash(), provenance,
                    request.reasons(), request.flags().stream().map(Reason::rule).toList()));
            try {
                result = approvals.review(request);
                if (result == null) {
                    result = new ApprovalResult.Failed("system", "the gate returned no answer", clock.instant());
                }
            } catch (RuntimeException e) {
                result = new ApprovalResult.Failed("system", "the gate failed: " + e, clock.instant());
            }
        }
        if (result instanceof ApprovalResult.Pending pending) {
            // Suspend path: nothing is decided yet, nothing is counted; the loop suspends the run.
            audit.record(new AuditEvent.ApprovalAnswered(run.runId(), clock.instant(), call.id(), request.callHash(),
                    result.kind(), result.reviewer(), "stored as request " + pending.requestId() + "; the run suspends"));
            alert(run, "approval_pending", spec.name(), needed.rule(),
                    spec.name() + " waits for a reviewer (request " + pending.requestId() + ")");
            return Optional.of(Observation.pending(call, pending.requestId()));
        }
        boolean expired = request.expiredAt(clock.instant());
        boolean approved = result.approves(request) && !expired;
        run.recordApproval(approved);
        String detail = result.approves(request) && expired
                ? "the answer came after the request expired at " + request.expiresAt() : detailOf(result, request);
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
            return result.bindingProblem(request).orElse("approved");
        }
        if (result instanceof ApprovalResult.Rejected r) {
            return "rejected: " + r.reason();
        }
        if (result instanceof ApprovalResult.TimedOut) {
            return "no answer in time";
        }
        if (result instanceof ApprovalResult.Pending) {
            return "still undecided";
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

    private Observation invoke(Tool tool, ToolSpec spec, ToolCall call, Impact impact, List<Target> targets, RunContext run) {
        // Whether the run held untrusted content before this call, asked before it runs (its own result is not yet there).
        List<String> heldUntrusted = impact.isAbove(Impact.READ) ? untrustedReadSources(run) : null;
        Observation observation = invokeTool(tool, spec, call, impact, targets, run);
        if (heldUntrusted != null) {
            taintWritten(call, impact, targets, run, heldUntrusted, observation);
        }
        return observation;
    }

    /**
     * After a WRITE or IRREVERSIBLE call: its targets may now hold untrusted content when the run
     * had read untrusted content before it (whatever the call's outcome: a failure or a timeout
     * may have left part of it done), or when its own result is untrusted (it moved untrusted
     * content itself, as {@code INSERT INTO trusted SELECT ... FROM untrusted} does). Such targets
     * are remembered ({@link TaintedStores}) and what is read from them later is untrusted. A mark
     * that cannot be written to disk stays in this process and is audited as an incident.
     */
    private void taintWritten(ToolCall call, Impact impact, List<Target> targets, RunContext run, List<String> heldUntrusted,
                              Observation observation) {
        List<String> sources = new ArrayList<>(heldUntrusted);
        boolean taints = !heldUntrusted.isEmpty();
        if (observation.isOk() && observation.provenance().isUntrusted()) {
            taints = true;
            for (String s : observation.provenance().sources()) {
                if (!sources.contains(s)) {
                    sources.add(s);
                }
            }
        }
        if (!taints || targets.isEmpty()) {
            return;
        }
        try {
            taintedStores.taint(targets, run.runId(), sources);
        } catch (RuntimeException e) {
            audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "tainted_stores", "trust.tainted-write",
                    redactor.redact("the stores written by " + call.tool() + " could not be marked as holding untrusted content: "
                            + e.getMessage())));
        }
    }

    /** Sources a mark names at most, of the untrusted results its run had read. */
    private static final int MARK_SOURCES = 5;

    /**
     * The first few ({@value #MARK_SOURCES}) untrusted sources of the run's results that were read
     * (OK observations), in order; empty when there is none. Each observation is read once: what
     * was found is kept per run ({@link ReadScan}) until the run ends, so a write late in a long
     * run costs what came since the last one, not the whole history.
     */
    private List<String> untrustedReadSources(RunContext run) {
        ReadScan scan;
        synchronized (readScans) {
            scan = readScans.get(run);
            if (scan == null) {
                scan = new ReadScan();
                readScans.put(run, scan);
                run.onEnd(() -> readScans.remove(run));
            }
        }
        synchronized (scan) {
            List<Observation> observations = run.observations();
            for (int i = scan.scanned; i < observations.size() && scan.sources.size() < MARK_SOURCES; i++) {
                Observation observation = observations.get(i);
                if (observation.isOk() && observation.provenance().isUntrusted()) {
                    scan.any = true;
                    for (String source : observation.provenance().sources().isEmpty()
                            ? List.of(observation.call().tool()) : observation.provenance().sources()) {
                        if (scan.sources.size() < MARK_SOURCES) {
                            scan.sources.add(source);
                        }
                    }
                }
            }
            scan.scanned = Math.max(scan.scanned, observations.size());
            if (scan.any && scan.sources.isEmpty()) {
                return List.of("untrusted content");
            }
            return new ArrayList<>(scan.sources);
        }
    }

    /** How far a run's observations were read by {@link #untrustedReadSources}, and what they held. */
    private static final class ReadScan {
        int scanned;
        boolean any;
        final Set<String> sources = new LinkedHashSet<>();
    }

    /**
     * Per run, the reading of its results for untrusted sources; released when the run ends, or
     * with the run when it is no longer referenced (a context that never ends).
     */
    private final Map<RunContext, ReadScan> readScans = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * A trusted result read from a store that a run wrote after reading untrusted content is
     * untrusted: its sources name the store and the run that wrote it.
     */
    private Provenance provenanceOf(ToolResult result, List<Target> targets) {
        Provenance provenance = result.provenance();
        if (provenance.isUntrusted() || taintedStores.isEmpty()) {
            return provenance;
        }
        Optional<TaintedStores.Mark> mark = taintedStores.taintOf(targets);
        if (mark.isEmpty()) {
            return provenance;
        }
        List<String> sources = new ArrayList<>(provenance.sources());
        sources.add(mark.get().describe());
        return new Provenance(Provenance.Trust.UNTRUSTED, sources);
    }

    private Observation invokeTool(Tool tool, ToolSpec spec, ToolCall call, Impact impact, List<Target> targets, RunContext run) {
        Instant start = clock.instant();
        Instant deadline = start.plus(settings.toolTimeout());
        String name = spec.name();
        ToolContext context = new CallContext(run, name, impact, deadline, credentials, recorder);
        try {
            // On this thread: the watchdog interrupts it at the timeout (no hand-off, no thread per call).
            ToolResult result = watchdog.call(() -> tool.execute(call, context), settings.toolTimeout());
            if (result == null) {
                throw new ExecutionException(new IllegalStateException("the tool returned no result"));
            }
            String content = redactor.redact(result.content());
            Provenance provenance = provenanceOf(result, targets);
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name, Status.OK.name(),
                    millisSince(start), provenance, ""));
            return Observation.ok(call, content, provenance);
        } catch (TimeoutException e) {
            String message = name + " did not finish within " + settings.toolTimeout().toMillis() + " ms and was abandoned";
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                    Status.TIMED_OUT.name(), millisSince(start), Provenance.trusted("leash"), message));
            return Observation.failed(call, Status.TIMED_OUT, message);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ToolRefusal refusal) {
                // The tool refused while running (an address it resolved is private, a redirect
                // leaves the allowlist): a refusal like any other, counted toward the threshold.
                audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                        Status.DENIED.name(), millisSince(start), Provenance.trusted("leash"), redactor.redact(refusal.getMessage())));
                decided(run, call, impact, "execute", new Decision.Deny(refusal.rule(), redactor.redact(refusal.getMessage())));
                return refuse(run, call, spec, Status.DENIED, refusal.rule(), refusal.getMessage());
            }
            String message = name + " failed: " + redactor.redact(String.valueOf(cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            audit.record(new AuditEvent.ExecutionFinished(run.runId(), clock.instant(), call.id(), name,
                    Status.FAILED.name(), millisSince(start), Provenance.trusted("leash"), message));
            return Observation.failed(call, Status.FAILED, message);
        } catch (InterruptedException e) {
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
    private record CallContext(RunContext run, String tool, Impact impact, Instant deadline, CredentialProvider credentials,
                               ToolRecorder recorder) implements ToolContext {
        @Override
        public void record(String what) {
            try {
                recorder.record(run.runId(), tool, String.valueOf(what));
            } catch (RuntimeException ignored) {
                // A note that cannot be kept must not change the call's result.
            }
        }

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
        private ToolRecorder recorder;
        private Watchdog watchdog;
        private Duration approvalExpiry;
        private TaintedStores taintedStores;

        public Builder taintedStores(TaintedStores stores) {
            this.taintedStores = stores;
            return this;
        }

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

        /** Where tools' {@link ToolContext#record(String) notes} go. Default: discarded. */
        public Builder recorder(ToolRecorder recorder) {
            this.recorder = recorder;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Enforces the tool timeout. Default: {@link Watchdog#shared()}, one daemon thread for the
         * whole process; tools run on the calling thread either way.
         */
        public Builder watchdog(Watchdog watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        /** How long an approval request stays answerable (default {@link ApprovalRequest#DEFAULT_EXPIRY}). */
        public Builder approvalExpiry(Duration expiry) {
            requireNonNull(expiry, "expiry is null");
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("approval expiry must be positive: " + expiry);
            }
            this.approvalExpiry = expiry;
            return this;
        }

        public GuardedExecutor build() {
            return new GuardedExecutor(this);
        }
    }
}
