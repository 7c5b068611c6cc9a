package dev.leash.api;

/**
 * Root of the few exceptions Leash throws. All are unchecked and carry a message a user can act
 * on.
 */
public class LeashException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeashException(String message) {
        super(message);
    }

    public LeashException(String message, Throwable cause) {
        super(message, cause);
    }
}
