package dev.leash.telemetry.otel;

import static java.util.Objects.requireNonNull;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.run.Outcome;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An {@link AuditSink} that passes every event on to the sink it wraps and turns the events into
 * OpenTelemetry spans and metrics, following the GenAI semantic conventions.
 *
 * <p>Spans of a run: {@code invoke_agent <agent>} from {@code run_started} to {@code run_ended};
 * under it a {@code chat} span for each planner turn (from the run's previous event to the step the
 * planner proposed: the model call, or the scripted planner's turn) and an {@code execute_tool
 * <tool>} span for each proposed call, from its first decision to its end (denied, or finished).
 * Attributes: {@code gen_ai.operation.name}, {@code gen_ai.agent.name}, {@code gen_ai.tool.name},
 * {@code gen_ai.tool.call.id}, {@code gen_ai.usage.input_tokens} and {@code output_tokens} (on the
 * run), and Leash's own: {@code leash.decision} ({@code allow}, {@code deny}, {@code
 * require_approval}), {@code leash.rule}, {@code leash.stage}, {@code leash.impact}, {@code
 * leash.approval.result}, {@code leash.approval.reviewer}, {@code leash.outcome}, {@code
 * leash.level}. Never the arguments, the goal, the answer or a decision's reason text (they may
 * hold secrets), unless {@link Builder#captureArguments(UnaryOperator)} is set, and then only
 * through its mask.
 *
 * <p>Metrics: {@code leash.calls} (counter; {@code leash.decision}, {@code leash.rule}, {@code
 * gen_ai.tool.name}) counted once per call at its final decision; {@code leash.approvals.pending}
 * (up-down counter); {@code leash.approval.duration} (histogram, seconds); {@code
 * leash.runs.terminated} (counter; {@code leash.rule}); the budgets' remaining amounts through
 * {@link BudgetGauges}.
 *
 * <p>Telemetry never changes a run: a failure inside it is swallowed, and the wrapped sink's own
 * failures propagate unchanged. Thread-safe; runs are tracked until their {@code run_ended}.
 */
public final class OtelAuditSink implements AuditSink {

    /** The instrumentation scope name. */
    public static final String SCOPE = "dev.leash";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("leash.run.id");
    static final AttributeKey<String> LEVEL = AttributeKey.stringKey("leash.level");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("leash.decision");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("leash.rule");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("leash.stage");
    static final AttributeKey<String> IMPACT = AttributeKey.stringKey("leash.impact");
    static final AttributeKey<String> APPROVAL = AttributeKey.stringKey("leash.approval.result");
    static final AttributeKey<String> REVIEWER = AttributeKey.stringKey("leash.approval.reviewer");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("leash.status");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("leash.outcome");
    static final AttributeKey<String> INCIDENT = AttributeKey.stringKey("leash.incident.kind");

    private final AuditSink delegate;
    private final String agent;
    private final Optional<UnaryOperator<String>> argumentMask;
    private final Tracer tracer;
    private final LongCounter calls;
    private final LongUpDownCounter pending;
    private final DoubleHistogram approvalLatency;
    private final LongCounter terminations;
    private final Map<String, RunSpans> runs = new ConcurrentHashMap<>();

    private OtelAuditSink(Builder b) {
        this.delegate = requireNonNull(b.delegate, "delegate is null");
        this.agent = b.agent;
        this.argumentMask = Optional.ofNullable(b.argumentMask);
        OpenTelemetry otel = requireNonNull(b.openTelemetry, "openTelemetry is null");
        this.tracer = otel.getTracer(SCOPE);
        Meter meter = otel.getMeter(SCOPE);
        this.calls = meter.counterBuilder("leash.calls").setDescription("Tool calls by final decision and rule")
                .setUnit("{call}").build();
        this.pending = meter.upDownCounterBuilder("leash.approvals.pending")
                .setDescription("Approval requests waiting for an answer").setUnit("{request}").build();
        this.approvalLatency = meter.histogramBuilder("leash.approval.duration")
                .setDescription("Time from an approval request to its answer").setUnit("s").build();
        this.terminations = meter.counterBuilder("leash.runs.terminated")
                .setDescription("Runs ended by policy, by rule").setUnit("{run}").build();
    }

    /** A sink wrapping {@code delegate}, reporting to {@code openTelemetry}. */
    public static Builder builder(AuditSink delegate, OpenTelemetry openTelemetry) {
        return new Builder(delegate, openTelemetry);
    }

    @Override
    public void record(AuditEvent event) {
        delegate.record(event);
        observe(event);
    }

    @Override
    public void recordDurably(AuditEvent event) {
        delegate.recordDurably(event);
        observe(event);
    }

    private void observe(AuditEvent event) {
        try {
            translate(event);
        } catch (RuntimeException ignored) {
            // Telemetry must never change the outcome of a run.
        }
    }

    private void translate(AuditEvent event) {
        if (event instanceof AuditEvent.RunStarted started) {
            Span span = tracer.spanBuilder("invoke_agent " + agent)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setNoParent()
                    .setStartTimestamp(started.at())
                    .setAttribute(OPERATION, "invoke_agent")
                    .setAttribute(AGENT_NAME, agent)
                    .setAttribute(CONVERSATION, started.session() == null ? "" : started.session())
                    .setAttribute(RUN_ID, started.runId())
                    .setAttribute(LEVEL, String.valueOf(started.level()))
                    .startSpan();
            runs.put(started.runId(), new RunSpans(span, started.at()));
            return;
        }
        RunSpans run = runs.get(event.runId());
        if (run == null) {
            return;
        }
        Instant previous = run.touch(event.at());
        if (event instanceof AuditEvent.StepProposed step) {
            tracer.spanBuilder("chat")
                    .setParent(run.context())
                    .setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(previous)
                    .setAttribute(OPERATION, "chat")
                    .setAttribute(AttributeKey.stringKey("leash.step"), step.kind())
                    .startSpan()
                    .end(step.at());
        } else if (event instanceof AuditEvent.CallDecided decided) {
            decided(run, decided);
        } else if (event instanceof AuditEvent.ApprovalRequested requested) {
            pending.add(1);
            CallSpan call = run.calls.get(requested.callId());
            if (call != null) {
                call.approvalRequestedAt = requested.at();
            }
        } else if (event instanceof AuditEvent.ApprovalAnswered answered) {
            pending.add(-1);
            CallSpan call = run.calls.get(answered.callId());
            if (call != null) {
                call.span.setAttribute(APPROVAL, answered.result());
                call.span.setAttribute(REVIEWER, answered.reviewer() == null ? "" : answered.reviewer());
                if (call.approvalRequestedAt != null) {
                    approvalLatency.record(Duration.between(call.approvalRequestedAt, answered.at()).toNanos() / 1e9,
                            Attributes.of(TOOL_NAME, call.tool, APPROVAL, answered.result()));
                }
            }
        } else if (event instanceof AuditEvent.ExecutionStarted started) {
            CallSpan call = run.calls.get(started.callId());
            if (call != null && argumentMask.isPresent() && started.arguments() != null) {
                call.span.setAttribute(TOOL_ARGUMENTS, argumentMask.get().apply(started.arguments().toString()));
            }
        } else if (event instanceof AuditEvent.ExecutionFinished finished) {
            CallSpan call = run.calls.get(finished.callId());
            if (call != null) {
                call.span.setAttribute(STATUS, finished.status());
                if (!finished.status().equals("OK")) {
                    call.span.setStatus(StatusCode.ERROR, finished.status());
                }
                finish(run, finished.callId(), call, finished.at());
            }
        } else if (event instanceof AuditEvent.Incident incident) {
            run.lastIncidentRule = incident.rule();
            run.span.addEvent("leash.incident", Attributes.of(INCIDENT, incident.kind(), RULE, incident.rule()),
                    incident.at());
        } else if (event instanceof AuditEvent.RunEnded ended) {
            ended(run, ended);
        }
    }

    private void decided(RunSpans run, AuditEvent.CallDecided decided) {
        CallSpan call = run.call(decided.callId(), () -> tracer.spanBuilder("execute_tool " + decided.tool())
                .setParent(run.context())
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(decided.at())
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL_NAME, decided.tool())
                .setAttribute(TOOL_CALL_ID, decided.callId())
                .startSpan(), decided.tool());
        if (decided.impact() != null) {
            call.span.setAttribute(IMPACT, decided.impact().name());
        }
        if (!decided.stage().equals("impact")) {
            // The impact stage only reports the call's impact; the other stages decide.
            call.decision = decided.decision();
            call.rule = decided.rule();
            call.span.setAttribute(DECISION, decided.decision());
            call.span.setAttribute(RULE, decided.rule());
            call.span.setAttribute(STAGE, decided.stage());
        }
        if (decided.decision().equals("deny")) {
            call.span.setStatus(StatusCode.ERROR, "denied by " + decided.rule());
            finish(run, decided.callId(), call, decided.at());
        }
    }

    private void ended(RunSpans run, AuditEvent.RunEnded ended) {
        runs.remove(ended.runId());
        run.calls.forEach((id, call) -> call.span.end(ended.at()));
        run.span.setAttribute(OUTCOME, ended.outcome().name());
        if (ended.counts() != null) {
            run.span.setAttribute(INPUT_TOKENS, ended.counts().inputTokens());
            run.span.setAttribute(OUTPUT_TOKENS, ended.counts().outputTokens());
        }
        if (ended.outcome() == Outcome.TERMINATED_BY_POLICY) {
            terminations.add(1, Attributes.of(RULE, run.lastIncidentRule(), AGENT_NAME, agent));
            run.span.setStatus(StatusCode.ERROR, "terminated by policy");
        } else if (ended.outcome() == Outcome.ERROR || ended.outcome() == Outcome.MODEL_FAILED) {
            run.span.setStatus(StatusCode.ERROR, ended.outcome().name());
        }
        run.span.end(ended.at());
    }

    private void finish(RunSpans run, String callId, CallSpan call, Instant at) {
        run.calls.remove(callId);
        calls.add(1, Attributes.of(DECISION, call.decision, RULE, call.rule, TOOL_NAME, call.tool));
        call.span.end(at);
    }

    /** The spans of one run in flight. */
    private static final class RunSpans {
        final Span span;
        final Map<String, CallSpan> calls = new ConcurrentHashMap<>();
        volatile Instant last;
        volatile String lastIncidentRule = "unknown";

        RunSpans(Span span, Instant start) {
            this.span = span;
            this.last = start;
        }

        Context context() {
            return Context.root().with(span);
        }

        synchronized Instant touch(Instant at) {
            Instant previous = last;
            if (at.isAfter(last)) {
                last = at;
            }
            return previous;
        }

        String lastIncidentRule() {
            return lastIncidentRule;
        }

        CallSpan call(String id, java.util.function.Supplier<Span> start, String tool) {
            return calls.computeIfAbsent(id, k -> new CallSpan(start.get(), tool));
        }
    }

    /** The span of one call in flight and its latest decision. */
    private static final class CallSpan {
        final Span span;
        final String tool;
        volatile String decision = "allow";
        volatile String rule = "none";
        volatile Instant approvalRequestedAt;

        CallSpan(Span span, String tool) {
            this.span = span;
            this.tool = tool;
        }
    }

    /** Options of an {@link OtelAuditSink}. */
    public static final class Builder {
        private final AuditSink delegate;
        private final OpenTelemetry openTelemetry;
        private String agent = "leash";
        private UnaryOperator<String> argumentMask;

        private Builder(AuditSink delegate, OpenTelemetry openTelemetry) {
            this.delegate = requireNonNull(delegate, "delegate is null");
            this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry is null");
        }

        /** The agent's name in {@code gen_ai.agent.name} and span names. Default {@code leash}. */
        public Builder agentName(String name) {
            this.agent = requireNonNull(name, "name is null");
            return this;
        }

        /**
         * Records each executed call's arguments as {@code gen_ai.tool.call.arguments}, after
         * {@code mask} (e.g. the deployment's secret redactor). Default: arguments are never recorded.
         */
        public Builder captureArguments(UnaryOperator<String> mask) {
            this.argumentMask = requireNonNull(mask, "mask is null");
            return this;
        }

        public OtelAuditSink build() {
            return new OtelAuditSink(this);
        }
    }
}
