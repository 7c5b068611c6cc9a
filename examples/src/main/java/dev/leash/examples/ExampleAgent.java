package dev.leash.examples;

import dev.leash.api.tool.Tool;
import dev.leash.tiers.config.BackendsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** The agent's tools on placeholder backends, for {@code leash manifest}; connects to nothing. */
    List<Tool> listingTools();

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
