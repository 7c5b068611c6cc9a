package dev.leash.core.plan;

import dev.leash.api.LeashException;

/** A script cannot be read: names the file (if any), the step and the field. */
public final class ScriptException extends LeashException {
    private static final long serialVersionUID = 1L;

    public ScriptException(String message) {
        super(message);
    }

    public ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
