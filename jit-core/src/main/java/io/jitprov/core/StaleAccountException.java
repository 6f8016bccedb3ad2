package io.jitprov.core;

/**
 * A {@link UserStore} refused an update because the account changed since it was read.
 *
 * @since 0.1
 */
public final class StaleAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The account changed since it was read; {@code message} says which. */
    public StaleAccountException(String message) {
        super(message, null, false, false);
    }
}
