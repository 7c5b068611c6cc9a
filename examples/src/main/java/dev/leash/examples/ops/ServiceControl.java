package dev.leash.examples.ops;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The ops agent's own tools: the state of the services it looks after, and restarting one.
 * Restarting drops live connections, so it is irreversible. This demo controller keeps each
 * service's restarts in {@code services/<name>.restarts} under its root, so what happened can be
 * checked afterwards. Thread-safe.
 */
public final class ServiceControl {

    private final Path root;
    private final Set<String> services;
    private final Clock clock;

    public ServiceControl(Path root, Set<String> services, Clock clock) {
        this.root = requireNonNull(root, "root is null");
        this.services = Set.copyOf(services);
        this.clock = requireNonNull(clock, "clock is null");
    }

    @ToolMethod(name = "service_status", description = "Status of the services this agent looks after", trustedResult = true)
    @Read
    public String serviceStatus() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String service : services.stream().sorted().toList()) {
            text.append(service).append(": running, restarts ").append(restarts(service).size()).append('\n');
        }
        return text.toString().strip();
    }

    @ToolMethod(name = "restart_service", description = "Restart a service (drops its live connections)", trustedResult = true)
    @Irreversible
    public synchronized String restartService(@Arg("service name") String service,
                                              @Arg("why it must be restarted") String reason) throws IOException {
        if (!services.contains(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "'; known: " + services.stream().sorted().toList());
        }
        Path log = file(service);
        Files.createDirectories(log.getParent());
        Files.writeString(log, clock.instant() + " " + reason.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return service + " restarted";
    }

    /** The recorded restarts of a service, oldest first. */
    public List<String> restarts(String service) throws IOException {
        Path log = file(service);
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private Path file(String service) {
        return root.resolve("services").resolve(service + ".restarts");
    }
}
