package dev.leash.core.audit;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps events in memory, in order. Thread-safe. */
public final class InMemoryAuditSink implements AuditSink {

    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(AuditEvent event) {
        events.add(event);
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** Events of one type, in order. */
    public synchronized <T extends AuditEvent> List<T> events(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (AuditEvent event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }
}
