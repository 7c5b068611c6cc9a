package dev.leash.api.audit;

/**
 * Where audit events go. Implementations are thread-safe and mask secrets before anything is
 * written.
 */
public interface AuditSink {

    /** Records an event. May buffer. */
    void record(AuditEvent event);

    /**
     * Records an event and returns only once it is durable (write-ahead records before a
     * WRITE or IRREVERSIBLE call runs).
     *
     * @throws AuditException if the event could not be made durable; the caller must then not
     *     perform the action it records
     */
    default void recordDurably(AuditEvent event) {
        record(event);
    }

    /** A sink that keeps nothing. For tests only. */
    static AuditSink discarding() {
        return event -> { };
    }
}
