package io.jitprov.saml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a configured identity provider by its entityID.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SamlIdentityProviders {

    /** The IdP with this entityID, if configured. */
    Optional<SamlIdentityProvider> find(String entityId);

    /**
     * Called when a message of {@code entityId} carries a signature none of its keys verifies:
     * a registry that reads metadata from a URL re-reads it now (rate-limited), so a key rotation
     * at the IdP does not wait for the next scheduled refresh. Fixed registries return empty.
     */
    default Optional<SamlIdentityProvider> refreshKeys(String entityId) {
        return Optional.empty();
    }

    /** A fixed set of identity providers. */
    static SamlIdentityProviders of(SamlIdentityProvider... providers) {
        return of(List.of(providers));
    }

    /** A fixed set of identity providers. */
    static SamlIdentityProviders of(List<SamlIdentityProvider> providers) {
        Map<String, SamlIdentityProvider> byId = new LinkedHashMap<>();
        for (SamlIdentityProvider provider : providers) {
            if (byId.putIfAbsent(provider.entityId(), provider) != null) {
                throw new IllegalArgumentException("Identity provider [" + provider.entityId() + "] is listed twice");
            }
        }
        Map<String, SamlIdentityProvider> fixed = Map.copyOf(byId);
        return entityId -> Optional.ofNullable(fixed.get(entityId));
    }
}
