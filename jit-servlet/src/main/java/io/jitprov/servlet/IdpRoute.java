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
    public enum Protocol {
        /** SAML 2.0 Web Browser SSO. */
        SAML,
        /** OpenID Connect, authorization code flow. */
        OIDC
    }

    /** Refuses a missing protocol or id. */
    public IdpRoute {
        Objects.requireNonNull(protocol, "protocol cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }

    /** The SAML IdP with this entityID. */
    public static IdpRoute saml(String entityId) {
        return new IdpRoute(Protocol.SAML, entityId);
    }

    /** The OpenID provider with this issuer identifier. */
    public static IdpRoute oidc(String issuer) {
        return new IdpRoute(Protocol.OIDC, issuer);
    }
}
