package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.internal.AuditJson;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.tool.ToolRegistry;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead contract, end to end through the guarded executor: no durable record, no call. */
class WriteAheadTest {

    @TempDir
    Path dir;

    private final AtomicInteger runs = new AtomicInteger();
    private final Tool sendNote = new Tool() {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("send_note", "sends a note", Impact.IRREVERSIBLE);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            runs.incrementAndGet();
            return ToolResult.trusted("sent");
        }
    };

    private GuardedExecutor executor(JsonlAuditSink sink) {
        PolicyChain allowEverything = PolicyChain.of(call -> Optional.of(Decision.allow("test.allow-all", "permissive")));
        return GuardedExecutor.builder()
                .registry(ToolRegistry.of(sendNote))
                .policies(allowEverything)
                .audit(sink)
                .build();
    }

    @Test
    void deniesTheNextIrreversibleCallOnceTheLogCannotBeWrittenAndDoesNotRunIt() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        AtomicBoolean diskFull = new AtomicBoolean();
        JsonlAuditSink sink = JsonlAuditSink.builder(log)
                .channelOpener(file -> new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), diskFull))
                .open();
        GuardedExecutor executor = executor(sink);
        RunContext run = dev.leash.core.loop.DefaultRunContext.of("alex@example.com", SafetyLevel.LEVEL_2);

        Observation first = executor.execute(ToolCall.of("c1", "send_note", null), run);
        assertThat(first.status()).isEqualTo(Observation.Status.OK);
        assertThat(runs).hasValue(1);

        diskFull.set(true);
        Observation second = executor.execute(ToolCall.of("c2", "send_note", null), run);

        assertThat(second.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(second.rule()).contains("audit.write-ahead");
        assertThat(second.content()).contains("No space left on device").contains("the call was not run");
        assertThat(runs).as("the tool must not run without its write-ahead record").hasValue(1);
        assertThat(run.denials()).isEqualTo(1);

        try {
            sink.close();
        } catch (dev.leash.api.audit.AuditException expected) {
            // the sink failed; the log on disk still verifies up to the failure
        }
        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.intact()).as(result.summary()).isTrue();
        List<String> types = new ArrayList<>();
        // The failed sink left the zeros ahead of its records; the log ends where they begin.
        assertThat(result.paddingBytes()).isPositive();
        for (String line : Events.logLines(log)) {
            JsonNode event = AuditJson.mapper().readTree(line).get("event");
            types.add(event.get("type").asText() + ":" + event.path("callId").asText());
        }
        assertThat(types).contains("execution_started:c1").doesNotContain("execution_started:c2");
    }

    @Test
    void deniesAnIrreversibleCallWhenTheDiskIsFull() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
        Path log = dir.resolve("audit.jsonl");
        try {
            Files.createSymbolicLink(log, full);
        } catch (Exception e) {
            assumeTrue(false, "cannot link to /dev/full: " + e);
        }
        JsonlAuditSink sink = JsonlAuditSink.open(log, List.of());
        RunContext run = dev.leash.core.loop.DefaultRunContext.of("alex@example.com", SafetyLevel.LEVEL_2);

        Observation observation = executor(sink).execute(ToolCall.of("c1", "send_note", null), run);

        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(observation.rule()).contains("audit.write-ahead");
        assertThat(runs).hasValue(0);
        assertThat(sink.failure()).isPresent();
    }

}
