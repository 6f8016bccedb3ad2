package io.jitprov.saml;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link AssertionCheck} judges an assertion against.
 *
 * @param now the time the response is judged at
 * @param clockSkew tolerated difference between our clock and the IdP's
 * @param serviceProvider this service provider
 * @param identityProvider the IdP whose signature the assertion carries
 * @param request the AuthnRequest this response must answer; {@code null} for IdP-initiated SSO
 * @since 0.1
 */
public record SamlCheckContext(Instant now, Duration clockSkew, SamlServiceProvider serviceProvider,
        SamlIdentityProvider identityProvider, @Nullable PendingAuthnRequest request) {

    /** The request the response answers; empty for an IdP-initiated response. */
    public Optional<PendingAuthnRequest> pendingRequest() {
        return Optional.ofNullable(request);
    }

    /** Whether {@code instant} is not after now, allowing for clock skew. */
    public boolean reached(Instant instant) {
        return !instant.isAfter(now.plus(clockSkew));
    }

    /** Whether {@code instant} (a NotOnOrAfter) has passed, allowing for clock skew. */
    public boolean passed(Instant instant) {
        return !now.isBefore(instant.plus(clockSkew));
    }
}
