package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.run.Outcome;
import dev.leash.approvals.internal.RequestJson;
import dev.leash.core.suspend.SuspendedRun;
import dev.leash.core.suspend.SuspensionStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable approval store: pending requests, reviewers' answers and suspended runs, in one
 * SQL database. {@link #embedded(Path)} is an H2 file under the work directory (several
 * processes on one machine share it: the agent and the console); {@link #open(String, String,
 * String)} with a {@code jdbc:postgresql:} URL is shared by replicas.
 *
 * <p>Binding is enforced here, in SQL, not only by callers: an answer counts only for a request
 * that is still pending, before its expiry, and for the call hash the request was made for (a
 * conditional update; of two reviewers answering at once exactly one counts); a run takes an
 * answer only for its own request id, run id, call id and hash, and only once; a suspended run
 * is claimed for resuming by one caller only. Every answer keeps who gave it, when, and the hash
 * they saw.
 *
 * <p>Thread-safe; every operation uses its own connection and is atomic.
 */
public final class ApprovalStore implements SuspensionStore, AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Clock clock;
    private final Connection keeper;

    private ApprovalStore(String url, String user, String password, Clock clock) {
        this.url = requireNonNull(url, "url is null");
        this.user = user;
        this.password = password;
        this.clock = requireNonNull(clock, "clock is null");
        try {
            // H2 closes a database with its last connection; one stays open for the store's life.
            this.keeper = connect();
            createSchema(url.startsWith("jdbc:postgresql:"));
        } catch (SQLException e) {
            throw new StoreException("cannot open the approval store at " + redactUrl(url) + ": " + e.getMessage(), e);
        }
    }

    /** The embedded store: the H2 file {@code approvals} in {@code workDir}, shared by local processes. */
    public static ApprovalStore embedded(Path workDir) {
        requireNonNull(workDir, "workDir is null");
        Path file = workDir.toAbsolutePath().resolve("approvals");
        return new ApprovalStore("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE", "leash", "", Clock.systemUTC());
    }

    /** A store at a JDBC URL ({@code jdbc:postgresql://host/db} or {@code jdbc:h2:...}). */
    public static ApprovalStore open(String jdbcUrl, String user, String password) {
        return new ApprovalStore(jdbcUrl, user, password, Clock.systemUTC());
    }

    /** The same database seen through another clock (tests of expiry). */
    public ApprovalStore withClock(Clock other) {
        return new ApprovalStore(url, user, password, other);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private void createSchema(boolean postgres) throws SQLException {
        String text = postgres ? "TEXT" : "CLOB";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS leash_approval_requests ("
                    + "id VARCHAR(64) PRIMARY KEY, run_id VARCHAR(200) NOT NULL, call_id VARCHAR(200) NOT NULL, "
                    + "principal VARCHAR(500) NOT NULL, agent VARCHAR(200) NOT NULL, tool VARCHAR(200) NOT NULL, "
                    + "call_hash VARCHAR(64) NOT NULL, flags INT NOT NULL, request " + text + " NOT NULL, "
                    + "requested_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, status VARCHAR(20) NOT NULL, "
                    + "answered_by VARCHAR(200), answered_at BIGINT, seen_hash VARCHAR(64), answer_reason " + text + ", "
                    + "used_at BIGINT)");
            s.execute("CREATE INDEX IF NOT EXISTS leash_approval_requests_run ON leash_approval_requests (run_id)");
            s.execute("CREATE TABLE IF NOT EXISTS leash_suspended_runs ("
                    + "run_id VARCHAR(200) PRIMARY KEY, status VARCHAR(40) NOT NULL, goal " + text + " NOT NULL, "
                    + "principal VARCHAR(500) NOT NULL, snapshot " + text + " NOT NULL, updated_at BIGINT NOT NULL)");
        }
    }

    // ---- requests and answers -----------------------------------------------------------------

    /** Stores a pending request of {@code agent}; returns its id. Durable when this returns. */
    public String submit(ApprovalRequest request, String agent) {
        requireNonNull(request, "request is null");
        requireNonNull(agent, "agent is null");
        String id = "apr-" + UUID.randomUUID();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO leash_approval_requests "
                + "(id, run_id, call_id, principal, agent, tool, call_hash, flags, request, requested_at, expires_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')")) {
            s.setString(1, id);
            s.setString(2, request.runId());
            s.setString(3, request.callId());
            s.setString(4, request.principal());
            s.setString(5, agent);
            s.setString(6, request.call().tool());
            s.setString(7, request.callHash());
            s.setInt(8, request.flags().size());
            s.setString(9, RequestJson.write(request));
            s.setLong(10, request.requestedAt().toEpochMilli());
            s.setLong(11, request.expiresAt().toEpochMilli());
            s.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new StoreException("cannot store the approval request for " + request.call().tool() + ": " + e.getMessage(), e);
        }
    }

    /** One request, if it exists. */
    public Optional<StoredRequest> find(String id) {
        List<StoredRequest> found = query("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Requests still undecided and not expired, risk-flagged first, then oldest first. */
    public List<StoredRequest> pending() {
        return query("WHERE status = 'PENDING' AND expires_at >= ? ORDER BY flags DESC, requested_at, id",
                clock.instant().toEpochMilli());
    }

    /** Every request, newest first (the history), at most {@code limit}. */
    public List<StoredRequest> history(int limit) {
        List<StoredRequest> all = query("ORDER BY requested_at DESC, id");
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** The requests of one run, oldest first. */
    public List<StoredRequest> ofRun(String runId) {
        return query("WHERE run_id = ? ORDER BY requested_at, id", runId);
    }

    /**
     * Records an answer, if it counts: the request is pending, not expired, and {@code seenHash}
     * is its call hash. Exactly one of several concurrent answers counts (a conditional update).
     *
     * @return true when this answer counted
     */
    public boolean answer(String id, boolean approve, String reviewer, String reason, String seenHash) {
        requireNonNull(id, "id is null");
        requireNonNull(reviewer, "reviewer is null");
        requireNonNull(seenHash, "seenHash is null");
        long now = clock.instant().toEpochMilli();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("UPDATE leash_approval_requests "
                + "SET status = ?, answered_by = ?, answered_at = ?, seen_hash = ?, answer_reason = ? "
                + "WHERE id = ? AND status = 'PENDING' AND expires_at >= ? AND call_hash = ?")) {
            s.setString(1, approve ? "APPROVED" : "REJECTED");
            s.setString(2, reviewer);
            s.setLong(3, now);
            s.setString(4, seenHash);
            s.setString(5, reason == null ? "" : reason);
            s.setString(6, id);
            s.setLong(7, now);
            s.setString(8, seenHash);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot record the answer to " + id + ": " + e.getMessage(), e);
        }
    }

    // ---- suspended runs -----------------------------------------------------------------------

    @Override
    public void save(SuspendedRun run) {
        long now = clock.instant().toEpochMilli();
        String json = run.toJson();
        try (Connection c = connect()) {
            try (PreparedStatement u = c.prepareStatement("UPDATE leash_suspended_runs SET status = 'suspended', "
                    + "snapshot = ?, updated_at = ? WHERE run_id = ?")) {
                u.setString(1, json);
                u.setLong(2, now);
                u.setString(3, run.runId());
                if (u.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO leash_suspended_runs "
                    + "(run_id, status, goal, principal, snapshot, updated_at) VALUES (?, 'suspended', ?, ?, ?, ?)")) {
                i.setString(1, run.runId());
                i.setString(2, run.request().goal());
                i.setString(3, run.request().principal());
                i.setString(4, json);
                i.setLong(5, now);
                i.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store suspended run " + run.runId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SuspendedRun> claim(String runId) {
        if (!setRunStatus(runId, "suspended", "resuming")) {
            return Optional.empty();
        }
        return snapshot(runId);
    }

    /** The stored snapshot of a run, whatever its status (the console shows what a run did so far). */
    public Optional<SuspendedRun> snapshot(String runId) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT snapshot FROM leash_suspended_runs WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(SuspendedRun.fromJson(r.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read suspended run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(String runId) {
        setRunStatus(runId, "resuming", "suspended");
    }

    @Override
    public void finish(String runId, Outcome outcome) {
        try (Connection c = connect();
             PreparedStatement run = c.prepareStatement("UPDATE leash_suspended_runs SET status = ?, updated_at = ? WHERE run_id = ?");
             PreparedStatement withdraw = c.prepareStatement("UPDATE leash_approval_requests SET status = 'WITHDRAWN' "
                     + "WHERE run_id = ? AND status = 'PENDING'")) {
            run.setString(1, outcome.name());
            run.setLong(2, clock.instant().toEpochMilli());
            run.setString(3, runId);
            run.executeUpdate();
            withdraw.setString(1, runId);
            withdraw.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot finish run " + runId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> status(String runId) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT status FROM leash_suspended_runs WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Ids of runs that are suspended now, oldest first. */
    public List<String> suspendedRuns() {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT run_id FROM leash_suspended_runs WHERE status = 'suspended' ORDER BY updated_at, run_id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("cannot list suspended runs: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ApprovalResult> decided(String requestId) {
        Optional<StoredRequest> found = find(requestId);
        if (found.isEmpty()) {
            return Optional.of(new ApprovalResult.Failed("system", "no request " + requestId + " in the store", clock.instant()));
        }
        StoredRequest r = found.get();
        Instant now = clock.instant();
        return switch (r.status()) {
            case PENDING -> r.request().expiredAt(now) ? Optional.of(new ApprovalResult.TimedOut("system", now)) : Optional.empty();
            case APPROVED -> Optional.of(new ApprovalResult.Approved(r.answeredBy().orElseThrow(), r.seenHash().orElseThrow(),
                    r.answeredAt().orElseThrow(), r.request().runId(), r.request().callId(), r.request().principal()));
            case REJECTED -> Optional.of(new ApprovalResult.Rejected(r.answeredBy().orElseThrow(), r.answerReason().orElse(""),
                    r.answeredAt().orElseThrow()));
            case WITHDRAWN -> Optional.of(new ApprovalResult.Failed("system", "the request was withdrawn", now));
        };
    }

    @Override
    public ApprovalResult take(String requestId, String runId, String callId, String callHash) {
        long now = clock.instant().toEpochMilli();
        int taken;
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("UPDATE leash_approval_requests "
                + "SET used_at = ? WHERE id = ? AND run_id = ? AND call_id = ? AND call_hash = ? AND used_at IS NULL "
                + "AND status IN ('APPROVED', 'REJECTED')")) {
            s.setLong(1, now);
            s.setString(2, requestId);
            s.setString(3, runId);
            s.setString(4, callId);
            s.setString(5, callHash);
            taken = s.executeUpdate();
        } catch (SQLException e) {
            return new ApprovalResult.Failed("system", "the answer could not be read: " + e.getMessage(), clock.instant());
        }
        Optional<ApprovalResult> answer = decided(requestId);
        if (taken == 1 && answer.isPresent()) {
            return answer.get();
        }
        if (answer.isPresent() && answer.get() instanceof ApprovalResult.TimedOut timedOut) {
            return timedOut;
        }
        if (answer.isPresent() && answer.get() instanceof ApprovalResult.Failed failed) {
            return failed;
        }
        return new ApprovalResult.Failed("system", answer.isEmpty() ? "the request is still undecided"
                : "the answer to " + requestId + " does not belong to this run, call and arguments, or was already used",
                clock.instant());
    }

    private boolean setRunStatus(String runId, String from, String to) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE leash_suspended_runs SET status = ?, updated_at = ? WHERE run_id = ? AND status = ?")) {
            s.setString(1, to);
            s.setLong(2, clock.instant().toEpochMilli());
            s.setString(3, runId);
            s.setString(4, from);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot update run " + runId + ": " + e.getMessage(), e);
        }
    }

    private List<StoredRequest> query(String where, Object... parameters) {
        List<StoredRequest> found = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT id, agent, request, status, "
                + "answered_by, answered_at, seen_hash, answer_reason, used_at FROM leash_approval_requests " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new StoredRequest(r.getString(1), r.getString(2), RequestJson.read(r.getString(3)),
                            StoredRequest.Status.valueOf(r.getString(4)), Optional.ofNullable(r.getString(5)),
                            instant(r, 6), Optional.ofNullable(r.getString(7)), Optional.ofNullable(r.getString(8)),
                            instant(r, 9)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("cannot read approval requests: " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } catch (SQLException e) {
            // closing: nothing to do
        }
    }

    /** The store could not be read or written. */
    public static final class StoreException extends dev.leash.api.LeashException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
