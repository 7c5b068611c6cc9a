package dev.leash.core.loop;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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

    public SafetyLevel level() {
        return level;
    }

    /** The tools a planner is offered under this agent's tier. */
    public List<ToolSpec> offeredTools() {
        return executor.offeredTools();
    }

    @Override
    public RunResult run(RunRequest request) {
        requireNonNull(request, "request is null");
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
            return loop(request, run, planner, tools, turns, counter);
        } catch (RuntimeException e) {
            return end(run, Outcome.ERROR, "the run failed: " + e, turns, counter, planner);
        }
    }

    private RunResult loop(RunRequest request, DefaultRunContext run, Planner planner, List<ToolSpec> tools,
                           List<Turn> turns, Counter counter) {
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
                run.observe(observation);
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
            RunCounts counts = new RunCounts(counter.proposed, counter.executed, run.denials(), run.approvalsRequested(),
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
            return redactor.redact(calls.calls().stream()
                    .map(c -> c.tool() + c.argumentsJson())
                    .collect(Collectors.joining(", ")));
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
