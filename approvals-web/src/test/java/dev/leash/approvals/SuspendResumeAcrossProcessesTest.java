package dev.leash.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.approvals.testing.AgentProcess;
import dev.leash.approvals.testing.ConsoleClient;
import dev.leash.approvals.web.ApprovalConsole;
import dev.leash.core.audit.AuditVerifier;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.Redactor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run suspends at an IRREVERSIBLE call in one JVM, which exits; a reviewer answers in the web
 * console; a new JVM resumes the run to its end. The audit log, appended to by both processes,
 * verifies as one chain.
 */
class SuspendResumeAcrossProcessesTest {

    @TempDir
    Path dir;

    private Path work;
    private Path root;
    private ApprovalStore store;
    private ApprovalConsole console;
    private ConsoleClient alice;

    @BeforeEach
    void start() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        root = Files.createDirectories(dir.resolve("root"));
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            Files.writeString(root.resolve(name), name);
        }
        store = ApprovalStore.embedded(work);
        Reviewer reviewer = Reviewer.withPasswordHash("alice", Reviewer.hashPassword("correct horse"), List.of("ops@example.com"), List.of());
        ApprovalDesk desk = new ApprovalDesk(store, List.of(reviewer), new InMemoryAuditSink());
        console = ApprovalConsole.start(desk, Redactor.none(), new InetSocketAddress("127.0.0.1", 0), Duration.ofMinutes(15),
                Duration.ofHours(8));
        alice = new ConsoleClient(console.uri());
        assertThat(alice.signIn("alice", "correct horse").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
    }

    private Path script(String yaml) throws Exception {
        return Files.writeString(dir.resolve("script.yaml"), yaml);
    }

    @Test
    void approvedInTheConsoleAndResumedByANewProcess() throws Exception {
        Path script = script("""
                - calls: [ { tool: list_files, args: { path: "." } } ]
                - calls: [ { id: del-a, tool: delete_file, args: { path: a.txt } } ]
                - finish: tidied
                """);
        AgentProcess.Result first = AgentProcess.run("run", work.toString(), root.toString(), script.toString());
        assertThat(first.exit()).as(first.output()).isEqualTo(7);
        assertThat(first.field("outcome")).isEqualTo("AWAITING_APPROVAL");
        assertThat(root.resolve("a.txt")).exists();
        String runId = first.runId();
        List<StoredRequest> requests = store.ofRun(runId);
        assertThat(requests).hasSize(1);
        assertThat(first.field("answer")).contains(requests.get(0).id());

        assertThat(alice.get("/").body()).contains(requests.get(0).id()).contains("delete_file");
        assertThat(alice.decide(requests.get(0).id(), "approve", "").body()).contains("approved " + requests.get(0).id());

        AgentProcess.Result second = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), runId);
        assertThat(second.exit()).as(second.output()).isEqualTo(0);
        assertThat(second.field("outcome")).isEqualTo("COMPLETED");
        assertThat(second.field("answer")).isEqualTo("tidied");
        assertThat(second.output()).contains("observation: delete_file del-a OK");
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(store.status(runId)).contains("COMPLETED");

        AuditVerifier.Result audit = AuditVerifier.verify(work.resolve("audit.jsonl"));
        assertThat(audit.intact()).as(audit.toString()).isTrue();
        String log = Files.readString(work.resolve("audit.jsonl"));
        assertThat(log.split("\"type\":\"execution_started\"", -1)).hasSize(3); // list_files and delete_file, once each
        assertThat(log).contains("\"reviewer\":\"alice\"");

        // A second resume runs nothing again.
        AgentProcess.Result again = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), runId);
        assertThat(again.field("answer")).contains("already ended COMPLETED");
        assertThat(Files.readString(work.resolve("audit.jsonl")).split("\"type\":\"execution_started\"", -1)).hasSize(3);
    }

    @Test
    void rejectedInTheConsoleReachesThePlannerAsARefusal() throws Exception {
        Path script = script("""
                - calls: [ { id: del-a, tool: delete_file, args: { path: a.txt } } ]
                - finish: gave up
                """);
        AgentProcess.Result first = AgentProcess.run("run", work.toString(), root.toString(), script.toString());
        assertThat(first.exit()).as(first.output()).isEqualTo(7);
        String id = store.ofRun(first.runId()).get(0).id();
        assertThat(alice.decide(id, "reject", "keep a.txt").body()).contains("rejected " + id);

        AgentProcess.Result second = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), first.runId());
        assertThat(second.exit()).as(second.output()).isEqualTo(0);
        assertThat(second.output()).contains("observation: delete_file del-a DENIED impact-gate");
        assertThat(root.resolve("a.txt")).exists();
        assertThat(AuditVerifier.verify(work.resolve("audit.jsonl")).intact()).isTrue();
        assertThat(Files.readString(work.resolve("audit.jsonl"))).contains("keep a.txt").doesNotContain("\"execution_started\"");
    }

    @Test
    void aBatchOfThreeWithOneRejectedRunsTheOtherTwoOnceEach() throws Exception {
        Path script = script("""
                - calls:
                    - { id: del-a, tool: delete_file, args: { path: a.txt } }
                    - { id: del-b, tool: delete_file, args: { path: b.txt } }
                    - { id: del-c, tool: delete_file, args: { path: c.txt } }
                - finish: done
                """);
        AgentProcess.Result first = AgentProcess.run("run", work.toString(), root.toString(), script.toString());
        assertThat(first.exit()).as(first.output()).isEqualTo(7);
        List<StoredRequest> requests = store.ofRun(first.runId());
        assertThat(requests).extracting(r -> r.request().callId()).containsExactlyInAnyOrder("del-a", "del-b", "del-c");
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        requests.forEach(r -> ids.put(r.request().callId(), r.id()));
        assertThat(alice.decide(ids.get("del-a"), "approve", "").body()).contains("approved " + ids.get("del-a"));
        // Resuming before every request of the batch is decided runs nothing.
        AgentProcess.Result early = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), first.runId());
        assertThat(early.exit()).as(early.output()).isEqualTo(7);
        assertThat(early.field("answer")).startsWith("still waiting for reviewers").contains(ids.get("del-b"), ids.get("del-c"));
        assertThat(alice.decide(ids.get("del-b"), "reject", "b stays").body()).contains("rejected " + ids.get("del-b"));
        assertThat(alice.decide(ids.get("del-c"), "approve", "").body()).contains("approved " + ids.get("del-c"));
        assertThat(root.resolve("a.txt")).exists();

        AgentProcess.Result second = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), first.runId());
        assertThat(second.exit()).as(second.output()).isEqualTo(0);
        assertThat(second.output()).contains("observation: delete_file del-a OK", "observation: delete_file del-b DENIED",
                "observation: delete_file del-c OK");
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(root.resolve("b.txt")).exists();
        assertThat(root.resolve("c.txt")).doesNotExist();
        String log = Files.readString(work.resolve("audit.jsonl"));
        assertThat(log.split("\"type\":\"execution_started\"", -1)).hasSize(3);
        assertThat(AuditVerifier.verify(work.resolve("audit.jsonl")).intact()).isTrue();
    }
}
