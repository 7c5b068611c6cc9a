package dev.leash.telemetry.otel;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import java.util.function.DoubleSupplier;

/**
 * The {@code leash.budget.remaining} gauge: what is left of a budget (calls, or the argument's
 * units), read when the metric is collected. Attributes {@code leash.rule} (e.g. {@code
 * safety.tools.issue_refund.budget}) and {@code leash.budget.key} (the principal). Thread-safe.
 */
public final class BudgetGauges {

    static final AttributeKey<String> KEY = AttributeKey.stringKey("leash.budget.key");

    private final OpenTelemetry otel;

    public BudgetGauges(OpenTelemetry otel) {
        this.otel = requireNonNull(otel, "otel is null");
    }

    /** Reports {@code remaining} for the budget {@code rule} of {@code key}; close the result to stop. */
    public ObservableDoubleGauge register(String rule, String key, DoubleSupplier remaining) {
        requireNonNull(remaining, "remaining is null");
        Attributes attributes = Attributes.of(OtelAuditSink.RULE, requireNonNull(rule, "rule is null"),
                KEY, requireNonNull(key, "key is null"));
        return otel.getMeter(OtelAuditSink.SCOPE).gaugeBuilder("leash.budget.remaining")
                .setDescription("What is left of a budget").setUnit("1")
                .buildWithCallback(m -> m.record(remaining.getAsDouble(), attributes));
    }
}
