package io.jitprov.core;

/**
 * A {@link UserStore} refused to create an account because the tenant has no seat left.
 *
 * @since 0.1
 */
public final class SeatLimitReachedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The tenant's seat limit was reached; {@code message} says which tenant. */
    public SeatLimitReachedException(String message) {
        super(message, null, false, false);
    }
}
