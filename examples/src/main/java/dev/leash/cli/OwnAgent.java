package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import dev.leash.examples.Deployment;
import dev.leash.examples.ExampleAgent;
import dev.leash.tiers.config.BackendsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code leash run --agent-module CLASS}: the user's module, run as it is. Its tools connect to
 * whatever the module configured; nothing is started or embedded for it. Immutable.
 */
final class OwnAgent implements ExampleAgent {

    private final Module module;
    private final String className;

    OwnAgent(Module module, String className) {
        this.module = requireNonNull(module, "module is null");
        this.className = requireNonNull(className, "className is null");
    }

    @Override
    public String name() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public String description() {
        return "agent module " + className;
    }

    @Override
    public String defaultPrincipal() {
        return System.getProperty("user.name", "user") + "@localhost";
    }

    @Override
    public String instructions() {
        return "";
    }

    @Override
    public Module listingModule() {
        return module;
    }

    @Override
    public Deployment start(BackendsConfig backends, Map<String, String> env, Path workDir, String principal) {
        return new Deployment(module, List.of(), List.of(), () -> { }, List.of());
    }
}
