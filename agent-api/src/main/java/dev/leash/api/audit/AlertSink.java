package dev.leash.api.audit;

/** Receives alerts (a pager, a chat channel, a log). Must not throw or block for long; thread-safe. */
@FunctionalInterface
public interface AlertSink {

    void alert(Alert alert);

    static AlertSink none() {
        return alert -> { };
    }
}
