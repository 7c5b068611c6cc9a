package dev.leash.api.audit;

import dev.leash.api.LeashException;

/** An audit record could not be written. A call whose write-ahead record fails is denied. */
public final class AuditException extends LeashException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditException(String message) {
        super(message);
    }
}
