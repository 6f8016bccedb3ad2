package io.jitprov.oidc;

import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What this login asked for, which the ID token must answer: the {@code nonce} it sent, the
 * {@code max_age} it requested, and the access token that came with the ID token (for
 * {@code at_hash}).
 *
 * @param nonce the nonce sent in the authentication request; when set, the token must carry it
 * @param maxAge the {@code max_age} requested; when set, {@code auth_time} is required and checked
 * @param accessToken the access token from the same token response, for {@code at_hash}
 * @since 0.1
 */
public record IdTokenExpectations(@Nullable String nonce, @Nullable Duration maxAge, @Nullable AccessToken accessToken) {

    private static final IdTokenExpectations NONE = new IdTokenExpectations(null, null, null);

    /** Nothing asked: for tokens presented directly rather than obtained in a login of ours. */
    public static IdTokenExpectations none() {
        return NONE;
    }

    /**
     * Expects the ID token to carry {@code nonce}, the value sent with the authentication request (OIDC Core
     * 3.1.3.7, step 11).
     */
    public static IdTokenExpectations nonce(String nonce) {
        return new IdTokenExpectations(nonce, null, null);
    }

    /** The nonce the ID token must carry, if one was sent. */
    public Optional<String> expectedNonce() {
        return Optional.ofNullable(nonce);
    }
}
