package io.jitprov.core;

import java.util.List;

/**
 * Thrown at the one boundary where input from an identity provider (or a person) is refused;
 * the checks behind it collect every problem into a {@link Refusal} first.
 *
 * <p>Never thrown for misconfiguration ({@link IllegalArgumentException},
 * {@link IllegalStateException}) or infrastructure failures ({@link JitStoreException}).
 *
 * @since 0.1
 */
public class JitAuthenticationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Every reason the message was refused. */
    private final Refusal refusal;

    /** A refusal for every reason in {@code refusal}. */
    public JitAuthenticationException(Refusal refusal) {
        super(refusal.code() + ": " + refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    /** A refusal for one reason: a stable {@code code} of {@link JitErrorCodes} and a sentence. */
    public JitAuthenticationException(String code, String description) {
        this(Refusal.of(code, description));
    }

    /** Every reason, each with its stable code. */
    public Refusal refusal() {
        return refusal;
    }

    /** The first error. */
    public JitError error() {
        return refusal.errors().get(0);
    }

    /** Every error found. */
    public List<JitError> errors() {
        return refusal.errors();
    }
}
