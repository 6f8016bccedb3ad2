package io.jitprov.core.elevation;

import io.jitprov.core.AuthenticationContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person asking for a role for a while.
 *
 * @param accountId who asks
 * @param role the role asked for
 * @param duration how long; the rule's maximum when {@code null}
 * @param justification why, when the rule asks
 * @param ticket a change or incident reference, when the rule asks
 * @param authentication how the asking session authenticated, for the step-up check
 * @param sessionId the IdP session asking (SAML SessionIndex, OIDC {@code sid}), so its logout ends the grant
 * @since 0.1
 */
public record ElevationRequest(String accountId, String role, @Nullable Duration duration,
        @Nullable String justification, @Nullable String ticket, AuthenticationContext authentication,
        @Nullable String sessionId) {

    /** Refuses a missing account, role or authentication. */
    public ElevationRequest {
        Objects.requireNonNull(accountId, "accountId cannot be null");
        Objects.requireNonNull(role, "role cannot be null");
        Objects.requireNonNull(authentication, "authentication cannot be null");
    }
}
