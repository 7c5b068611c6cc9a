package dev.leash.fleet.postgres;

import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Replicas as separate JVM processes running {@link FleetWorker}; their output lines kept as they come. */
final class Replicas {

    /** One replica process and every line it printed so far. */
    static final class Replica {
        final Process process;
        final Path log;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Replica(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // The process was killed.
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        long count(String prefix) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith(prefix)).count();
            }
        }

        List<String> matching(String prefix) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith(prefix)).toList();
            }
        }

        void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        String log() {
            try {
                return java.nio.file.Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        boolean finish(long seconds) throws InterruptedException {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        }
    }

    private Replicas() {
    }

    static Replica start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                FleetWorker.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("LEASH_STORE_USER", EmbeddedPostgresServer.SUPERUSER);
        builder.environment().put("LEASH_STORE_PASSWORD", EmbeddedPostgresServer.SUPERUSER_PASSWORD);
        return new Replica(builder.start(), log);
    }
}
