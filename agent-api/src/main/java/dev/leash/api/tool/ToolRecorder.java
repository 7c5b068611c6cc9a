package dev.leash.api.tool;

/**
 * Receives what tools note about their own effects through {@link ToolContext#record(String)}: a
 * refund issued, a note saved, a service restarted. The red-team harness binds one per run and
 * judges a scenario's {@code tool_executed} effects by it (their {@code args_contain} matches the notes too); a deployment may bind one to keep the
 * notes elsewhere. Without one, notes are discarded.
 *
 * <p>Implementations are called from the executor's tool threads, possibly for several calls at
 * once, and must be thread-safe. A recorder that throws does not change the call's result.
 */
@FunctionalInterface
public interface ToolRecorder {

    /**
     * One note of one call.
     *
     * @param runId the run the call belongs to
     * @param tool the tool's name
     * @param what the tool's own words, e.g. {@code refund 19.90 EUR on A-17}
     */
    void record(String runId, String tool, String what);

    /** Discards every note. */
    static ToolRecorder none() {
        return (runId, tool, what) -> { };
    }
}
