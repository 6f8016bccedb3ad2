package io.jitprov.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an OpenID provider's signing keys come from. Keys are only ever taken from here: never
 * from a token's {@code jwk}, {@code jku}, {@code x5u} or {@code x5c} header.
 *
 * @see RemoteJwkSet the provider's {@code jwks_uri}, cached and refreshed
 * @since 0.1
 */
public interface JwkSetSource {

    /**
     * The keys known now.
     *
     * @throws io.jitprov.core.JitAuthenticationException {@link io.jitprov.core.JitErrorCodes#JWKS_UNAVAILABLE}
     *     when no key set could ever be read
     */
    JWKSet current();

    /**
     * Called when a token names a key ID the current set lacks: a remote source re-reads the set
     * (rate-limited) and returns it. Fixed sources return empty.
     */
    default Optional<JWKSet> refreshForUnknownKey() {
        return Optional.empty();
    }

    /** A fixed key set (e.g. read from a file). */
    static JwkSetSource of(JWKSet keys) {
        Objects.requireNonNull(keys, "keys cannot be null");
        JWKSet publicKeys = keys.toPublicJWKSet();
        return () -> publicKeys;
    }
}
