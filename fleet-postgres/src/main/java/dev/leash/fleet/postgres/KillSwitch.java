package dev.leash.fleet.postgres;

import static java.util.Objects.requireNonNull;

import dev.leash.api.run.RunContext;
import dev.leash.core.exec.StopCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The kill switch of a fleet: stops recorded in PostgreSQL that every replica's executor obeys.
 *
 * <p>{@link #stop} records a stop of every run of an agent, of a principal, or of one run; {@link
 * #lift} ends it. {@link #check(String, Duration)} gives the executor's view: it re-reads the
 * active stops when its copy is older than {@code refresh}, so a call that starts after {@code T +
 * refresh} (a stop committed at {@code T}) always sees it. <b>The longest delay between the
 * command and the last call that can still start is {@code refresh}</b> (default 1 s) plus the
 * time of one read of the table; the executor asks both before checking a call and right before
 * invoking it, so an approval that waited meanwhile does not let a stopped call through. If the
 * stops cannot be read the view stops every run (fail closed) until a read succeeds.
 *
 * <p>Thread-safe: writes are single statements; the view swaps an immutable snapshot.
 */
public final class KillSwitch {

    /** What a stop applies to. */
    public enum Scope {
        /** Every run of the replicas configured with this {@code store.agent}. */
        AGENT,
        /** Every run on behalf of this principal. */
        PRINCIPAL,
        /** One run, by its id. */
        RUN;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Scope of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * An active stop.
     *
     * @param id its row
     * @param scope what it applies to
     * @param target the agent name, principal or run id
     * @param reason what the operator said
     * @param stoppedBy who gave it
     * @param stoppedAt when it was recorded (the database's clock)
     */
    public record Stop(long id, Scope scope, String target, String reason, String stoppedBy, Instant stoppedAt) {
        public Stop {
            requireNonNull(scope, "scope is null");
            requireNonNull(target, "target is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(stoppedBy, "stoppedBy is null");
            requireNonNull(stoppedAt, "stoppedAt is null");
        }

        boolean applies(String agent, RunContext run) {
            return switch (scope) {
                case AGENT -> target.equals(agent);
                case PRINCIPAL -> target.equals(run.principal());
                case RUN -> target.equals(run.runId());
            };
        }
    }

    private final DataSource data;

    public KillSwitch(DataSource data) {
        this.data = requireNonNull(data, "data is null");
    }

    /** Records a stop and returns it. {@code by} names the operator; it is shown in every incident it causes. */
    public Stop stop(Scope scope, String target, String reason, String by) {
        requireNonNull(scope, "scope is null");
        requireText(target, "target");
        requireText(by, "by");
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO leash_stop (scope, target, reason, stopped_by)"
                     + " VALUES (?, ?, ?, ?) RETURNING id, stopped_at")) {
            s.setString(1, scope.column());
            s.setString(2, target);
            s.setString(3, why);
            s.setString(4, by);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Stop(r.getLong(1), scope, target, why, by, r.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the stop could not be recorded: " + e.getMessage(), e);
        }
    }

    /** Lifts every active stop of {@code scope} and {@code target}; returns how many were lifted. */
    public int lift(Scope scope, String target, String by) {
        requireNonNull(scope, "scope is null");
        requireText(target, "target");
        requireText(by, "by");
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE leash_stop SET lifted_by = ?, lifted_at = clock_timestamp()"
                     + " WHERE scope = ? AND target = ? AND lifted_at IS NULL")) {
            s.setString(1, by);
            s.setString(2, scope.column());
            s.setString(3, target);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the stop could not be lifted: " + e.getMessage(), e);
        }
    }

    /** Every stop not yet lifted, oldest first. */
    public List<Stop> active() {
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, scope, target, reason, stopped_by, stopped_at"
                     + " FROM leash_stop WHERE lifted_at IS NULL ORDER BY id");
             ResultSet r = s.executeQuery()) {
            List<Stop> stops = new ArrayList<>();
            while (r.next()) {
                Timestamp at = r.getTimestamp(6);
                stops.add(new Stop(r.getLong(1), Scope.of(r.getString(2)), r.getString(3), r.getString(4),
                        r.getString(5), at.toInstant()));
            }
            return List.copyOf(stops);
        } catch (SQLException e) {
            throw new IllegalStateException("the stops could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * The executor's view for replicas of {@code agent}: the active stops, re-read when the copy
     * is older than {@code refresh}.
     */
    public StopCheck check(String agent, Duration refresh) {
        return new CachedView(this, requireNonNull(agent, "agent is null"), requireNonNull(refresh, "refresh is null"));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Re-reads the stops on the calling thread when its copy is too old; one reader at a time. */
    private static final class CachedView implements StopCheck {
        private record Snapshot(long readAtNanos, List<KillSwitch.Stop> stops, Optional<String> error) {
        }

        private final KillSwitch store;
        private final String agent;
        private final long refreshNanos;
        private volatile Snapshot snapshot;

        CachedView(KillSwitch store, String agent, Duration refresh) {
            this.store = store;
            this.agent = agent;
            this.refreshNanos = refresh.toNanos();
        }

        @Override
        public Optional<StopCheck.Stop> stopped(RunContext run) {
            Snapshot current = fresh();
            if (current.error().isPresent()) {
                return Optional.of(new StopCheck.Stop("kill-switch.unreadable", "system",
                        "the kill switch could not be read, so no call may start: " + current.error().get()));
            }
            for (KillSwitch.Stop stop : current.stops()) {
                if (stop.applies(agent, run)) {
                    return Optional.of(new StopCheck.Stop("kill-switch." + stop.scope().column(), stop.stoppedBy(),
                            stop.reason() + " (stop #" + stop.id() + " of " + stop.scope().column() + " " + stop.target()
                                    + " at " + stop.stoppedAt() + ")"));
                }
            }
            return Optional.empty();
        }

        private Snapshot fresh() {
            Snapshot current = snapshot;
            if (current != null && System.nanoTime() - current.readAtNanos() < refreshNanos) {
                return current;
            }
            synchronized (this) {
                current = snapshot;
                if (current != null && System.nanoTime() - current.readAtNanos() < refreshNanos) {
                    return current;
                }
                // The time is taken before the read: the copy is never younger than it claims.
                long before = System.nanoTime();
                try {
                    current = new Snapshot(before, store.active(), Optional.empty());
                } catch (RuntimeException e) {
                    current = new Snapshot(before, List.of(), Optional.of(String.valueOf(e.getMessage())));
                }
                snapshot = current;
                return current;
            }
        }
    }
}
