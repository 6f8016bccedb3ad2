package io.jitprov.core;

/**
 * A {@link UserStore} refused to create or change an account because a unique key is taken.
 *
 * @since 0.1
 */
public final class DuplicateAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which unique key clashed. */
    public enum Key {
        /** (issuer, subject): the external identity already logs in to an account. */
        IDENTITY,
        /** (tenant, email): another account of the tenant has the email. */
        EMAIL
    }

    /** Which unique key clashed. */
    private final Key key;

    /** A clash on {@code key}, described by {@code message}. */
    public DuplicateAccountException(Key key, String message) {
        super(message, null, false, false);
        this.key = key;
    }

    /** A clash on {@code key}, as the database reported it ({@code cause}). */
    public DuplicateAccountException(Key key, String message, Throwable cause) {
        super(message, cause, false, false);
        this.key = key;
    }

    /** Which unique key clashed: the external identity or the email. */
    public Key key() {
        return key;
    }
}
