package dev.leash.core.loop;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.approval.CallHash;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.ModelException;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Planner;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.run.Agent;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunContext;
import dev.leash.api.run.RunCounts;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.Redactor;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.exec.Watchdog;
import dev.leash.core.suspend.SuspendedRun;
import dev.leash.core.suspend.SuspensionStore;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The agent loop: ask the planner for a step, put each proposed call to the executor, feed the
 * observations back, until the planner finishes or escalates, a budget ends the run, or the tier
 * terminates it. Every run is audited from start to end.
 *
 * <p>Budgets: {@link LoopSettings#maxSteps()} turns and {@link LoopSettings#wallClock()} time
 * (a planner that hangs is interrupted at the deadline), and optionally model tokens; running out
 * ends the run {@link Outcome#BUDGET_EXHAUSTED}. A planner that throws {@link ModelException}
 * ends it {@link Outcome#MODEL_FAILED}; any other planner failure ends it {@link Outcome#ERROR}.
 * Never throws. Thread-safe: each run has its own planner and state.
 *
 * <p><b>Suspending.</b> When calls of a batch wait for reviewers ({@link
 * Observation.Status#PENDING_APPROVAL}) and the rest of the batch is done, the run is saved in
 * the {@link SuspensionStore} and ends for now {@link Outcome#AWAITING_APPROVAL}; no thread
 * waits. {@link #resume(String)} continues it, here or in another process, once every request of
 * the batch is decided. Without a store a waiting call cannot wait: the run ends {@link
 * Outcome#ERROR} and the call does not run.
 */
public final class AgentLoop implements Agent {

    private final PlannerFactory planners;
    private final ToolExecutor executor;
    private final AuditSink audit;
    private final SafetyLevel level;
    private final LoopSettings settings;
    private final Redactor redactor;
    private final Clock clock;
    private volatile List<StepInspector> inspectors = List.of();
    private volatile Watchdog watchdog = Watchdog.shared();
    private volatile SuspensionStore suspensions;

    @Inject
    public AgentLoop(PlannerFactory planners, ToolExecutor executor, AuditSink audit, SafetyLevel level,
                     LoopSettings settings, Redactor redactor) {
        this(planners, executor, audit, level, settings, redactor, Clock.systemUTC());
    }

    public AgentLoop(PlannerFactory planners, ToolExecutor executor, AuditSink audit, SafetyLevel level,
                     LoopSettings settings, Redactor redactor, Clock clock) {
        this.planners = requireNonNull(planners, "planners is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.level = requireNonNull(level, "level is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The inspectors that see every proposed step before its calls run (Guice injects the
     * {@code Set<StepInspector>} multibinding when one is bound).
     */
    @com.google.inject.Inject(optional = true)
    public void setStepInspectors(java.util.Set<StepInspector> stepInspectors) {
        this.inspectors = List.copyOf(stepInspectors);
    }

    /**
     * Enforces the wall-clock budget while the planner thinks (the planner runs on the thread that
     * called {@link #run}). Default: {@link Watchdog#shared()}.
     */
    public AgentLoop withWatchdog(Watchdog watchdog) {
        this.watchdog = requireNonNull(watchdog, "watchdog is null");
        return this;
    }

    /**
     * Where runs that wait for reviewers are kept (Guice injects it when one is bound). Without
     * one, runs cannot suspend.
     */
    @com.google.inject.Inject(optional = true)
    public void setSuspensionStore(SuspensionStore store) {
        this.suspensions = requireNonNull(store, "store is null");
    }

    public SafetyLevel level() {
        return level;
    }

    /** The tools a planner is offered under this agent's tier. */
    public List<ToolSpec> offeredTools() {
        return executor.offeredTools();
    }

    @Override
    public RunResult run(RunRequest request) {
        return run(request, Map.of());
    }

    /**
     * Runs {@code request}; if it suspends, {@code attributes} are kept with it (what the
     * embedding application needs to build this agent again to resume it; never secrets).
     */
    public RunResult run(RunRequest request, Map<String, String> attributes) {
        requireNonNull(request, "request is null");
        requireNonNull(attributes, "attributes is null");
        String runId = "run-" + UUID.randomUUID();
        Instant start = clock.instant();
        DefaultRunContext run = new DefaultRunContext(runId, request.principal(), request.session(), request.goal(), level,
                start.plus(settings.wallClock()));
        List<Turn> turns = new ArrayList<>();
        Counter counter = new Counter();
        Planner planner = null;
        List<ToolSpec> tools = List.of();
        try {
            tools = executor.offeredTools();
            audit.recordDurably(new AuditEvent.RunStarted(runId, start, request.principal(), request.session(), level,
                    request.goal(), settings.systemPrompt().isEmpty() ? "" : sha256(settings.systemPrompt()),
                    tools.stream().map(t -> t.name() + ":" + t.impact().label()).toList()));
            planner = planners.create(request);
            return loop(request, run, planner, tools, turns, counter, attributes);
        } catch (RuntimeException e) {
            return end(run, Outcome.ERROR, "the run failed: " + e, turns, counter, planner);
        }
    }

    private RunResult loop(RunRequest request, DefaultRunContext run, Planner planner, List<ToolSpec> tools,
                           List<Turn> turns, Counter counter, Map<String, String> attributes) {
        while (true) {
            if (turns.size() >= settings.maxSteps()) {
                return end(run, Outcome.BUDGET_EXHAUSTED, "step budget of " + settings.maxSteps() + " turns exhausted",
                        turns, counter, planner);
            }
            if (!clock.instant().isBefore(run.deadline())) {
                return end(run, Outcome.BUDGET_EXHAUSTED, wallClockMessage(), turns, counter, planner);
            }
            PlannerState state = new PlannerState(run.runId(), request.goal(), request.principal(), level, tools, turns);
            Step step;
            try {
                step = plan(planner, state, run);
            } catch (TimeoutException e) {
                return end(run, Outcome.BUDGET_EXHAUSTED, wallClockMessage() + " while the planner was thinking",
                        turns, counter, planner);
            } catch (ModelException e) {
                return end(run, Outcome.MODEL_FAILED, "the model failed: " + e.getMessage(), turns, counter, planner);
            }
            int number = turns.size() + 1;
            audit.record(new AuditEvent.StepProposed(run.runId(), clock.instant(), number, kindOf(step), describe(step)));
            inspect(step, run);
            if (run.termination().isPresent()) {
                List<Observation> skipped = step instanceof Step.CallTools calls
                        ? calls.calls().stream().map(c -> Observation.failed(c, Observation.Status.SKIPPED,
                                "not attempted: the run ended before this call")).toList()
                        : List.of();
                counter.proposed += skipped.size();
                turns.add(new Turn(number, step, skipped));
                RunContext.Termination t = run.termination().get();
                return end(run, Outcome.TERMINATED_BY_POLICY, "terminated by rule " + t.rule() + ": " + t.reason(),
                        turns, counter, planner);
            }
            if (tokenBudgetExceeded(planner)) {
                turns.add(new Turn(number, step, List.of()));
                return end(run, Outcome.BUDGET_EXHAUSTED, "token budget of " + settings.maxTokensPerRun().getAsLong()
                        + " tokens exhausted", turns, counter, planner);
            }
            if (step instanceof Step.Finish finish) {
                turns.add(new Turn(number, step, List.of()));
                return end(run, Outcome.COMPLETED, redactor.redact(finish.answer()), turns, counter, planner);
            }
            if (step instanceof Step.Escalate escalate) {
                turns.add(new Turn(number, step, List.of()));
                return end(run, Outcome.ESCALATED, redactor.redact(escalate.reason()), turns, counter, planner);
            }
            Step.CallTools calls = (Step.CallTools) step;
            List<Observation> observations = new ArrayList<>();
            Outcome stop = null;
            String stopReason = null;
            for (ToolCall call : calls.calls()) {
                counter.proposed++;
                if (stop == null && run.termination().isEmpty() && !clock.instant().isBefore(run.deadline())) {
                    stop = Outcome.BUDGET_EXHAUSTED;
                    stopReason = wallClockMessage();
                }
                if (stop != null || run.termination().isPresent()) {
                    observations.add(Observation.failed(call, Observation.Status.SKIPPED,
                            "not attempted: the run ended before this call"));
                    continue;
                }
                Observation observation = executor.execute(call, run);
                counter.count(observation);
                observations.add(observation);
                if (observation.status() != Observation.Status.PENDING_APPROVAL) {
                    run.observe(observation);
                }
            }
            if (observations.stream().anyMatch(o -> o.status() == Observation.Status.PENDING_APPROVAL)) {
                if (stop == null && run.termination().isEmpty()) {
                    return suspend(request, run, planner, turns, calls, number, observations, counter, attributes);
                }
                observations = withdrawPending(run.runId(), observations);
            }
            turns.add(new Turn(number, step, observations));
            if (run.termination().isPresent()) {
                RunContext.Termination t = run.termination().get();
                return end(run, Outcome.TERMINATED_BY_POLICY, "terminated by rule " + t.rule() + ": " + t.reason(),
                        turns, counter, planner);
            }
            if (stop != null) {
                return end(run, stop, stopReason, turns, counter, planner);
            }
        }
    }

    // ---- suspend and resume -------------------------------------------------------------------

    private RunResult suspend(RunRequest request, DefaultRunContext run, Planner planner, List<Turn> turns,
                              Step.CallTools batch, int number, List<Observation> observations, Counter counter,
                              Map<String, String> attributes) {
        SuspensionStore store = suspensions;
        List<SuspendedRun.PendingCall> pending = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            Observation o = observations.get(i);
            if (o.status() == Observation.Status.PENDING_APPROVAL) {
                pending.add(new SuspendedRun.PendingCall(i, o.call().id(), o.pendingRequestId().orElse("")));
            }
        }
        if (store == null || pending.stream().anyMatch(p -> p.requestId().isEmpty())) {
            turns.add(new Turn(number, batch, withdrawPending(run.runId(), observations)));
            return end(run, Outcome.ERROR, "a call waits for a reviewer but this agent has no store to suspend the run in;"
                    + " the call was not run", turns, counter, planner);
        }
        Planner.Usage usage = safeUsage(planner);
        SuspendedRun snapshot = new SuspendedRun(run.runId(), request, level, turns, batch, number, observations, pending,
                run.observations(), new SuspendedRun.Counters(counter.proposed, counter.executed, counter.failures,
                        run.denials(), run.approvalsRequested(), run.approvalsGranted()),
                planner.checkpoint(), usage.inputTokens(), usage.outputTokens(), clock.instant(), attributes);
        try {
            store.save(snapshot);
        } catch (RuntimeException e) {
            turns.add(new Turn(number, batch, withdrawPending(run.runId(), observations)));
            return end(run, Outcome.ERROR, "the run could not be suspended (" + e.getMessage() + "); the waiting calls"
                    + " were not run", turns, counter, planner);
        }
        turns.add(new Turn(number, batch, observations));
        counter.waiting = pending.size();
        return end(run, Outcome.AWAITING_APPROVAL, "waiting for reviewers: " + String.join(", ", snapshot.requestIds()),
                turns, counter, planner);
    }

    /** The run ends without waiting: its waiting calls are not run, and their requests are withdrawn. */
    private List<Observation> withdrawPending(String runId, List<Observation> observations) {
        SuspensionStore store = suspensions;
        if (store != null) {
            try {
                store.finish(runId, Outcome.TERMINATED_BY_POLICY);
            } catch (RuntimeException e) {
                // The requests stay visible; answering them does nothing, as the run is not suspended.
            }
        }
        return observations.stream().map(o -> o.status() != Observation.Status.PENDING_APPROVAL ? o
                : Observation.failed(o.call(), Observation.Status.SKIPPED,
                        "not run: the run ended while the call waited for a reviewer")).toList();
    }

    /**
     * Continues a suspended run once every request of its batch is decided: approved calls run
     * (each through the executor again, bound to its request, run, call and hash, taken once),
     * rejected and expired ones reach the planner as refusals, and the loop goes on. Only one
     * caller resumes a run (the store's claim), so nothing runs twice: resuming a run that is
     * already over returns its outcome and runs nothing. While some request is undecided the run
     * stays suspended and the result is {@link Outcome#AWAITING_APPROVAL} again.
     *
     * <p>The wall-clock budget starts afresh at resume; steps, denials and approvals carry over.
     *
     * @throws IllegalArgumentException when the store knows no run {@code runId}
     * @throws IllegalStateException when this agent has no store, or the run is being resumed
     *     elsewhere, or it was suspended under another level
     */
    public RunResult resume(String runId) {
        requireNonNull(runId, "runId is null");
        SuspensionStore store = suspensions;
        if (store == null) {
            throw new IllegalStateException("this agent has no suspension store: it cannot resume runs");
        }
        Optional<SuspendedRun> claimed = store.claim(runId);
        if (claimed.isEmpty()) {
            String status = store.status(runId)
                    .orElseThrow(() -> new IllegalArgumentException("there is no suspended run " + runId));
            if (status.equals("suspended") || status.equals("resuming")) {
                throw new IllegalStateException("run " + runId + " is being resumed elsewhere");
            }
            return new RunResult(runId, Outcome.valueOf(status), "run " + runId + " already ended " + status
                    + "; nothing was run again", List.of(), RunCounts.ZERO);
        }
        SuspendedRun saved = claimed.get();
        if (saved.level() != level) {
            store.release(runId);
            throw new IllegalStateException("run " + runId + " was suspended at " + saved.level() + " and cannot resume at "
                    + level);
        }
        List<String> undecided = saved.requestIds().stream().filter(id -> store.decided(id).isEmpty()).toList();
        SuspendedRun.Counters c = saved.counters();
        if (!undecided.isEmpty()) {
            store.release(runId);
            return new RunResult(runId, Outcome.AWAITING_APPROVAL, "still waiting for reviewers: " + String.join(", ", undecided),
                    saved.turns(), new RunCounts(c.proposed(), c.executed(), c.denials(),
                            c.approvalsRequested() + saved.pending().size(), c.approvalsGranted(), c.failures(),
                            saved.inputTokens(), saved.outputTokens()));
        }
        Instant now = clock.instant();
        DefaultRunContext run = new DefaultRunContext(runId, saved.request().principal(), saved.request().session(),
                saved.request().goal(), level, now.plus(settings.wallClock()));
        run.restore(c.denials(), c.approvalsRequested(), c.approvalsGranted(), saved.observed());
        Counter counter = new Counter();
        counter.proposed = c.proposed();
        counter.executed = c.executed();
        counter.failures = c.failures();
        List<Turn> turns = new ArrayList<>(saved.turns());
        Planner planner = null;
        RunResult result;
        try {
            List<ToolSpec> tools = executor.offeredTools();
            planner = planners.create(saved.request());
            planner.restore(saved.plannerCheckpoint());
            audit.recordDurably(new AuditEvent.StepProposed(runId, now, saved.batchNumber(), "resume",
                    "resumed after reviewers decided " + String.join(", ", saved.requestIds())));
            List<Observation> observations = new ArrayList<>(saved.batchObservations());
            for (SuspendedRun.PendingCall p : saved.pending()) {
                ToolCall call = saved.batch().calls().get(p.index());
                ApprovalResult answer = store.take(p.requestId(), runId, call.id(), CallHash.of(call));
                Observation observation = run.termination().isPresent()
                        ? Observation.failed(call, Observation.Status.SKIPPED, "not attempted: the run ended before this call")
                        : executor.resume(call, run, answer);
                counter.count(observation);
                observations.set(p.index(), observation);
                run.observe(observation);
            }
            turns.add(new Turn(saved.batchNumber(), saved.batch(), observations));
            if (run.termination().isPresent()) {
                RunContext.Termination t = run.termination().get();
                result = end(run, Outcome.TERMINATED_BY_POLICY, "terminated by rule " + t.rule() + ": " + t.reason(),
                        turns, counter, planner);
            } else {
                result = loop(saved.request(), run, planner, tools, turns, counter, saved.attributes());
            }
        } catch (RuntimeException e) {
            result = end(run, Outcome.ERROR, "the resumed run failed: " + e, turns, counter, planner);
        }
        if (result.outcome() != Outcome.AWAITING_APPROVAL) {
            store.finish(runId, result.outcome());
        }
        return result;
    }

    private void inspect(Step step, DefaultRunContext run) {
        for (StepInspector inspector : inspectors) {
            try {
                inspector.inspect(step, run);
            } catch (RuntimeException e) {
                audit.record(new AuditEvent.Incident(run.runId(), clock.instant(), "inspector_error", "step-inspector",
                        redactor.redact("a step inspector failed: " + e)));
                run.terminate("step-inspector", "a step inspector failed; the run is ended rather than left unchecked");
            }
            if (run.termination().isPresent()) {
                return;
            }
        }
    }

    private String wallClockMessage() {
        return "wall-clock budget of " + settings.wallClock().toMillis() + " ms exhausted";
    }

    private Step plan(Planner planner, PlannerState state, RunContext run) throws TimeoutException {
        long remaining = Duration.between(clock.instant(), run.deadline()).toMillis();
        if (remaining <= 0) {
            throw new TimeoutException();
        }
        try {
            Step step = watchdog.call(() -> planner.next(state), Duration.ofMillis(remaining));
            if (step == null) {
                throw new ModelException("planner", "the planner proposed nothing");
            }
            return step;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelException model) {
                throw model;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the planner failed: " + cause, cause);
        }
    }

    private boolean tokenBudgetExceeded(Planner planner) {
        return settings.maxTokensPerRun().isPresent()
                && planner.usage().totalTokens() > settings.maxTokensPerRun().getAsLong();
    }

    private RunResult end(DefaultRunContext run, Outcome outcome, String answer, List<Turn> turns, Counter counter,
                          Planner planner) {
        try {
            Planner.Usage usage = planner == null ? Planner.Usage.NONE : safeUsage(planner);
            RunCounts counts = new RunCounts(counter.proposed, counter.executed, run.denials(),
                    run.approvalsRequested() + counter.waiting,
                    run.approvalsGranted(), counter.failures, usage.inputTokens(), usage.outputTokens());
            String text = redactor.redact(answer);
            try {
                audit.record(new AuditEvent.RunEnded(run.runId(), clock.instant(), outcome, text, counts));
            } catch (RuntimeException e) {
                // The run's outcome stands; a sink that fails here has already failed loudly elsewhere.
            }
            return new RunResult(run.runId(), outcome, text, turns, counts);
        } finally {
            // Whatever happened above, per-run state held by guards is released now.
            run.end();
        }
    }

    private static Planner.Usage safeUsage(Planner planner) {
        try {
            return planner.usage();
        } catch (RuntimeException e) {
            return Planner.Usage.NONE;
        }
    }

    private static String kindOf(Step step) {
        if (step instanceof Step.CallTools) {
            return "call_tools";
        }
        return step instanceof Step.Finish ? "finish" : "escalate";
    }

    private String describe(Step step) {
        if (step instanceof Step.CallTools calls) {
            // The text of each call, joined by ", ": written once, not once per call and again joined.
            List<ToolCall> list = calls.calls();
            if (list.size() == 1) {
                return redactor.redact(list.get(0).tool() + list.get(0).argumentsJson());
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(list.get(i).tool()).append(list.get(i).argumentsJson());
            }
            return redactor.redact(text.toString());
        }
        if (step instanceof Step.Finish finish) {
            return redactor.redact(finish.answer());
        }
        return redactor.redact(((Step.Escalate) step).reason());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Counter {
        int proposed;
        int executed;
        int failures;
        /** Calls put to reviewers that the run is suspended on: asked, not yet answered (the run context counts answers). */
        int waiting;

        void count(Observation observation) {
            switch (observation.status()) {
                case OK -> executed++;
                case FAILED, TIMED_OUT -> {
                    executed++;
                    failures++;
                }
                default -> {
                }
            }
        }
    }
}
