package io.jitprov.oidc;

import java.net.URI;
import java.util.Objects;

/**
 * Where to send the browser to log in, and what to remember until it comes back.
 *
 * @param url the provider's authorization URL with every parameter
 * @param pending what the callback will be checked against
 * @since 0.1
 */
public record OidcRedirect(URI url, PendingOidcLogin pending) {

    /** Refuses missing components. */
    public OidcRedirect {
        Objects.requireNonNull(url, "url cannot be null");
        Objects.requireNonNull(pending, "pending cannot be null");
    }
}
