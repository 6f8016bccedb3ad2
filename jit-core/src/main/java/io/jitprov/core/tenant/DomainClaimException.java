package io.jitprov.core.tenant;

import io.jitprov.core.JitError;

/**
 * A domain claim or its verification was refused, with a code such as
 * {@link io.jitprov.core.JitErrorCodes#DOMAIN_ALREADY_CLAIMED} or {@link io.jitprov.core.JitErrorCodes#DOMAIN_PROOF_NOT_FOUND}.
 *
 * @since 0.1
 */
public final class DomainClaimException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the claim was refused. */
    private final JitError error;

    /** A refusal with its stable {@code code} and a sentence; thrown by registries and by stores. */
    public DomainClaimException(String code, String description) {
        super(code + ": " + description, null, false, false);
        this.error = new JitError(code, description);
    }

    /** Why the claim was refused, with its stable code (e.g. {@code domain_already_claimed}). */
    public JitError error() {
        return error;
    }
}
