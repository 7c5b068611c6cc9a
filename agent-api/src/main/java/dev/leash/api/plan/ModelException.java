package dev.leash.api.plan;

import dev.leash.api.LeashException;

/** The model behind a planner failed for good (after retries): the run ends {@code MODEL_FAILED}. */
public final class ModelException extends LeashException {
    private static final long serialVersionUID = 1L;

    private final String provider;

    public ModelException(String provider, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
    }

    public ModelException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    /** The model provider, e.g. {@code openai}. */
    public String provider() {
        return provider;
    }
}
