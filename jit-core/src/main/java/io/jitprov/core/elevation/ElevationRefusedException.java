package io.jitprov.core.elevation;

import io.jitprov.core.Refusal;
import io.jitprov.core.tenant.StepUp;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An elevation request, approval or revocation was refused; nothing was written but the audit
 * event. When the refusal is {@link io.jitprov.core.JitErrorCodes#STEP_UP_REQUIRED}, {@link #stepUp()} says what
 * authentication to ask the IdP for before trying again.
 *
 * @since 0.1
 */
public final class ElevationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;
    private final transient @Nullable StepUp stepUp;

    /** A refusal for every reason in {@code refusal}; {@code stepUp} when a fresher or stronger login would help. */
    public ElevationRefusedException(Refusal refusal, @Nullable StepUp stepUp) {
        super(refusal.code() + ": " + refusal.message());
        this.refusal = refusal;
        this.stepUp = stepUp;
    }

    /** Every reason, each with its stable code. */
    public Refusal refusal() {
        return refusal;
    }

    /** The first reason's code, e.g. {@code not_eligible}. */
    public String code() {
        return refusal.code();
    }

    /** The authentication to ask the IdP for, when the refusal is {@code step_up_required}. */
    public Optional<StepUp> stepUp() {
        return Optional.ofNullable(stepUp);
    }
}
