package dev.leash.tiers.alert;

import dev.leash.api.audit.Alert;
import dev.leash.api.audit.AlertSink;

/**
 * Writes each alert as one {@code WARNING} line to the {@link System.Logger} named {@code
 * dev.leash.alerts} (routed to the platform logging, or to SLF4J when a bridge is present). The
 * default alert sink of Level 3; replace it with a pager or chat sink by binding {@link AlertSink}.
 * Thread-safe.
 */
public final class LoggingAlertSink implements AlertSink {

    private final System.Logger logger = System.getLogger("dev.leash.alerts");

    @Override
    public void alert(Alert alert) {
        logger.log(System.Logger.Level.WARNING, "leash alert [{0}] run={1} tool={2} rule={3}: {4}",
                alert.kind(), alert.runId(), alert.tool(), alert.rule(), alert.message());
    }
}
