package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.core.audit.internal.AuditJson;
import dev.leash.core.audit.internal.RecordLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing JVM and checks what it leaves behind. */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesALogThatVerifiesWithEveryAcknowledgedRecord() throws Exception {
        killAWriterAndCheckWhatItLeft(dir.resolve("audit.jsonl"), "4");
    }

    @Test
    void aLogFarAheadOfItsCheckpointAfterACrashVerifiesAndTheCheckpointCatchesUpOnReopen() throws Exception {
        // A checkpoint interval of an hour: the checkpoint stays at the first commit while the
        // lone writer commits hundreds of records, as a crash between two checkpoints leaves it.
        Path log = dir.resolve("audit.jsonl");
        AuditVerifier.Result crashed = killAWriterAndCheckWhatItLeft(log, "1", "3600000");
        assertThat(crashed.checkpoint().get().seq()).as(crashed.summary()).isLessThan(crashed.lastSeq() - 300);
        assertThat(Checkpoint.read(Checkpoint.pathFor(log)).orElseThrow().seq()).isGreaterThan(crashed.lastSeq());
    }

    /**
     * Runs {@link AuditWriterProcess} with {@code args} until it has acknowledged 200 durable
     * records, kills it, checks every acknowledged record is in a log that verifies, reopens and
     * extends the log; returns what verify said of the log the crash left.
     */
    private AuditVerifier.Result killAWriterAndCheckWhatItLeft(Path log, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AuditWriterProcess.class.getName(), log.toString()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, Long> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while (seen < 200 && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                acknowledged.put(parts[1], Long.parseLong(parts[2]));
                seen++;
            }
            assertThat(seen).as("the writer process acknowledged durable records").isEqualTo(200);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.intact() || result.tornTailOnly()).as(result.summary()).isTrue();
        // The writer did not close: the zeros it had written ahead of its records are still there,
        // after the last record (and after a torn line, if it stopped in one).
        assertThat(result.paddingBytes()).as(result.summary()).isPositive();
        long torn = result.tornTailOnly() ? Files.size(log) - result.intactBytes() - result.paddingBytes() : 0;
        assertThat(torn).isNotNegative();
        assertThat(result.checkpoint()).isPresent();
        assertThat(result.checkpoint().get().seq()).isLessThanOrEqualTo(result.lastSeq());

        Map<String, Long> found = new HashMap<>();
        byte[] data = Files.readAllBytes(log);
        String content = new String(data, 0, (int) result.intactBytes(), StandardCharsets.UTF_8);
        assertThat(content).doesNotContain("S3CRET-VALUE");
        for (String line : content.split("\n")) {
            RecordLine.Parsed parsed = RecordLine.parse(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
            JsonNode event = AuditJson.mapper().readTree(parsed.eventJson());
            if (event.get("type").asText().equals("incident")) {
                found.put(event.get("runId").asText(), Long.parseLong(event.get("detail").asText().substring(2)));
            }
        }
        acknowledged.forEach((run, n) -> assertThat(found.get(run))
                .as("every acknowledged durable record of %s is in the log", run)
                .isGreaterThanOrEqualTo(n));

        // The log can be reopened and extended: a torn tail is cut off and the cut recorded; the
        // next records go over the zeros, right after the last complete record.
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            sink.recordDurably(Events.decision("after-crash", 1));
            AuditVerifier.Result reopened = AuditVerifier.verify(log);
            assertThat(reopened.intact()).as(reopened.summary()).isTrue();
            assertThat(reopened.lastSeq()).isEqualTo(result.lastSeq() + (torn > 0 ? 2 : 1));
        }
        AuditVerifier.Result after = AuditVerifier.verify(log);
        assertThat(after.intact()).as(after.summary()).isTrue();
        // Closed cleanly: the file ends with its last record.
        assertThat(after.paddingBytes()).isZero();
        assertThat(Files.size(log)).isEqualTo(after.intactBytes());
        byte[] closed = Files.readAllBytes(log);
        assertThat(closed).doesNotContain((byte) 0);
        String last = new String(closed, StandardCharsets.UTF_8).strip();
        assertThat(last.substring(last.lastIndexOf('\n') + 1)).contains("\"runId\":\"after-crash\"");
        // Closing brought the checkpoint up to the last record.
        assertThat(after.checkpoint().get().seq()).isEqualTo(after.lastSeq());
        return result;
    }
}
