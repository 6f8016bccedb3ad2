package io.jitprov.core.elevation;

/**
 * A {@link GrantStore} refused to create a grant because the account has an open (pending or
 * active) grant of the same role. The store decides it atomically, so that requests racing each
 * other (a double-submitted form, two nodes) cannot both get one.
 *
 * @since 0.1
 */
public final class DuplicateGrantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The clash, described by {@code message}. */
    public DuplicateGrantException(String message) {
        super(message, null, false, false);
    }

    /** The clash, as the database reported it ({@code cause}). */
    public DuplicateGrantException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
