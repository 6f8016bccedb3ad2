package io.jitprov.core;

/**
 * A delegation could not be made or ended; nothing was written but the audit event.
 *
 * @since 0.1
 */
public final class DelegationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    public DelegationRefusedException(Refusal refusal) {
        super(refusal.code() + ": " + refusal.message());
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    public String code() {
        return refusal.code();
    }
}
