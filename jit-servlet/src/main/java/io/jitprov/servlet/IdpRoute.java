package io.jitprov.servlet;

import java.io.Serializable;
import java.util.Objects;

/**
 * How the people of a tenant sign in: through a SAML IdP (by entityID) or an OpenID provider (by
 * issuer).
 *
 * @param protocol SAML or OIDC
 * @param id the SAML entityID or the OIDC issuer
 * @since 0.1
 */
public record IdpRoute(Protocol protocol, String id) implements Serializable {

    /** The protocol of an identity provider. */
    public enum Protocol { SAML, OIDC }

    public IdpRoute {
        Objects.requireNonNull(protocol, "protocol cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }

    public static IdpRoute saml(String entityId) {
        return new IdpRoute(Protocol.SAML, entityId);
    }

    public static IdpRoute oidc(String issuer) {
        return new IdpRoute(Protocol.OIDC, issuer);
    }
}
