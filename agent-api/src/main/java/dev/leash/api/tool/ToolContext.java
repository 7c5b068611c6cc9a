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

    /**
     * Notes an effect of this call in the tool's own words, e.g. {@code refund 19.90 EUR on A-17},
     * for whoever observes the run: the red-team harness matches a scenario's {@code
     * tool_executed} effects ({@code args_contain}) against these notes, so a custom tool's side effects can be judged
     * like a sent mail or a written file. Goes to the deployment's {@link ToolRecorder}; by
     * default discarded. Never throws.
     */
    default void record(String what) {
    }
}
