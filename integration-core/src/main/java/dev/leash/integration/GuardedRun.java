package dev.leash.integration;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunContext;
import dev.leash.api.run.RunCounts;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.Redactor;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run under a {@link LeashGuard}: the calls of one conversation of a framework's agent. Each
 * call is audited as a proposed step and put through the tier's guarded executor, exactly as
 * Leash's loop does; its observation is kept in the run (so the taint guard sees what came in)
 * and returned for the framework to hand to the model ({@link Observation#toModelText()}).
 *
 * <p>The run's goal is what the user asked: the framework hands each request (the user message
 * of a langchain4j invocation, of a Spring AI prompt) to {@link #userRequest} before the calls it
 * leads to, and the goal is every distinct request of the conversation so far, oldest first. The
 * taint guard and the risk flags judge the calls against it as they judge Leash's loop against its
 * goal: an IRREVERSIBLE call's target that no request names is flagged {@code unnamed-target}. A
 * run that was never told a request has an empty goal, so nothing is named by it.
 *
 * <p>Once the tier has terminated the run (too many refusals) or the run has ended, every call is
 * refused without running, naming the rule. Closing audits the run's end. Thread-safe.
 */
public final class GuardedRun implements AutoCloseable {

    private final ToolExecutor executor;
    private final Redactor redactor;
    private final AuditSink audit;
    private final Conversation context;
    private final Clock clock;
    private final AtomicInteger steps = new AtomicInteger();
    private final AtomicInteger proposed = new AtomicInteger();
    private final AtomicInteger executed = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();

    private GuardedRun(ToolExecutor executor, Redactor redactor, AuditSink audit, Conversation context, Clock clock) {
        this.executor = executor;
        this.redactor = redactor;
        this.audit = audit;
        this.context = context;
        this.clock = clock;
    }

    static GuardedRun start(ToolExecutor executor, Redactor redactor, AuditSink audit, SafetyLevel level, String principal,
                            String session, String goal, List<ToolSpec> offered, Clock clock) {
        String runId = "run-" + UUID.randomUUID();
        Instant now = clock.instant();
        // The framework owns the conversation's time; the run's deadline is far off.
        DefaultRunContext context = new DefaultRunContext(runId, principal, session, goal, level, now.plus(3650, ChronoUnit.DAYS));
        audit.recordDurably(new AuditEvent.RunStarted(runId, now, principal, session, level, goal, "",
                offered.stream().map(t -> t.name() + ":" + t.impact().label()).toList()));
        return new GuardedRun(executor, redactor, audit, new Conversation(context, goal), clock);
    }

    /**
     * Adds the user's request {@code text} to the run's goal, unless the goal already holds it
     * (audited as a proposed step of kind {@code user_request}, redacted). Blank text is ignored.
     *
     * @return whether the goal grew
     */
    public boolean userRequest(String text) {
        requireNonNull(text, "text is null");
        String request = text.strip();
        if (request.isEmpty() || !context.addRequest(request)) {
            return false;
        }
        audit.record(new AuditEvent.StepProposed(context.runId(), clock.instant(), steps.incrementAndGet(), "user_request",
                redactor.redact(request)));
        return true;
    }

    public String runId() {
        return context.runId();
    }

    /** The run's state: observations, denials, approvals, termination. */
    public RunContext context() {
        return context;
    }

    public boolean isEnded() {
        return ended.get();
    }

    /** The tier's termination of this run, if it ended it. */
    public Optional<RunContext.Termination> termination() {
        return context.termination();
    }

    /** Puts one call through the tier. Never throws for anything the call or the tool does. */
    public Observation execute(ToolCall call) {
        requireNonNull(call, "call is null");
        proposed.incrementAndGet();
        audit.record(new AuditEvent.StepProposed(context.runId(), clock.instant(), steps.incrementAndGet(), "call_tools",
                redactor.redact(call.tool() + call.argumentsJson())));
        Optional<String[]> stop = ended.get()
                ? Optional.of(new String[] {"run.ended", "the run has ended"})
                : context.termination().map(t -> new String[] {t.rule(), "the run was terminated by rule " + t.rule()
                        + ": " + t.reason()});
        if (stop.isPresent()) {
            String rule = stop.get()[0];
            String reason = redactor.redact(stop.get()[1]) + "; the call was not run";
            audit.record(new AuditEvent.CallDecided(context.runId(), clock.instant(), call.id(), call.tool(), null, "run",
                    "deny", rule, reason));
            return new Observation(call, Observation.Status.SKIPPED, reason, Provenance.trusted("leash"), Optional.of(rule),
                    List.of("finish and report what was blocked", "escalate to a human"));
        }
        Observation observation = executor.execute(call, context);
        context.observe(observation);
        if (observation.isOk()) {
            executed.incrementAndGet();
        } else if (!observation.status().isRefusal()) {
            failures.incrementAndGet();
        }
        return observation;
    }

    /** Ends the run: {@code COMPLETED}, or {@code TERMINATED_BY_POLICY} when the tier ended it. Idempotent. */
    @Override
    public void close() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Outcome outcome = context.termination().isPresent() ? Outcome.TERMINATED_BY_POLICY : Outcome.COMPLETED;
        String answer = context.termination().map(t -> "terminated by rule " + t.rule() + ": " + t.reason()).orElse("");
        RunCounts counts = new RunCounts(proposed.get(), executed.get(), context.denials(), context.approvalsRequested(),
                context.approvalsGranted(), failures.get(), 0, 0);
        try {
            audit.record(new AuditEvent.RunEnded(context.runId(), clock.instant(), outcome, redactor.redact(answer), counts));
        } catch (RuntimeException e) {
            // The run is over either way; a failing sink has already failed the calls' records.
        } finally {
            // Per-run state kept by the guards (keyed by run id) is released now.
            context.end();
        }
    }

    /** The loop's run context, whose goal grows with the conversation's requests. */
    private static final class Conversation implements RunContext {
        private final DefaultRunContext state;
        private final List<String> requests = new ArrayList<>();
        private volatile String goal;

        Conversation(DefaultRunContext state, String goal) {
            this.state = state;
            this.goal = goal.strip();
            if (!this.goal.isEmpty()) {
                requests.add(this.goal);
            }
        }

        synchronized boolean addRequest(String request) {
            if (requests.contains(request)) {
                return false;
            }
            requests.add(request);
            goal = String.join("\n", requests);
            return true;
        }

        void observe(Observation observation) {
            state.observe(observation);
        }

        @Override
        public String runId() {
            return state.runId();
        }

        @Override
        public String principal() {
            return state.principal();
        }

        @Override
        public String session() {
            return state.session();
        }

        @Override
        public String goal() {
            return goal;
        }

        @Override
        public SafetyLevel level() {
            return state.level();
        }

        @Override
        public Instant deadline() {
            return state.deadline();
        }

        @Override
        public List<Observation> observations() {
            return state.observations();
        }

        @Override
        public int denials() {
            return state.denials();
        }

        @Override
        public int recordDenial() {
            return state.recordDenial();
        }

        @Override
        public void recordApproval(boolean granted) {
            state.recordApproval(granted);
        }

        @Override
        public int approvalsRequested() {
            return state.approvalsRequested();
        }

        @Override
        public int approvalsGranted() {
            return state.approvalsGranted();
        }

        @Override
        public void terminate(String rule, String reason) {
            state.terminate(rule, reason);
        }

        @Override
        public Optional<Termination> termination() {
            return state.termination();
        }

        @Override
        public void onEnd(Runnable callback) {
            state.onEnd(callback);
        }

        void end() {
            state.end();
        }
    }
}
