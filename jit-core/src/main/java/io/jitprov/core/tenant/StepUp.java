package io.jitprov.core.tenant;

import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authentication an elevation needs: recent enough, and as strong as the tenant asks. An
 * {@link AuthenticationContext} satisfies it when the person authenticated within
 * {@link #maxAge()} and, if contexts are named, with one of them (SAML AuthnContextClassRef or
 * OIDC {@code acr}), or, if {@link #mfa()} is set, with {@code mfa} among the OIDC {@code amr}
 * values (RFC 8176) or one of the named contexts.
 *
 * @since 0.1
 */
public final class StepUp {

    private final Duration maxAge;
    private final Set<String> contexts;
    private final boolean mfa;

    private StepUp(Duration maxAge, Set<String> contexts, boolean mfa) {
        this.maxAge = maxAge;
        this.contexts = Set.copyOf(contexts);
        this.mfa = mfa;
    }

    /** A fresh authentication, at most {@code maxAge} old, of any strength. */
    public static StepUp within(Duration maxAge) {
        return new StepUp(Durations.positive("maxAge", maxAge), Set.of(), false);
    }

    /** The same, and the authentication must have used one of these contexts. */
    public StepUp contexts(String... accepted) {
        Set<String> all = new LinkedHashSet<>(contexts);
        all.addAll(List.of(accepted));
        return new StepUp(maxAge, all, mfa);
    }

    /** The same, and the authentication must have been multi-factor. */
    public StepUp mfa() {
        return new StepUp(maxAge, contexts, true);
    }

    /** How long ago, at most, the authentication may have happened. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The SAML AuthnContextClassRefs or OIDC {@code acr} values of which one is needed; empty for any. */
    public Set<String> contexts() {
        return contexts;
    }

    /** Whether multiple factors are needed: {@code mfa} in the OIDC {@code amr}, or one of {@link #contexts()}. */
    public boolean requiresMfa() {
        return mfa;
    }

    /** Whether {@code authentication} meets this requirement at {@code now}. */
    public boolean satisfiedBy(AuthenticationContext authentication, Instant now) {
        Instant at = authentication.authnInstant();
        if (at == null || at.isAfter(now.plusSeconds(60)) || at.plus(maxAge).isBefore(now)) {
            return false;
        }
        boolean namedContext = named(authentication.authnContextClass()) || named(authentication.acr());
        if (mfa) {
            return namedContext || authentication.amr().contains("mfa");
        }
        return contexts.isEmpty() || namedContext;
    }

    private boolean named(@Nullable String context) {
        // Immutable sets refuse contains(null).
        return context != null && contexts.contains(context);
    }

    @Override
    public String toString() {
        return "StepUp[maxAge=" + maxAge + ", contexts=" + contexts + ", mfa=" + mfa + "]";
    }
}
