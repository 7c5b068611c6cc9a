package dev.leash.tiers.limit;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * An exact decimal ledger for one budget key: the sum of amounts spent within a rolling window
 * (or forever, for a per-run budget) may not exceed the maximum. Amounts are {@link BigDecimal},
 * never rounded. Thread-safe: every operation holds the ledger's lock, and nothing blocks on
 * anything else.
 */
final class ArgumentLedger {

    /** One spending, kept until it leaves the window; {@link #refund} takes it back. */
    record Entry(Instant at, BigDecimal amount) {
    }

    private final BigDecimal max;
    private final Optional<Duration> window;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private BigDecimal total = BigDecimal.ZERO;

    ArgumentLedger(BigDecimal max, Optional<Duration> window) {
        this.max = requireNonNull(max, "max is null");
        this.window = requireNonNull(window, "window is null");
    }

    /** Spends {@code amount} if the total stays within the maximum; returns the entry, or empty when refused. */
    synchronized Optional<Entry> trySpend(BigDecimal amount, Instant now) {
        evict(now);
        BigDecimal after = total.add(amount);
        if (after.compareTo(max) > 0) {
            return Optional.empty();
        }
        Entry entry = new Entry(now, amount);
        entries.addLast(entry);
        total = after;
        return Optional.of(entry);
    }

    /** Takes back a spending (when a later limit refused the call). */
    synchronized void refund(Entry entry) {
        // Identity: two equal spendings at the same instant are distinct entries.
        for (var it = entries.iterator(); it.hasNext(); ) {
            if (it.next() == entry) {
                it.remove();
                total = total.subtract(entry.amount());
                return;
            }
        }
    }

    /** What is spent within the window at {@code now}. */
    synchronized BigDecimal spent(Instant now) {
        evict(now);
        return total;
    }

    private void evict(Instant now) {
        if (window.isEmpty()) {
            return;
        }
        Instant cutoff = now.minus(window.get());
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(cutoff)) {
            total = total.subtract(entries.removeFirst().amount());
        }
    }
}
