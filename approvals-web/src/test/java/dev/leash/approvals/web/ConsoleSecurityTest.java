package dev.leash.approvals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.approval.ApprovalRequest;
import dev.leash.approvals.ApprovalDesk;
import dev.leash.approvals.ApprovalStore;
import dev.leash.approvals.Reviewer;
import dev.leash.approvals.StoredRequest;
import dev.leash.approvals.testing.ConsoleClient;
import dev.leash.approvals.testing.Requests;
import dev.leash.api.audit.AuditEvent;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.Redactor;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions that expire, CSRF and origin checks, the hash the reviewer saw, and the audit of every answer. */
class ConsoleSecurityTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path work;

    private final MovableClock clock = new MovableClock();
    private final InMemoryAuditSink audit = new InMemoryAuditSink();
    private ApprovalStore store;
    private ApprovalConsole console;
    private ApprovalRequest request;
    private String id;

    @BeforeEach
    void start() throws Exception {
        store = ApprovalStore.embedded(work);
        ApprovalDesk desk = new ApprovalDesk(store, List.of(
                Reviewer.withToken("alice", "alice-token-0123456789", List.of("*"), List.of()),
                Reviewer.withToken("ops@example.com", "ops-token-0123456789ab", List.of("*"), List.of())), audit);
        console = ApprovalConsole.start(desk, Redactor.none(), new InetSocketAddress("127.0.0.1", 0), Duration.ofMinutes(15),
                Duration.ofHours(8), clock);
        request = Requests.flagged("run-s", "call-1", "ops@example.com", Duration.ofHours(1));
        id = store.submit(request, "ops");
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
    }

    @Test
    void aSessionEndsAfterFifteenMinutesIdle() throws Exception {
        ConsoleClient alice = new ConsoleClient(console.uri());
        alice.signIn("alice", "alice-token-0123456789");
        assertThat(alice.get("/").body()).contains(id);
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(alice.get("/").body()).contains("Sign in").doesNotContain(id);
    }

    @Test
    void aPostWithAnotherSessionsTokenOrFromAnotherOriginIsRefused() throws Exception {
        ConsoleClient alice = new ConsoleClient(console.uri());
        alice.signIn("alice", "alice-token-0123456789");
        String page = alice.get("/requests/" + id).body();
        ConsoleClient other = new ConsoleClient(console.uri());
        other.signIn("alice", "alice-token-0123456789");
        HttpResponse<String> wrongToken = other.post("/requests/" + id + "/decide", Map.of("csrf",
                ConsoleClient.hidden(page, "csrf"), "hash", request.callHash(), "action", "approve"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);

        String cookie = alice.get("/").request().headers().firstValue("Cookie").orElseThrow();
        HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        console.uri().resolve("/requests/" + id + "/decide")).header("Cookie", cookie)
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + ConsoleClient.hidden(page, "csrf") + "&action=approve&hash="
                        + request.callHash())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(StoredRequest.Status.PENDING);
    }

    @Test
    void theRunsOwnPrincipalCannotDecideItAndEveryAnswerIsAudited() throws Exception {
        ConsoleClient self = new ConsoleClient(console.uri());
        self.signIn("ops@example.com", "ops-token-0123456789ab");
        assertThat(self.get("/").body()).doesNotContain(id);
        assertThat(self.get("/requests/" + id).statusCode()).isEqualTo(404);

        ConsoleClient alice = new ConsoleClient(console.uri());
        alice.signIn("alice", "alice-token-0123456789");
        String page = alice.get("/requests/" + id).body();
        HttpResponse<String> stale = alice.post("/requests/" + id + "/decide", Map.of("csrf", ConsoleClient.hidden(page, "csrf"),
                "hash", "0".repeat(64), "action", "approve"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(alice.decide(id, "approve", "looks right").body()).contains("approved " + id);
        HttpResponse<String> late = alice.post("/requests/" + id + "/decide", Map.of("csrf", ConsoleClient.hidden(page, "csrf"),
                "hash", request.callHash(), "action", "reject", "reason", "too late"));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("approved", "no longer be answered");

        List<AuditEvent.ApprovalAnswered> answers = audit.events(AuditEvent.ApprovalAnswered.class);
        assertThat(answers).extracting(AuditEvent.ApprovalAnswered::result).containsExactly("refused_answer", "approved", "refused_answer");
        assertThat(answers.get(1).reviewer()).isEqualTo("alice");
        assertThat(answers.get(1).callHash()).isEqualTo(request.callHash());
        assertThat(answers.get(1).runId()).isEqualTo("run-s");
        StoredRequest stored = store.find(id).orElseThrow();
        assertThat(stored.answeredBy()).contains("alice");
        assertThat(stored.seenHash()).contains(request.callHash());
        assertThat(stored.answeredAt()).isPresent();
    }
}
