package dev.leash.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.approvals.testing.Requests;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store gate answers Pending at once and announces the request with a link, not its arguments. */
class StoreGateTest {

    @TempDir
    Path work;

    @Test
    void storesTheRequestAndTellsTheWebhookWithALinkToTheConsole() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", x -> {
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        hook.start();
        try (ApprovalStore store = ApprovalStore.embedded(work)) {
            URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
            StoreGate gate = new StoreGate(store, "inbox", List.of(new WebhookNotifier(url,
                    URI.create("https://approvals.example.com"), Duration.ofSeconds(5))));
            ApprovalRequest request = Requests.flagged("run-n", "call-1", "ops@example.com", Duration.ofHours(1));
            ApprovalResult result = gate.review(request);
            assertThat(result).isInstanceOf(ApprovalResult.Pending.class);
            String id = ((ApprovalResult.Pending) result).requestId();
            assertThat(store.find(id)).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(StoredRequest.Status.PENDING);
                assertThat(r.request().callHash()).isEqualTo(request.callHash());
                assertThat(r.agent()).isEqualTo("inbox");
            });
            assertThat(bodies).singleElement().satisfies(body -> assertThat(body)
                    .contains("\"request_id\":\"" + id + "\"", "\"link\":\"https://approvals.example.com/requests/" + id + "\"",
                            "\"flags\":1")
                    .doesNotContain("cfo@example.com"));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aRequestThatCannotBeStoredIsAFailureSoTheCallIsDenied() {
        ApprovalStore broken = ApprovalStore.open("jdbc:h2:mem:gone", "sa", "");
        try (broken) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:gone", "sa", "");
                 var s = c.createStatement()) {
                s.execute("DROP TABLE leash_approval_requests");
            }
            ApprovalResult result = new StoreGate(broken, "x", List.of())
                    .review(Requests.flagged("run-f", "call-1", "ops@example.com", Duration.ofHours(1)));
            assertThat(result).isInstanceOf(ApprovalResult.Failed.class);
            assertThat(result.approves(Requests.flagged("run-f", "call-1", "ops@example.com", Duration.ofHours(1)))).isFalse();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
