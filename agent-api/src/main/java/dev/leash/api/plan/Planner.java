package dev.leash.api.plan;

/**
 * Proposes the next step of a run: a scripted list, or a model. A planner only proposes; the
 * executor decides what actually happens.
 *
 * <p>A planner instance serves one run at a time unless it says otherwise; agents obtain a fresh
 * one per run through a {@link PlannerFactory}.
 */
public interface Planner {

    /**
     * The next step given everything so far.
     *
     * @throws ModelException when the model behind the planner failed for good (the run ends
     *     {@code MODEL_FAILED})
     */
    Step next(PlannerState state);

    /**
     * The planner's own state, for a run that suspends and resumes in another process: whatever
     * it keeps beyond the {@link PlannerState} (a script's position, token counts). The default
     * is empty, right for a planner that derives everything from the turns it is given. A
     * planner that keeps more must override this and {@link #restore(String)}, or a resumed run
     * would start it afresh.
     */
    default String checkpoint() {
        return "";
    }

    /** Puts back what {@link #checkpoint()} returned, on a fresh planner of the same factory. */
    default void restore(String checkpoint) {
    }

    /** Tokens and model calls used so far in this run; zero for planners without a model. */
    default Usage usage() {
        return Usage.NONE;
    }

    /**
     * Model usage of a run.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @param modelCalls number of model requests
     */
    record Usage(long inputTokens, long outputTokens, long modelCalls) {
        public static final Usage NONE = new Usage(0, 0, 0);

        public long totalTokens() {
            return inputTokens + outputTokens;
        }
    }
}
