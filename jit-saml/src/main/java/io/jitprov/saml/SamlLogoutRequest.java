package io.jitprov.saml;

import io.jitprov.core.LogoutEvent;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A verified LogoutRequest from an identity provider: the sessions to end, and what the
 * LogoutResponse must answer.
 *
 * @param event whose sessions end
 * @param requestId the LogoutRequest's ID, for the response's InResponseTo
 * @param relayState the RelayState to send back, if the IdP sent one
 * @since 0.1
 */
public record SamlLogoutRequest(LogoutEvent event, String requestId, @Nullable String relayState) {

    /** Refuses a missing event or request ID. */
    public SamlLogoutRequest {
        Objects.requireNonNull(event, "event cannot be null");
        Objects.requireNonNull(requestId, "requestId cannot be null");
    }

    /** The RelayState to send back, if the IdP sent one. */
    public Optional<String> relayStateValue() {
        return Optional.ofNullable(relayState);
    }
}
