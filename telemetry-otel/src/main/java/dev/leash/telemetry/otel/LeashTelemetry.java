package dev.leash.telemetry.otel;

import dev.leash.api.audit.AuditSink;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * Entry points: an OpenTelemetry configured the OpenTelemetry way ({@code OTEL_*} environment
 * variables and {@code otel.*} system properties: {@code OTEL_SERVICE_NAME}, {@code
 * OTEL_TRACES_EXPORTER}, {@code OTEL_METRICS_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, ...),
 * and the audit sink that reports to it.
 */
public final class LeashTelemetry {

    private LeashTelemetry() {
    }

    /**
     * The SDK built by OpenTelemetry's autoconfiguration. Exporters named in the configuration
     * must be on the class path (e.g. {@code io.opentelemetry:opentelemetry-exporter-otlp}).
     */
    public static OpenTelemetry autoconfigured() {
        return AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
    }

    /** {@code delegate}, reporting spans and metrics of agent {@code agentName} to an autoconfigured SDK. */
    public static AuditSink wrap(AuditSink delegate, String agentName) {
        return OtelAuditSink.builder(delegate, autoconfigured()).agentName(agentName).build();
    }
}
