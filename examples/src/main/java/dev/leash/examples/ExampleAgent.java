package dev.leash.examples;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.leash.api.tool.Tool;
import dev.leash.tiers.config.BackendsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An example agent: its tools, and how to start the backends they use. With nothing configured,
 * {@link #start} starts embedded backends seeded with demo data under the work directory; with a
 * {@code backends} block in {@code leash.yaml} it connects to the configured servers, with logins
 * from the environment. Implementations are immutable and thread-safe.
 */
public interface ExampleAgent {

    /** The name {@code leash run --agent} takes. */
    String name();

    /** One line: what the agent does. */
    String description();

    /** Whom the agent acts for when {@code --principal} is not given. */
    String defaultPrincipal();

    /** What the model is told about its job, after the default system prompt. */
    String instructions();

    /**
     * The agent's module on placeholder backends: the same bindings {@link #start} makes, for
     * listing the tools. Building it connects to nothing.
     */
    Module listingModule();

    /**
     * The agent's tools as its module registers them, for {@code leash manifest}; connects to
     * nothing. A tool added to the agent's module shows up here without further changes.
     */
    default List<Tool> listingTools() {
        return List.copyOf(Guice.createInjector(listingModule()).getInstance(Key.get(new TypeLiteral<Set<Tool>>() { })));
    }

    /**
     * Starts (or connects to) the agent's backends.
     *
     * @param backends the {@code backends} block; what is absent is embedded
     * @param env environment variables holding the logins of configured backends
     * @param workDir where embedded backends keep their data; reset at each start
     * @param principal whom the agent acts for (the mailbox of the inbox agent)
     * @throws dev.leash.api.ConfigurationException naming the missing variable or bad value
     */
    Deployment start(BackendsConfig backends, Map<String, String> env, Path workDir, String principal);
}
