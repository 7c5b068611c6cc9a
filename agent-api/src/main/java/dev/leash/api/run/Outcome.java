package dev.leash.api.run;

/** How a run ended. */
public enum Outcome {
    /** The planner finished with an answer. */
    COMPLETED,
    /** The planner handed the task to a human. */
    ESCALATED,
    /** The run collected more denials than the tier allows, or an incident ended it. */
    TERMINATED_BY_POLICY,
    /** A step, wall-clock or token budget of the run ran out. */
    BUDGET_EXHAUSTED,
    /** The model failed for good (after retries), or refused or returned nothing usable. */
    MODEL_FAILED,
    /** Leash itself failed (a bug, or an audit log that cannot be written at run start). */
    ERROR,
    /**
     * The run is suspended, not ended: a call needs a human who has not answered yet. Its state is
     * stored durably and the run continues when every pending request of the batch is decided.
     */
    AWAITING_APPROVAL
}
