package dev.leash.fleet.postgres;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.core.exec.CallLimiter;
import dev.leash.tiers.config.Budget;
import dev.leash.tiers.config.Rate;
import dev.leash.tiers.config.ToolLimits;
import dev.leash.tiers.limit.TierLimiter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The rate limits and budgets of {@code safety.tools}, kept in PostgreSQL so that every replica on
 * the same database draws from the same budgets: {@code budget: "100/day"} admits 100 calls in any
 * day for a principal, however many processes ask.
 *
 * <p>Each admission is one transaction: it takes a transaction-scoped advisory lock on the
 * budget (rule and key), sums what was spent within the window, and inserts the new spending only
 * if the total stays within the maximum; then the same for the tool's rate. If a later limit
 * refuses, the transaction rolls back, so a denied call consumes nothing. Amounts are {@code
 * NUMERIC}: exact decimals. Windows are rolling and measured on the database's clock, so replicas
 * with skewed clocks agree. A call that was admitted but does not run gets its budget back by
 * {@link #release} (one {@code DELETE}); the rate keeps counting it, as in the in-process {@link
 * TierLimiter}. The denial texts and rule names are those of {@link TierLimiter}.
 *
 * <p>Differences from the in-process limiter: a counted budget is a rolling window (at most
 * {@code max} calls in any span of the window) where bucket4j refills in full once per window, so
 * it is never more permissive; a rate is likewise a rolling window. A database error throws, and
 * the executor denies the call (fail closed).
 *
 * <p>Thread-safe: the state is in the database; the calls awaiting settlement are in a
 * synchronized map.
 */
public final class PostgresLimiter implements CallLimiter {

    /** The key of a rate's spending: a rate is shared by the whole deployment. */
    static final String DEPLOYMENT = "*";
    /** A per-run budget never refills; its spending is summed without a window. */
    private static final Optional<Duration> FOREVER = Optional.empty();

    private final DataSource data;
    private final Map<String, ToolLimits> limits;
    private final Map<ProposedCall, List<Long>> pending = Collections.synchronizedMap(new IdentityHashMap<>());

    public PostgresLimiter(DataSource data, Map<String, ToolLimits> limits) {
        this.data = requireNonNull(data, "data is null");
        this.limits = Map.copyOf(requireNonNull(limits, "limits is null"));
    }

    @Override
    public Optional<Decision.Deny> admit(ProposedCall call) {
        ToolLimits l = limits.get(call.tool());
        if (l == null || (l.budget().isEmpty() && l.rate().isEmpty())) {
            return Optional.empty();
        }
        String tool = call.tool();
        BigDecimal amount = BigDecimal.ONE;
        if (l.budget().orElse(null) instanceof Budget.ArgumentSum sum) {
            Optional<BigDecimal> value = amountOf(call, sum.argument());
            if (value.isEmpty()) {
                return deny(TierLimiter.budgetRule(tool), tool + " budget counts argument '" + sum.argument()
                        + "', which must be a number of at least 0; this call cannot be counted");
            }
            amount = value.get();
        }
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> taken = new ArrayList<>();
                if (l.budget().isPresent()) {
                    Budget b = l.budget().get();
                    boolean perRun = b.per().isPerRun();
                    String key = perRun ? call.run().runId() : call.run().principal();
                    String whose = perRun ? "this run" : call.run().principal();
                    String rule = TierLimiter.budgetRule(tool);
                    BigDecimal max = b instanceof Budget.Calls calls ? BigDecimal.valueOf(calls.max())
                            : ((Budget.ArgumentSum) b).max();
                    Optional<Duration> window = perRun ? FOREVER : b.per().duration();
                    lock(c, rule, key);
                    BigDecimal spent = spent(c, rule, key, window);
                    if (spent.add(amount).compareTo(max) > 0) {
                        c.rollback();
                        return deny(rule, b instanceof Budget.Calls
                                ? tool + " budget " + b + " for " + whose + " is used up; no more calls of " + tool + " now"
                                : tool + " budget " + b + " for " + whose + " would be exceeded: " + spent.toPlainString()
                                        + " spent, this call asks for " + amount.toPlainString());
                    }
                    taken.add(spend(c, rule, key, amount));
                }
                if (l.rate().isPresent()) {
                    Rate rate = l.rate().get();
                    String rule = TierLimiter.rateRule(tool);
                    lock(c, rule, DEPLOYMENT);
                    BigDecimal used = spent(c, rule, DEPLOYMENT, Optional.of(rate.period()));
                    if (used.add(BigDecimal.ONE).compareTo(BigDecimal.valueOf(rate.permits())) > 0) {
                        c.rollback();
                        return deny(rule, tool + " is limited to " + rate
                                + " and the limit is reached; try again later or do something else");
                    }
                    spend(c, rule, DEPLOYMENT, BigDecimal.ONE);
                }
                c.commit();
                if (!taken.isEmpty()) {
                    pending.put(call, taken);
                }
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the shared budgets could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(ProposedCall call) {
        List<Long> taken = pending.remove(call);
        if (taken == null) {
            return;
        }
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM leash_spending WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", taken.toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the budget of " + call.tool() + " could not be given back: " + e.getMessage(), e);
        }
    }

    @Override
    public void settle(ProposedCall call) {
        pending.remove(call);
    }

    /**
     * What is left of {@code tool}'s budget for {@code key} (a principal, or a run id for a
     * per-run budget) now, across every replica: calls, or the argument's units. Empty when the
     * tool has no budget. For a gauge such as {@code leash.budget.remaining}.
     */
    public Optional<BigDecimal> remaining(String tool, String key) {
        ToolLimits l = limits.get(tool);
        if (l == null || l.budget().isEmpty()) {
            return Optional.empty();
        }
        Budget b = l.budget().get();
        BigDecimal max = b instanceof Budget.Calls calls ? BigDecimal.valueOf(calls.max()) : ((Budget.ArgumentSum) b).max();
        Optional<Duration> window = b.per().isPerRun() ? FOREVER : b.per().duration();
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(amount), 0) FROM leash_spending"
                     + " WHERE rule = ? AND budget_key = ?"
                     + (window.isPresent() ? " AND spent_at > clock_timestamp() - make_interval(secs => ?)" : ""))) {
            s.setString(1, TierLimiter.budgetRule(tool));
            s.setString(2, key);
            if (window.isPresent()) {
                s.setDouble(3, window.get().toMillis() / 1000.0);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return Optional.of(max.subtract(r.getBigDecimal(1)).max(BigDecimal.ZERO));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the shared budgets could not be read: " + e.getMessage(), e);
        }
    }

    private static void lock(Connection c, String rule, String key) throws SQLException {
        // Two 32-bit hashes: a collision only makes two budgets wait for each other, never share a total.
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
            s.setString(1, rule);
            s.setString(2, key);
            s.execute();
        }
    }

    private static BigDecimal spent(Connection c, String rule, String key, Optional<Duration> window) throws SQLException {
        if (window.isPresent()) {
            // Spending that left the window is no longer needed: drop it while the budget is locked.
            try (PreparedStatement s = c.prepareStatement("DELETE FROM leash_spending WHERE rule = ? AND budget_key = ?"
                    + " AND spent_at <= clock_timestamp() - make_interval(secs => ?)")) {
                s.setString(1, rule);
                s.setString(2, key);
                s.setDouble(3, window.get().toMillis() / 1000.0);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(amount), 0) FROM leash_spending"
                + " WHERE rule = ? AND budget_key = ?")) {
            s.setString(1, rule);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBigDecimal(1);
            }
        }
    }

    private static long spend(Connection c, String rule, String key, BigDecimal amount) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO leash_spending (rule, budget_key, amount, spent_at)"
                + " VALUES (?, ?, ?, clock_timestamp()) RETURNING id")) {
            s.setString(1, rule);
            s.setString(2, key);
            s.setBigDecimal(3, amount);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; nothing was committed.
        }
    }

    private static Optional<Decision.Deny> deny(String rule, String reason) {
        return Optional.of(new Decision.Deny(rule, reason));
    }

    /** The exact decimal value of a numeric (or numeric text) argument; empty if absent, not a number or negative. */
    static Optional<BigDecimal> amountOf(ProposedCall call, String argument) {
        Optional<JsonNode> node = call.call().argument(argument);
        if (node.isEmpty() || !(node.get().isNumber() || node.get().isTextual())) {
            return Optional.empty();
        }
        try {
            BigDecimal value = new BigDecimal(node.get().asText().trim());
            return value.signum() < 0 ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
