package io.jitprov.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a configured OpenID provider by its issuer identifier.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface OidcProviders {

    /** The provider with exactly this issuer identifier, if configured. */
    Optional<OidcProvider> find(String issuer);

    /** The given providers; refuses (IllegalArgumentException) an issuer listed twice. */
    static OidcProviders of(OidcProvider... providers) {
        return of(List.of(providers));
    }

    /** The given providers; refuses (IllegalArgumentException) an issuer listed twice. */
    static OidcProviders of(List<OidcProvider> providers) {
        Map<String, OidcProvider> byIssuer = new LinkedHashMap<>();
        for (OidcProvider provider : providers) {
            if (byIssuer.putIfAbsent(provider.issuer(), provider) != null) {
                throw new IllegalArgumentException("Provider [" + provider.issuer() + "] is listed twice");
            }
        }
        Map<String, OidcProvider> fixed = Map.copyOf(byIssuer);
        return issuer -> Optional.ofNullable(fixed.get(issuer));
    }
}
