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
        Path log = dir.resolve("audit.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditWriterProcess.class.getName(), log.toString(), "4")
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

        // The log can be reopened and extended: a torn tail is cut off and the cut recorded.
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            sink.recordDurably(Events.decision("after-crash", 1));
        }
        AuditVerifier.Result after = AuditVerifier.verify(log);
        assertThat(after.intact()).as(after.summary()).isTrue();
    }
}
