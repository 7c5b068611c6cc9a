package dev.leash.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.approvals.testing.Requests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every approval store does, on H2 and on PostgreSQL. */
abstract class ApprovalStoreContract {

    /** A fresh, empty store. */
    abstract ApprovalStore store();

    @Test
    void sixteenReviewersAnsweringAHundredRequestsAtOnceDecideEachExactlyOnce() throws Exception {
        ApprovalStore store = store();
        List<ApprovalRequest> requests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ApprovalRequest r = Requests.flagged("run-c", "call-" + i, "ops@example.com", Duration.ofHours(1));
            requests.add(r);
            ids.add(store.submit(r, "ops"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentHashMap<String, List<String>> winners = new ConcurrentHashMap<>();
        AtomicInteger counted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String reviewer = "reviewer-" + t;
            boolean approve = t % 2 == 0;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < ids.size(); i++) {
                    if (store.answer(ids.get(i), approve, reviewer, "r", requests.get(i).callHash())) {
                        counted.incrementAndGet();
                        winners.computeIfAbsent(ids.get(i), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(reviewer);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(counted).hasValue(100);
        assertThat(winners).hasSize(100);
        for (String id : ids) {
            assertThat(winners.get(id)).hasSize(1);
            StoredRequest stored = store.find(id).orElseThrow();
            assertThat(stored.answeredBy()).contains(winners.get(id).get(0));
            assertThat(stored.status()).isIn(StoredRequest.Status.APPROVED, StoredRequest.Status.REJECTED);
        }
    }

    @Test
    void anAnswerCountsOnlyForTheHashTheRequestWasMadeFor() {
        ApprovalStore store = store();
        ApprovalRequest r = Requests.flagged("run-h", "call-1", "ops@example.com", Duration.ofHours(1));
        String id = store.submit(r, "ops");
        assertThat(store.answer(id, true, "alice", "", "0".repeat(64))).isFalse();
        assertThat(store.decided(id)).isEmpty();
        assertThat(store.answer(id, true, "alice", "", r.callHash())).isTrue();
        assertThat(store.answer(id, false, "bob", "no", r.callHash())).as("a second answer").isFalse();
        assertThat(store.find(id).orElseThrow().answeredBy()).contains("alice");
        assertThat(store.find(id).orElseThrow().seenHash()).contains(r.callHash());
    }

    @Test
    void aRunTakesAnAnswerOnlyForItsOwnRequestRunCallAndHashAndOnlyOnce() {
        ApprovalStore store = store();
        ApprovalRequest r = Requests.flagged("run-t", "call-1", "ops@example.com", Duration.ofHours(1));
        String id = store.submit(r, "ops");
        assertThat(store.take(id, "run-t", "call-1", r.callHash())).as("undecided").isInstanceOf(ApprovalResult.Failed.class);
        store.answer(id, true, "alice", "", r.callHash());
        assertThat(store.take(id, "run-other", "call-1", r.callHash())).isInstanceOf(ApprovalResult.Failed.class);
        assertThat(store.take(id, "run-t", "call-2", r.callHash())).isInstanceOf(ApprovalResult.Failed.class);
        assertThat(store.take(id, "run-t", "call-1", "f".repeat(64))).isInstanceOf(ApprovalResult.Failed.class);
        ApprovalResult taken = store.take(id, "run-t", "call-1", r.callHash());
        assertThat(taken.approves(r)).isTrue();
        assertThat(taken.reviewer()).isEqualTo("alice");
        ApprovalResult again = store.take(id, "run-t", "call-1", r.callHash());
        assertThat(again).isInstanceOf(ApprovalResult.Failed.class);
        assertThat(((ApprovalResult.Failed) again).error()).contains("already used");
    }

    @Test
    void anExpiredRequestCannotBeAnsweredAndReadsAsTimedOut() {
        ApprovalStore store = store();
        ApprovalRequest r = Requests.flagged("run-e", "call-1", "ops@example.com", Duration.ofMinutes(5));
        String id = store.submit(r, "ops");
        ApprovalStore later = store.withClock(Clock.fixed(Instant.now().plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        try {
            assertThat(later.answer(id, true, "alice", "", r.callHash())).isFalse();
            assertThat(later.decided(id)).containsInstanceOf(ApprovalResult.TimedOut.class);
            assertThat(later.take(id, "run-e", "call-1", r.callHash())).isInstanceOf(ApprovalResult.TimedOut.class);
            assertThat(later.pending()).extracting(StoredRequest::id).doesNotContain(id);
        } finally {
            later.close();
        }
    }

    @Test
    void aFinishedRunWithdrawsItsUndecidedRequests() {
        ApprovalStore store = store();
        ApprovalRequest r = Requests.flagged("run-w", "call-1", "ops@example.com", Duration.ofHours(1));
        String id = store.submit(r, "ops");
        store.finish("run-w", dev.leash.api.run.Outcome.TERMINATED_BY_POLICY);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(StoredRequest.Status.WITHDRAWN);
        assertThat(store.answer(id, true, "alice", "", r.callHash())).isFalse();
    }
}
