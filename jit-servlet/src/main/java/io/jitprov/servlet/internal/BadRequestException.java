package io.jitprov.servlet.internal;

/**
 * A request jit will not read: a malformed or oversized query string or form, a parameter sent
 * twice, an ambiguous path. Answered with its status (400, 405 or 413) and a short page; never
 * logged as an error, since anyone can send one.
 */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
