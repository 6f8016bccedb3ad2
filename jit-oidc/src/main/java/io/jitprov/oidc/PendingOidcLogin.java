package io.jitprov.oidc;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A login this client started and has not seen come back: keep it in the person's session,
 * and use it once, for the callback that carries its {@code state}.
 *
 * @param issuer the provider the person was sent to
 * @param state the {@code state} sent, to compare with the callback's
 * @param nonce the {@code nonce} sent, which the ID token must carry
 * @param codeVerifier the PKCE code verifier (RFC 7636), sent with the code
 * @param redirectUri the redirect URI used
 * @param maxAge the {@code max_age} requested, if any
 * @since 0.1
 */
public record PendingOidcLogin(String issuer, String state, String nonce, String codeVerifier, URI redirectUri,
        @Nullable Duration maxAge) implements Serializable {

    /** Refuses missing components; {@code maxAge} may be absent. */
    public PendingOidcLogin {
        Objects.requireNonNull(issuer, "issuer cannot be null");
        Objects.requireNonNull(state, "state cannot be null");
        Objects.requireNonNull(nonce, "nonce cannot be null");
        Objects.requireNonNull(codeVerifier, "codeVerifier cannot be null");
        Objects.requireNonNull(redirectUri, "redirectUri cannot be null");
    }

    @Override
    public String toString() {
        // The verifier is a secret until the code is redeemed.
        return "PendingOidcLogin[" + issuer + ", state=" + state + "]";
    }
}
