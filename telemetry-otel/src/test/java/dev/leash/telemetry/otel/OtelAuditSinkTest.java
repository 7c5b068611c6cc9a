package dev.leash.telemetry.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolMethod;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Level 2 run, its audit turned into spans and metrics, read back from the SDK's in-memory exporters. */
class OtelAuditSinkTest {

    static final String SECRET = "sk-live-7f3a9c2e41d8";

    public static final class Shop {
        @ToolMethod(name = "lookup_order", description = "Look an order up")
        @Read
        public String lookup(@Arg("order id") String order) {
            return "order " + order + ": 2 items";
        }

        @ToolMethod(name = "issue_refund", description = "Refund an order")
        @Irreversible
        public String refund(@Arg("order id") String order, @Arg("amount in EUR") BigDecimal amount,
                             @Arg("note to the customer") String note) {
            return "refunded " + amount;
        }
    }

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    @AfterEach
    void close() {
        otel.close();
    }

    private RunResult run(UnaryOperator<String> mask) {
        LeashConfig config = LeashConfig.parse("""
                safety:
                  secrets: { values: ["%s"] }
                  tools:
                    issue_refund: { budget: { argument: amount, max: 500, per: day } }
                """.formatted(SECRET), "leash.yaml");
        OtelAuditSink.Builder sink = OtelAuditSink.builder(new InMemoryAuditSink(), otel).agentName("refunds");
        if (mask != null) {
            sink.captureArguments(mask);
        }
        AuditSink audit = sink.build();
        AgentLoop agent = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).addAnnotated(new Shop());
                bind(AuditSink.class).toInstance(audit);
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(ScriptedPlanner.parse("""
                        - calls: [ { tool: lookup_order, args: { order: ORD-4411 } } ]
                        - calls: [ { tool: issue_refund, args: { order: ORD-4411, amount: 40, note: "sorry" } } ]
                        - calls: [ { tool: issue_refund, args: { order: ORD-4411, amount: 5, note: "key %s" } } ]
                        - finish: done
                        """.formatted(SECRET), "test")));
                TierModule.approvalGate(binder()).toInstance(request -> ApprovalResult.approved("dana", request));
            }
        }).getInstance(AgentLoop.class);
        return agent.run(RunRequest.of("refund order ORD-4411", "support@shop.example"));
    }

    @Test
    void aRunsTraceHasItsToolCallsAsChildrenWithTheirDecisionsAndNoSecret() {
        RunResult result = run(null);
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);

        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData root = all.stream().filter(s -> s.getName().equals("invoke_agent refunds")).findFirst().orElseThrow();
        assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("refunds");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("leash.outcome"))).isEqualTo("COMPLETED");
        assertThat(root.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNotNull();

        List<SpanData> tools = all.stream().filter(s -> s.getName().startsWith("execute_tool ")).toList();
        assertThat(tools).hasSize(3).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
        });
        assertThat(all.stream().filter(s -> s.getName().equals("chat"))).hasSize(4)
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId()));

        SpanData lookup = tools.get(0);
        assertThat(lookup.getName()).isEqualTo("execute_tool lookup_order");
        assertThat(attr(lookup, "leash.decision")).isEqualTo("allow");
        assertThat(attr(lookup, "leash.impact")).isEqualTo("READ");
        assertThat(attr(lookup, "leash.status")).isEqualTo("OK");

        SpanData approved = tools.get(1);
        assertThat(attr(approved, "gen_ai.tool.name")).isEqualTo("issue_refund");
        assertThat(attr(approved, "leash.impact")).isEqualTo("IRREVERSIBLE");
        assertThat(attr(approved, "leash.approval.result")).isEqualTo("approved");
        assertThat(attr(approved, "leash.approval.reviewer")).isEqualTo("dana");
        assertThat(attr(approved, "leash.status")).isEqualTo("OK");

        SpanData leaked = tools.get(2);
        assertThat(attr(leaked, "leash.decision")).isEqualTo("deny");
        assertThat(attr(leaked, "leash.rule")).contains("leak");
        assertThat(attr(leaked, "leash.stage")).isEqualTo("policy");
        assertThat(leaked.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);

        // No attribute of any span carries the secret, nor an argument or the goal.
        for (SpanData span : all) {
            span.getAttributes().forEach((key, value) -> assertThat(String.valueOf(value))
                    .as("%s of %s", key, span.getName()).doesNotContain(SECRET).doesNotContain("ORD-4411").doesNotContain("sorry"));
            span.getEvents().forEach(e -> assertThat(e.getAttributes().toString()).doesNotContain(SECRET));
        }

        // Metrics: calls by decision and rule, approvals pending and their latency.
        Collection<MetricData> data = metrics.collectAllMetrics();
        Map<String, Long> callsByDecision = metric(data, "leash.calls").getLongSumData().getPoints().stream()
                .collect(Collectors.groupingBy(p -> p.getAttributes().get(AttributeKey.stringKey("leash.decision")),
                        Collectors.summingLong(LongPointData::getValue)));
        assertThat(callsByDecision).containsEntry("deny", 1L).containsEntry("allow", 2L);
        assertThat(metric(data, "leash.calls").getLongSumData().getPoints())
                .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("leash.rule"))).contains("leak"));
        assertThat(metric(data, "leash.approvals.pending").getLongSumData().getPoints())
                .singleElement().satisfies(p -> assertThat(p.getValue()).isZero());
        assertThat(metric(data, "leash.approval.duration").getHistogramData().getPoints())
                .singleElement().satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
    }

    @Test
    void argumentsAreRecordedOnlyWhenConfiguredAndThenMasked() {
        run(text -> text.replace(SECRET, "[secret]").replaceAll("ORD-\\d+", "ORD-****"));
        List<SpanData> tools = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("execute_tool ")).toList();
        assertThat(attr(tools.get(1), "gen_ai.tool.call.arguments")).contains("ORD-****").contains("40")
                .doesNotContain("ORD-4411");
        // The denied call never ran: its arguments are not recorded at all.
        assertThat(attr(tools.get(2), "gen_ai.tool.call.arguments")).isNull();
    }

    @Test
    void aTerminatedRunIsCounted() {
        LeashConfig config = LeashConfig.parse("safety: { level: 2 }", "leash.yaml");
        AuditSink audit = OtelAuditSink.builder(new InMemoryAuditSink(), otel).agentName("refunds").build();
        AgentLoop agent = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).addAnnotated(new Shop());
                bind(AuditSink.class).toInstance(audit);
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(ScriptedPlanner.parse("""
                        - calls: [ { tool: wipe_disk, args: {} } ]
                        - calls: [ { tool: wipe_disk, args: {} } ]
                        - calls: [ { tool: wipe_disk, args: {} } ]
                        - finish: done
                        """, "test")));
            }
        }).getInstance(AgentLoop.class);
        assertThat(agent.run(RunRequest.of("x", "p")).outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(metric(metrics.collectAllMetrics(), "leash.runs.terminated").getLongSumData().getPoints())
                .singleElement().satisfies(p -> {
                    assertThat(p.getValue()).isEqualTo(1);
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("leash.rule"))).isEqualTo("persistence.max_denials");
                });
    }

    @Test
    void budgetRemainingIsReadWhenMetricsAreCollected() {
        java.util.concurrent.atomic.AtomicReference<Double> left = new java.util.concurrent.atomic.AtomicReference<>(500.0);
        new BudgetGauges(otel).register("safety.tools.issue_refund.budget", "support@shop.example", left::get);
        left.set(455.5);
        assertThat(metric(metrics.collectAllMetrics(), "leash.budget.remaining").getDoubleGaugeData().getPoints())
                .singleElement().satisfies(p -> {
                    assertThat(p.getValue()).isEqualTo(455.5);
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("leash.rule")))
                            .isEqualTo("safety.tools.issue_refund.budget");
                });
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static MetricData metric(Collection<MetricData> data, String name) {
        return data.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + data));
    }
}
