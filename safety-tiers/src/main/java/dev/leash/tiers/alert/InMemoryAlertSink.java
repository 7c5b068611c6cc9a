package dev.leash.tiers.alert;

import dev.leash.api.audit.Alert;
import dev.leash.api.audit.AlertSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every alert in memory, in order: for tests and for a console that shows recent alerts. Thread-safe. */
public final class InMemoryAlertSink implements AlertSink {

    private final List<Alert> alerts = new ArrayList<>();

    @Override
    public synchronized void alert(Alert alert) {
        alerts.add(alert);
    }

    /** Every alert so far, oldest first. */
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    /** The alerts of one kind ({@code denial}, {@code approval}, {@code incident}), oldest first. */
    public synchronized List<Alert> alerts(String kind) {
        return alerts.stream().filter(a -> a.kind().equals(kind)).toList();
    }
}
