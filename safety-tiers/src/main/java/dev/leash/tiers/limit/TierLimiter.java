package dev.leash.tiers.limit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.core.exec.CallLimiter;
import dev.leash.tiers.config.Budget;
import dev.leash.tiers.config.Rate;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.ToolLimits;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rate limits and budgets of {@code safety.tools}: a {@link CallLimiter} for the guarded
 * executor.
 *
 * <ul>
 *   <li>{@code rate: "5/min"}: a resilience4j {@link RateLimiter} per tool, shared by the whole
 *       deployment, with a zero timeout: past the rate a call is denied at once, never queued.
 *   <li>{@code budget: "20/day"}: a bucket4j {@link Bucket} per tool and principal, refilled in
 *       full once per window; {@code "3/run"} is a bucket per tool and run.
 *   <li>{@code budget: {argument: amount, max: 500, per: day}}: an exact {@link BigDecimal} ledger
 *       per tool and principal (or run) over a rolling window; {@code 0.1 + 0.2} is {@code 0.3}.
 *       A call whose argument is missing, not a number, or negative is denied (it cannot be
 *       counted).
 * </ul>
 *
 * <p>Budgets are asked first, then the rate; when a later limit refuses, what the earlier ones
 * consumed is given back, so a denied call consumes nothing. An admitted call that then does not
 * run (its reviewer said no, its write-ahead record failed) gets its budget back through {@link
 * #release}; the rate counts it, as rates count attempts. A denial names the limit by its
 * configuration key ({@code safety.tools.send_email.rate}) and never blocks. Per-run state is kept
 * for the {@value #MAX_TRACKED_RUNS} most recent runs.
 *
 * <p>Thread-safe: bucket4j buckets and resilience4j limiters are lock-free; each ledger has its
 * own lock.
 */
public final class TierLimiter implements CallLimiter {

    /** How many runs' per-run budgets are remembered; older runs are forgotten. */
    public static final int MAX_TRACKED_RUNS = 10_000;

    /** A per-run bucket never refills within a run; this is how long "never" is. */
    private static final Duration NEVER = Duration.ofDays(36_500);

    private final Map<String, ToolLimiter> tools;
    private final Clock clock;
    /** What each admitted call took, until it is settled or released; keyed by the call object. */
    private final Map<ProposedCall, Runnable> pending = Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    public TierLimiter(Map<String, ToolLimits> limits, Clock clock) {
        requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
        Map<String, ToolLimiter> byTool = new LinkedHashMap<>();
        limits.forEach((tool, l) -> byTool.put(tool, new ToolLimiter(tool, l)));
        this.tools = Map.copyOf(byTool);
    }

    /** The limiter of {@code safety.tools}, on the system clock. */
    public static TierLimiter of(SafetyConfig safety) {
        return new TierLimiter(safety.tools(), Clock.systemUTC());
    }

    @Override
    public Optional<Decision.Deny> admit(ProposedCall call) {
        ToolLimiter limiter = tools.get(call.tool());
        return limiter == null ? Optional.empty() : limiter.admit(call, refund -> pending.put(call, refund));
    }

    @Override
    public void release(ProposedCall call) {
        Runnable refund = pending.remove(call);
        if (refund != null) {
            refund.run();
        }
    }

    @Override
    public void settle(ProposedCall call) {
        pending.remove(call);
    }

    /** What {@code key} (a principal or a run id) has spent of {@code tool}'s argument budget, if it has one. */
    Optional<BigDecimal> spent(String tool, String key) {
        ToolLimiter limiter = tools.get(tool);
        if (limiter == null) {
            return Optional.empty();
        }
        ArgumentLedger ledger = Optional.ofNullable(limiter.principalLedgers.get(key)).orElse(limiter.runLedgers.get(key));
        return ledger == null ? Optional.empty() : Optional.of(ledger.spent(clock.instant()));
    }

    /** The calls left in {@code key}'s call budget of {@code tool}, if it has one. */
    Optional<Long> availableCalls(String tool, String key) {
        ToolLimiter limiter = tools.get(tool);
        if (limiter == null) {
            return Optional.empty();
        }
        Bucket bucket = Optional.ofNullable(limiter.principalBuckets.get(key)).orElse(limiter.runBuckets.get(key));
        return bucket == null ? Optional.empty() : Optional.of(bucket.getAvailableTokens());
    }

    /** Rule name of a tool's rate limit: {@code safety.tools.<tool>.rate}. */
    public static String rateRule(String tool) {
        return "safety.tools." + tool + ".rate";
    }

    /** Rule name of a tool's budget: {@code safety.tools.<tool>.budget}. */
    public static String budgetRule(String tool) {
        return "safety.tools." + tool + ".budget";
    }

    private final class ToolLimiter {
        private final String tool;
        private final Optional<Rate> rateConfig;
        private final Optional<RateLimiter> rate;
        private final Optional<Budget> budget;
        private final Map<String, Bucket> principalBuckets = new ConcurrentHashMap<>();
        private final Map<String, Bucket> runBuckets = recentRuns();
        private final Map<String, ArgumentLedger> principalLedgers = new ConcurrentHashMap<>();
        private final Map<String, ArgumentLedger> runLedgers = recentRuns();

        ToolLimiter(String tool, ToolLimits limits) {
            this.tool = tool;
            this.rateConfig = limits.rate();
            this.rate = limits.rate().map(r -> RateLimiter.of("leash." + tool, RateLimiterConfig.custom()
                    .limitForPeriod(r.permits())
                    .limitRefreshPeriod(r.period())
                    .timeoutDuration(Duration.ZERO)
                    .build()));
            this.budget = limits.budget();
        }

        Optional<Decision.Deny> admit(ProposedCall call, java.util.function.Consumer<Runnable> admitted) {
            Runnable refund = () -> { };
            if (budget.isPresent()) {
                Budget b = budget.get();
                String key = b.per().isPerRun() ? call.run().runId() : call.run().principal();
                String whose = b.per().isPerRun() ? "this run" : call.run().principal();
                if (b instanceof Budget.Calls calls) {
                    Bucket bucket = bucketFor(calls, key);
                    if (!bucket.tryConsume(1)) {
                        return deny(budgetRule(tool), tool + " budget " + calls + " for " + whose
                                + " is used up; no more calls of " + tool + " now");
                    }
                    refund = () -> bucket.addTokens(1);
                } else {
                    Budget.ArgumentSum sum = (Budget.ArgumentSum) b;
                    Optional<BigDecimal> amount = amountOf(call, sum.argument());
                    if (amount.isEmpty()) {
                        return deny(budgetRule(tool), tool + " budget counts argument '" + sum.argument()
                                + "', which must be a number of at least 0; this call cannot be counted");
                    }
                    ArgumentLedger ledger = ledgerFor(sum, key);
                    Optional<ArgumentLedger.Entry> entry = ledger.trySpend(amount.get(), clock.instant());
                    if (entry.isEmpty()) {
                        return deny(budgetRule(tool), tool + " budget " + sum + " for " + whose + " would be exceeded: "
                                + ledger.spent(clock.instant()).toPlainString() + " spent, this call asks for "
                                + amount.get().toPlainString());
                    }
                    refund = () -> ledger.refund(entry.get());
                }
            }
            if (rate.isPresent() && !rate.get().acquirePermission()) {
                refund.run();
                return deny(rateRule(tool), tool + " is limited to " + rateConfig.get()
                        + " and the limit is reached; try again later or do something else");
            }
            admitted.accept(refund);
            return Optional.empty();
        }

        private Bucket bucketFor(Budget.Calls calls, String key) {
            Function<String, Bucket> create = k -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(calls.max())
                            .refillIntervally(calls.max(), calls.per().duration().orElse(NEVER)))
                    .build();
            return calls.per().isPerRun() ? runBuckets.computeIfAbsent(key, create)
                    : principalBuckets.computeIfAbsent(key, create);
        }

        private ArgumentLedger ledgerFor(Budget.ArgumentSum sum, String key) {
            Function<String, ArgumentLedger> create = k -> new ArgumentLedger(sum.max(), sum.per().duration());
            return sum.per().isPerRun() ? runLedgers.computeIfAbsent(key, create)
                    : principalLedgers.computeIfAbsent(key, create);
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
            // asText() of a parsed number is its shortest decimal form, so 0.1 stays 0.1.
            BigDecimal value = new BigDecimal(node.get().asText().trim());
            return value.signum() < 0 ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static <V> Map<String, V> recentRuns() {
        return Collections.synchronizedMap(new LinkedHashMap<String, V>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED_RUNS;
            }
        });
    }
}
