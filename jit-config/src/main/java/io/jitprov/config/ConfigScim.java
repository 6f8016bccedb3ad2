package io.jitprov.config;

import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.ScimProvisioning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code tenants[i].scim}: the tenant's SCIM endpoint, {@code {token: {env: NAME}}} (or
 * {@code tokens: [...]} during a rotation), the identity provider whose logins its users make
 * (default: the tenant's first) and {@code onDelete} ({@code disable} or {@code delete}).
 */
final class ConfigScim {

    /** One tenant's endpoint, as read. */
    record Endpoint(String tenantId, String issuer, ScimProvisioning.OnDelete onDelete, List<String> tokens) {
    }

    private ConfigScim() {
    }

    static Optional<Endpoint> read(ConfigNode scim, String tenantId, List<String> tenantIdps,
            Map<String, IdpRoute> idps, Function<String, @Nullable String> environment) {
        if (!scim.present()) {
            return Optional.empty();
        }
        scim.allowOnly("token", "tokens", "identityProvider", "onDelete");
        List<String> tokens = new ArrayList<>();
        scim.get("token").secret(environment).ifPresent(tokens::add);
        for (ConfigNode token : scim.get("tokens").list()) {
            token.secret(environment).ifPresent(tokens::add);
        }
        if (!scim.get("token").present() && scim.get("tokens").list().isEmpty()) {
            scim.problem(null, "needs a token ({env: NAME} or {file: path})");
        }
        for (String token : tokens) {
            if (token.length() < ScimProvisioning.MIN_TOKEN_LENGTH) {
                scim.problem("token", "must have at least " + ScimProvisioning.MIN_TOKEN_LENGTH
                        + " characters; make one with: openssl rand -base64 32");
                return Optional.empty();
            }
        }
        String idp = scim.get("identityProvider").text().orElse(tenantIdps.isEmpty() ? "" : tenantIdps.get(0));
        if (!tenantIdps.contains(idp)) {
            scim.problem("identityProvider", "must be one of the tenant's identity providers, not [" + idp + "]");
            return Optional.empty();
        }
        ScimProvisioning.OnDelete onDelete = scim.get("onDelete").choice(ScimProvisioning.OnDelete.class)
                .orElse(ScimProvisioning.OnDelete.DISABLE);
        IdpRoute route = idps.get(idp);
        if (route == null || tokens.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(tenantId, route.id(), onDelete, tokens));
    }

    /**
     * A registry tenant's {@code scim}: {@code tokens} as their SHA-256 ({@code [{sha256: hex}]},
     * what the registry stores), {@code identityProvider} (one of the tenant's connections by id;
     * default its first) and {@code onDelete}. Empty when the tenant has no connection to name.
     *
     * @param connectionKeys the tenant's connections, id to key ({@code saml <entityID>}...), in id order
     */
    static Optional<ScimProvisioning.Endpoint> readStored(ConfigNode scim, Map<String, String> connectionKeys) {
        if (!scim.present()) {
            return Optional.empty();
        }
        scim.allowOnly("tokens", "identityProvider", "onDelete");
        List<String> hashes = new ArrayList<>();
        for (ConfigNode token : scim.get("tokens").list()) {
            token.allowOnly("sha256");
            token.get("sha256").text().filter(h -> h.matches("[0-9a-f]{64}")).ifPresentOrElse(hashes::add,
                    () -> token.problem(null, "must be {sha256: <64 hex digits>}; give the token itself to the admin API"));
        }
        if (hashes.isEmpty()) {
            scim.problem("tokens", "needs at least one token");
        }
        ScimProvisioning.OnDelete onDelete = scim.get("onDelete").choice(ScimProvisioning.OnDelete.class)
                .orElse(ScimProvisioning.OnDelete.DISABLE);
        Optional<String> named = scim.get("identityProvider").text();
        String connection = named.orElse(connectionKeys.isEmpty() ? "" : connectionKeys.keySet().iterator().next());
        Optional<IdpRoute> route = RegistryDocuments.route(connectionKeys.get(connection));
        if (route.isEmpty() || hashes.isEmpty()) {
            return Optional.empty(); // no connection yet, or not this tenant's: no SCIM endpoint for now
        }
        return Optional.of(new ScimProvisioning.Endpoint(route.get().id(), onDelete, hashes));
    }
}
