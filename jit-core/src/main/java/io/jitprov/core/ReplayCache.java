package io.jitprov.core;

import java.time.Instant;

/**
 * Remembers one-time values (SAML assertion IDs, OIDC {@code jti} and nonces) until they expire,
 * so that a second presentation is refused. Implementations shared by several nodes must make
 * {@link #firstUse} atomic across all of them.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReplayCache {

    /**
     * Records {@code key} until {@code expiresAt}; answers whether this is its first use. Keys are
     * namespaced by the caller (e.g. {@code saml|<issuer>|<assertion id>}).
     *
     * @return {@code true} the first time a key is seen before it expires, {@code false} after
     * @throws JitStoreException when the cache cannot answer (full, unreachable); callers refuse
     */
    boolean firstUse(String key, Instant expiresAt);
}
