package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.tool.Impact;
import dev.leash.core.audit.JsonlAuditSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    private Path log;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeARun() {
        log = dir.resolve("run.jsonl");
        Instant at = Instant.parse("2026-11-27T03:00:00Z");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            sink.recordDurably(new AuditEvent.RunStarted("run-1", at, "alex@example.com", "s-1", SafetyLevel.LEVEL_2,
                    "answer the mail", "", List.of("send_email:irreversible")));
            sink.record(new AuditEvent.CallDecided("run-1", at.plusSeconds(1), "c1", "send_email", Impact.IRREVERSIBLE,
                    "policy", "deny", "allowlist.email_domains", "recipient outside example.com"));
            sink.record(new AuditEvent.Incident("run-1", at.plusSeconds(2), "persistence", "persistence.max_denials",
                    "too many refused calls"));
            sink.recordDurably(new AuditEvent.RunEnded("run-1", at.plusSeconds(3), Outcome.TERMINATED_BY_POLICY,
                    "terminated by rule persistence.max_denials", RunCounts.ZERO));
        }
    }

    private int leash(String... args) {
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void verifyExitsZeroForAnIntactLog() {
        assertThat(leash("audit", "verify", log.toString())).isZero();
        assertThat(out.toString()).contains("intact: 4 records, checkpoint at seq 4");
    }

    @Test
    void verifyNamesTheFirstBadRecordAndExitsNonZero() throws Exception {
        Files.writeString(log, Files.readString(log).replace("recipient outside", "recipient inside"));

        assertThat(leash("audit", "verify", log.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("NOT intact: first bad record at line 2 (seq 2): edited");
    }

    @Test
    void verifyReportsATornLastLineWithItsOwnExitCode() throws Exception {
        Files.writeString(log, "{\"seq\":5,\"pr", StandardOpenOption.APPEND);

        assertThat(leash("audit", "verify", log.toString())).isEqualTo(3);
        assertThat(out.toString()).contains("torn last line");
    }

    @Test
    void verifyReportsALogCopiedWithoutItsCheckpointAsChainIntactWithItsOwnExitCode() throws Exception {
        Path copy = dir.resolve("copied.jsonl");
        Files.copy(log, copy);

        assertThat(leash("audit", "verify", copy.toString())).isEqualTo(4);
        assertThat(out.toString()).contains("chain intact, no checkpoint: 4 records")
                .contains("copied.jsonl.head").doesNotContain("NOT intact").doesNotContain("line 5");
    }

    @Test
    void verifyNamesAFileThatDoesNotExist() {
        assertThat(leash("audit", "verify", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").contains("missing.jsonl");
    }

    @Test
    void incidentsPrintsDenialsIncidentsAndTheEndOfEachRun() {
        assertThat(leash("audit", "incidents", log.toString())).isZero();
        assertThat(out.toString())
                .contains("Run run-1")
                .contains("by alex@example.com, Level 2")
                .contains("send_email  [policy] rule allowlist.email_domains: recipient outside example.com")
                .contains("persistence  rule persistence.max_denials: too many refused calls")
                .contains("TERMINATED_BY_POLICY: terminated by rule persistence.max_denials");
    }

    @Test
    void verifyAndIncidentsReadALogThatEndsInZeroPadding() throws Exception {
        // As a writer that has the log open, or was killed, leaves it.
        long records = Files.size(log);
        Files.write(log, new byte[65_536], StandardOpenOption.APPEND);

        assertThat(leash("audit", "verify", log.toString())).isZero();
        assertThat(out.toString()).contains("intact: 4 records, checkpoint at seq 4; the log ends at byte " + records
                + ", followed by 65536 NUL bytes of padding");
        assertThat(leash("audit", "incidents", log.toString())).isZero();
        assertThat(out.toString()).contains("TERMINATED_BY_POLICY: terminated by rule persistence.max_denials")
                .doesNotContain("not a record");
    }

    @Test
    void verifyTakesDataAfterTheZeroPaddingPastTheCheckpointForAPowerFailuresHole() throws Exception {
        // The checkpoint names seq 4, the last record: nothing after it was ever forced.
        Files.write(log, new byte[100], StandardOpenOption.APPEND);
        Files.writeString(log, "{\"seq\":5}\n", StandardOpenOption.APPEND);

        assertThat(leash("audit", "verify", log.toString())).isEqualTo(3);
        assertThat(out.toString()).contains("intact up to a hole left by a power failure: 4 complete records")
                .contains("hole after the last forced record");
    }

    @Test
    void verifyRejectsZerosBeforeARecordTheCheckpointNames() throws Exception {
        // Seq 4 was forced, so every byte before it was: zeros there are not a power failure's.
        byte[] bytes = Files.readAllBytes(log);
        int lastLine = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lastIndexOf('\n', bytes.length - 2) + 1;
        java.util.Arrays.fill(bytes, lastLine, lastLine + 10, (byte) 0);
        Files.write(log, bytes);

        assertThat(leash("audit", "verify", log.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("NOT intact: first bad record at line 4 (seq 4): NUL bytes inside the log");
    }

    @Test
    void auditWithoutASubcommandSaysWhatToDo() {
        assertThat(leash("audit")).isEqualTo(2);
        assertThat(err.toString()).contains("verify FILE or incidents FILE");
    }
}
