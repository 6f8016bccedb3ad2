package io.jitprov.core.elevation;

/**
 * A grant changed since it was read (another approver, a revocation, the sweeper): read it again.
 *
 * @since 0.1
 */
public final class StaleGrantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The grant changed since it was read; {@code message} says which. */
    public StaleGrantException(String message) {
        super(message);
    }
}
