package dev.leash.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditException;
import dev.leash.api.audit.AuditSink;
import dev.leash.eval.AgentAssembly;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

/**
 * The one place where {@code leash redteam} gets the agent under test and the per-run audit logs.
 * Replace {@link #product()} to wire the product's tiers and standard tools; everything else in the
 * command stays as it is.
 */
final class RedteamAssemblies {

    private RedteamAssemblies() {
    }

    /**
     * The agent under test: the product's safety tiers (Level1/2/3 modules) with the standard tools
     * bound to the run's sandbox. Not wired in this build: every run fails with this message until it is.
     */
    static AgentAssembly product() {
        return (scenario, sandbox, level, reviewer, simulatedTools, audit) -> {
            throw new UnsupportedOperationException("the red-team assembly of the safety tiers and standard tools is "
                    + "not wired into this build (see dev.leash.cli.RedteamAssemblies#product)");
        };
    }

    /**
     * {@code --audit DIR}: one JSON Lines file per run, {@code DIR/<scenario>.L<level>.jsonl}. Replace with
     * the product's hash-chained audit log when it is available.
     */
    static Function<String, AuditSink> auditLogs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit folder " + dir, e);
        }
        return name -> new JsonLinesSink(dir.resolve(name + ".jsonl"));
    }

    /** Writes one event a line and flushes before a durable write returns. Thread-safe. */
    static final class JsonLinesSink implements AuditSink, AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper()
                .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
                .disable(SerializationFeature.INDENT_OUTPUT);
        private final Path file;
        private final BufferedWriter writer;

        JsonLinesSink(Path file) {
            this.file = file;
            try {
                this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the audit log " + file, e);
            }
        }

        @Override
        public synchronized void record(AuditEvent event) {
            try {
                writer.write(JSON.writeValueAsString(event));
                writer.newLine();
            } catch (IOException e) {
                throw new AuditException("cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void recordDurably(AuditEvent event) {
            record(event);
            try {
                writer.flush();
            } catch (IOException e) {
                throw new AuditException("cannot flush the audit log " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            writer.close();
        }
    }
}
