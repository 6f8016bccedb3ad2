package io.jitprov.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An elevation request, approval or revocation was refused; nothing was written but the audit
 * event. When the refusal is {@link JitErrorCodes#STEP_UP_REQUIRED}, {@link #stepUp()} says what
 * authentication to ask the IdP for before trying again.
 *
 * @since 0.1
 */
public final class ElevationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;
    private final transient @Nullable StepUp stepUp;

    public ElevationRefusedException(Refusal refusal, @Nullable StepUp stepUp) {
        super(refusal.code() + ": " + refusal.message());
        this.refusal = refusal;
        this.stepUp = stepUp;
    }

    public Refusal refusal() {
        return refusal;
    }

    public String code() {
        return refusal.code();
    }

    public Optional<StepUp> stepUp() {
        return Optional.ofNullable(stepUp);
    }
}
