package io.jitprov.servlet;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.core.wiring.RefreshListener;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Told of each sign-in jit answers and each SCIM request it serves, and of each read of an IdP's
 * metadata or keys: what a metrics library counts and times (jit-micrometer's {@code JitMeters}).
 * Like an audit sink it must be fast and must not throw; what it throws is logged and ignored. Give
 * it to {@link JitLogin.Builder#observer}, and, for the reads, to the resolvers'
 * {@code refreshListener} (jit-config's {@code JitConfiguration.Builder#observer} does both).
 *
 * @since 0.1
 */
public interface JitObserver extends RefreshListener {

    /** Observes nothing. */
    JitObserver NONE = new JitObserver() { };

    /** A sign-in answered at the SAML ACS or the OpenID Connect callback, accepted or refused. */
    default void signIn(SignIn signIn) {
    }

    /** A SCIM request answered with {@code status}. */
    default void scimRequest(String method, int status) {
    }

    @Override
    default void refreshed(Refresh refresh) {
    }

    /**
     * A {@link JitLogin} was built on {@code stores} ({@link JitLogin.Builder#stores}): for what an
     * observer reads from them when asked, such as the number of active grants.
     */
    default void started(JitStores stores) {
    }

    /**
     * One sign-in as jit answered it.
     *
     * @param protocol SAML or OIDC
     * @param outcome {@code created}, {@code linked}, {@code updated}, {@code unchanged}, {@code refused},
     *     or {@code unavailable} (the IdP or the database could not be reached)
     * @param code the refusal code ({@code io.jitprov.core.JitErrorCodes}) when refused or unavailable
     * @param tenantId the tenant, when one was resolved
     * @param verification how long verifying the IdP's answer took (signature, decryption, the
     *     token request for OpenID Connect), provisioning excluded
     */
    record SignIn(IdpRoute.Protocol protocol, String outcome, @Nullable String code, @Nullable String tenantId,
            Duration verification) {

        public SignIn {
            Objects.requireNonNull(protocol, "protocol cannot be null");
            Objects.requireNonNull(outcome, "outcome cannot be null");
            Objects.requireNonNull(verification, "verification cannot be null");
        }
    }
}
