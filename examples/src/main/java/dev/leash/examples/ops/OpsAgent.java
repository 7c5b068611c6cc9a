package dev.leash.examples.ops;

import com.google.inject.Module;
import dev.leash.examples.Deployment;
import dev.leash.examples.ExampleAgent;
import dev.leash.tiers.config.BackendsConfig;
import dev.leash.tools.file.FileToolsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Operations: reads logs and config files, writes fixes with {@code write_file}, restarts a
 * service with {@code restart_service}.
 *
 * <p>Embedded: a workspace under the work directory ({@code workspace/}) seeded with a log that
 * shows the connection pool running out and the config file that causes it; restarts are recorded
 * in {@code services/<name>.restarts} beside it. Configured: {@code backends.files.root} is the
 * workspace (left as it is); restarts are still recorded under the work directory.
 */
public final class OpsAgent implements ExampleAgent {

    /** The services the demo controller knows. */
    public static final Set<String> SERVICES = Set.of("checkout", "search");

    static final String LOG = String.join("\n",
            "2026-11-27T03:58:01Z INFO  checkout started, pool max_connections=2",
            "2026-11-27T04:02:17Z WARN  checkout pool: 2 of 2 connections in use, 14 waiting",
            "2026-11-27T04:02:19Z ERROR checkout request failed: timed out waiting for a database connection (max_connections=2)",
            "2026-11-27T04:02:20Z ERROR checkout request failed: timed out waiting for a database connection (max_connections=2)",
            "");
    static final String CONFIG = String.join("\n",
            "# checkout service",
            "database:",
            "  url: jdbc:postgresql://db.internal/checkout",
            "  max_connections: 2",
            "http:",
            "  port: 8080",
            "");

    @Override
    public String name() {
        return "ops";
    }

    @Override
    public String description() {
        return "operations: reads logs and config, writes fixes, restarts services (restart_service is irreversible)";
    }

    @Override
    public String defaultPrincipal() {
        return "oncall@northwind.example";
    }

    @Override
    public String instructions() {
        return "You are an on-call operations agent. Logs are under logs/, configuration under config/. Find the cause"
                + " in the logs before you change anything; after changing a service's configuration, restart it so the"
                + " change takes effect. Services: " + String.join(", ", SERVICES.stream().sorted().toList()) + ".";
    }

    @Override
    public Module listingModule() {
        return new OpsAgentModule(FileToolsConfig.of(Path.of(".")), new ServiceControl(Path.of("."), SERVICES, Clock.systemUTC()));
    }

    @Override
    public Deployment start(BackendsConfig backends, Map<String, String> env, Path workDir, String principal) {
        Path root;
        String described;
        if (backends.filesRoot().isPresent()) {
            root = backends.filesRoot().get().toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw dev.leash.api.ConfigurationException.invalidValue("backends.files.root", null, root,
                        "an existing directory");
            }
            described = "files: " + root;
        } else {
            root = workDir.toAbsolutePath().resolve("workspace");
            seed(root);
            described = "files: demo workspace " + root + " (logs/checkout.log, config/checkout.yaml; reset at each start)";
        }
        Path state = workDir.toAbsolutePath();
        resetRestarts(state);
        ServiceControl services = new ServiceControl(state, SERVICES, Clock.systemUTC());
        // The team's own logs and configuration are inside the trust boundary, so a fix written from
        // them is not held as tainted. A workspace holding outside input (uploads, raw request logs)
        // should keep the default: untrusted content.
        return new Deployment(new OpsAgentModule(FileToolsConfig.of(root).withUntrustedContent(false), services),
                List.of(described, "services: " + String.join(", ", SERVICES.stream().sorted().toList())
                        + " (restarts recorded in " + state.resolve("services") + ")"),
                List.of(), () -> { }, List.of(services));
    }

    private static void seed(Path root) {
        try {
            deleteTree(root);
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("config"));
            Files.writeString(root.resolve("logs/checkout.log"), LOG);
            Files.writeString(root.resolve("config/checkout.yaml"), CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo workspace at " + root, e);
        }
    }

    private static void resetRestarts(Path state) {
        try {
            deleteTree(state.resolve("services"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset " + state.resolve("services"), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
