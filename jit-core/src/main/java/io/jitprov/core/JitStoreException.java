package io.jitprov.core;

/**
 * A store or other infrastructure the library depends on failed; the caller should answer
 * "try again later" (HTTP 503), and nothing was half-written.
 *
 * @since 0.1
 */
public class JitStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code store_unavailable} or {@code store_conflict}. */
    private final String code;

    /** A store failure with a stable {@code code}, a sentence and what the driver reported. */
    public JitStoreException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A store failure with a stable {@code code} and a sentence. */
    public JitStoreException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A code from {@link JitErrorCodes}, such as {@link JitErrorCodes#STORE_UNAVAILABLE}. */
    public String code() {
        return code;
    }
}
