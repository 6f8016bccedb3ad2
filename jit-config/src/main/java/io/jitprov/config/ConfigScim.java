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
}
