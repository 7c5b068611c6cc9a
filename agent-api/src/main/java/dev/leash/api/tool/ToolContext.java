package dev.leash.api.tool;

import java.time.Instant;
import java.util.Optional;

/**
 * What a tool sees of the run while one call executes. Created per call by the executor.
 */
public interface ToolContext {

    /** The run this call belongs to. */
    String runId();

    /** Who the agent acts for. */
    String principal();

    /** The effective impact of this call, as the policies saw it. */
    Impact impact();

    /** When the call must be done; tools should give up by then. */
    Instant deadline();

    /** The credential for {@code service} scoped to this call's impact; empty if none is bound. */
    Optional<Credential> credential(String service);
}
