package dev.leash.tiers.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.support.TestRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TierLimiterTest {

    private static TierLimiter limiter(String toolsYaml) {
        return TierLimiter.of(safety(toolsYaml));
    }

    private static SafetyConfig safety(String toolsYaml) {
        return LeashConfig.parse("safety:\n  tools:\n" + toolsYaml, "leash.yaml").safety();
    }

    private static final TestRun ALEX = new TestRun("run-a", "alex@example.com", SafetyLevel.LEVEL_2);
    private static final TestRun ALEX_AGAIN = new TestRun("run-b", "alex@example.com", SafetyLevel.LEVEL_2);
    private static final TestRun SAM = new TestRun("run-c", "sam@example.com", SafetyLevel.LEVEL_2);

    @Test
    @Timeout(10) // a hang guard only: a blocking limiter would stall here for an hour
    void rateLimitDeniesWithoutBlockingAndNamesTheLimit() {
        TierLimiter limiter = limiter("    send_email: { rate: \"2/h\" }\n");
        ProposedCall call = ALEX.call("send_email", Impact.IRREVERSIBLE);

        assertThat(limiter.admit(call)).isEmpty();
        assertThat(limiter.admit(call)).isEmpty();
        Optional<Decision.Deny> third = limiter.admit(call);

        assertThat(third).isPresent();
        assertThat(third.get().rule()).isEqualTo("safety.tools.send_email.rate");
        assertThat(third.get().reason()).contains("2/h");
    }

    @Test
    void rateLimitIsPerToolAndToolsWithoutLimitsAreUnlimited() {
        TierLimiter limiter = limiter("    send_email: { rate: \"1/h\" }\n");

        assertThat(limiter.admit(ALEX.call("send_email", Impact.IRREVERSIBLE))).isEmpty();
        assertThat(limiter.admit(ALEX.call("send_email", Impact.IRREVERSIBLE))).isPresent();
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.admit(ALEX.call("read_file", Impact.READ))).isEmpty();
        }
    }

    @Test
    void callBudgetIsPerPrincipalAcrossRuns() {
        TierLimiter limiter = limiter("    send_email: { budget: \"2/day\" }\n");

        assertThat(limiter.admit(ALEX.call("send_email", Impact.IRREVERSIBLE))).isEmpty();
        assertThat(limiter.admit(ALEX_AGAIN.call("send_email", Impact.IRREVERSIBLE))).isEmpty();
        Optional<Decision.Deny> third = limiter.admit(ALEX_AGAIN.call("send_email", Impact.IRREVERSIBLE));

        assertThat(third).hasValueSatisfying(d -> {
            assertThat(d.rule()).isEqualTo("safety.tools.send_email.budget");
            assertThat(d.reason()).contains("2/day").contains("alex@example.com");
        });
        assertThat(limiter.admit(SAM.call("send_email", Impact.IRREVERSIBLE))).isEmpty();
    }

    @Test
    void runBudgetIsPerRun() {
        TierLimiter limiter = limiter("    lookup: { budget: \"1/run\" }\n");

        assertThat(limiter.admit(ALEX.call("lookup", Impact.READ))).isEmpty();
        assertThat(limiter.admit(ALEX.call("lookup", Impact.READ))).hasValueSatisfying(
                d -> assertThat(d.reason()).contains("this run"));
        assertThat(limiter.admit(ALEX_AGAIN.call("lookup", Impact.READ))).isEmpty();
    }

    @Test
    void sixteenThreadsSpendingOneBudgetOfHundredAdmitExactlyHundred() throws Exception {
        TierLimiter limiter = limiter("    send_email: { budget: \"100/day\" }\n");
        int threads = 16;
        int attemptsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            TestRun run = new TestRun("run-" + t, "alex@example.com", SafetyLevel.LEVEL_2);
            Callable<Integer> spender = () -> {
                start.await();
                int admitted = 0;
                for (int i = 0; i < attemptsEach; i++) {
                    if (limiter.admit(run.call("send_email", Impact.IRREVERSIBLE)).isEmpty()) {
                        admitted++;
                    }
                }
                return admitted;
            };
            results.add(pool.submit(spender));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Integer> result : results) {
            admitted += result.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(threads * attemptsEach).isEqualTo(400);
        assertThat(admitted).isEqualTo(100);
    }

    @Test
    void sixteenThreadsSpendingOneArgumentBudgetNeverOverspend() throws Exception {
        TierLimiter limiter = limiter("    issue_refund: { budget: { argument: amount, max: 100, per: day } }\n");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            results.add(pool.submit(() -> {
                start.await();
                int admitted = 0;
                for (int i = 0; i < 50; i++) {
                    if (limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 0.25}")).isEmpty()) {
                        admitted++;
                    }
                }
                return admitted;
            }));
        }
        start.countDown();
        int admitted = 0;
        for (Future<Integer> result : results) {
            admitted += result.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(admitted).isEqualTo(400); // 400 x 0.25 = 100 exactly
    }

    @Test
    void argumentBudgetAddsDecimalsExactly() {
        TierLimiter limiter = limiter("    issue_refund: { budget: { argument: amount, max: 0.3, per: day } }\n");

        // In binary floating point 0.1 + 0.2 > 0.3, which would wrongly deny the second call.
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 0.1}"))).isEmpty();
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 0.2}"))).isEmpty();
        Optional<Decision.Deny> over = limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 0.01}"));

        assertThat(over).hasValueSatisfying(d -> {
            assertThat(d.rule()).isEqualTo("safety.tools.issue_refund.budget");
            assertThat(d.reason()).contains("0.3 spent").contains("0.01");
        });
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 0}"))).isEmpty();
    }

    @Test
    void argumentBudgetDeniesCallsItCannotCount() {
        TierLimiter limiter = limiter("    issue_refund: { budget: { argument: amount, max: 500, per: day } }\n");

        for (String args : List.of("{}", "{\"amount\": \"lots\"}", "{\"amount\": -50}", "{\"amount\": [1]}")) {
            assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, args)))
                    .as(args)
                    .hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("safety.tools.issue_refund.budget"));
        }
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": \"499.99\"}"))).isEmpty();
    }

    @Test
    void argumentBudgetWindowRollsOver() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T09:00:00Z"));
        TierLimiter limiter = new TierLimiter(
                safety("    issue_refund: { budget: { argument: amount, max: 500, per: day } }\n").tools(), clock);

        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 400}"))).isEmpty();
        clock.advance(Duration.ofHours(12));
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 200}"))).isPresent();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 200}"))).isEmpty();
    }

    @Test
    void budgetDenialConsumesNoRatePermit() {
        TierLimiter limiter = limiter("    issue_refund: { rate: \"1/h\", budget: { argument: amount, max: 10, per: day } }\n");

        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 50}")))
                .hasValueSatisfying(d -> assertThat(d.rule()).endsWith(".budget"));
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 5}"))).isEmpty();
    }

    @Test
    void rateDenialGivesBackTheBudgetItTook() {
        TierLimiter limiter = limiter("    issue_refund: { rate: \"1/h\", budget: { argument: amount, max: 10, per: day } }\n"
                + "    send_email: { rate: \"1/h\", budget: \"1/day\" }\n");

        assertThat(limiter.admit(SAM.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 4}"))).isEmpty();
        assertThat(limiter.admit(ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 9}")))
                .hasValueSatisfying(d -> assertThat(d.rule()).endsWith(".rate"));
        assertThat(limiter.spent("issue_refund", "alex@example.com")).hasValueSatisfying(
                spent -> assertThat(spent).isZero());

        assertThat(limiter.admit(SAM.call("send_email", Impact.IRREVERSIBLE))).isEmpty();
        assertThat(limiter.admit(ALEX.call("send_email", Impact.IRREVERSIBLE)))
                .hasValueSatisfying(d -> assertThat(d.rule()).endsWith(".rate"));
        assertThat(limiter.availableCalls("send_email", "alex@example.com")).hasValue(1L);
    }

    /** A clock the test moves by hand. */
    @Test
    void aCallThatDoesNotRunGetsItsBudgetBackAndOneThatRunsKeepsItSpent() {
        TierLimiter limiter = limiter("    issue_refund: { budget: { argument: amount, max: 500, per: day } }\n");
        var rejected = ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 400}");
        var approved = ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 400}");
        var over = ALEX.call("issue_refund", Impact.IRREVERSIBLE, "{\"amount\": 200}");

        assertThat(limiter.admit(rejected)).isEmpty();
        limiter.release(rejected);   // the reviewer said no: nothing was paid
        assertThat(limiter.spent("issue_refund", "alex@example.com")).contains(new java.math.BigDecimal("0"));

        assertThat(limiter.admit(approved)).isEmpty();
        limiter.settle(approved);
        limiter.release(approved);   // too late: a settled call stays spent
        assertThat(limiter.spent("issue_refund", "alex@example.com").orElseThrow()).isEqualByComparingTo("400");
        assertThat(limiter.admit(over)).get().extracting(Decision::rule).isEqualTo("safety.tools.issue_refund.budget");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
