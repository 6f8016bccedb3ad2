package io.jitprov.core.delegation;

import io.jitprov.core.Refusal;

/**
 * A delegation could not be made or ended; nothing was written but the audit event.
 *
 * @since 0.1
 */
public final class DelegationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    /** A refusal for every reason in {@code refusal}. */
    public DelegationRefusedException(Refusal refusal) {
        super(refusal.code() + ": " + refusal.message());
        this.refusal = refusal;
    }

    /** Every reason, each with its stable code. */
    public Refusal refusal() {
        return refusal;
    }

    /** The first reason's code, e.g. {@code delegation_not_allowed}. */
    public String code() {
        return refusal.code();
    }
}
