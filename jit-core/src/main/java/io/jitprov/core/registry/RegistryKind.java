package io.jitprov.core.registry;

/**
 * What a registry entry describes.
 *
 * @since 0.1
 */
public enum RegistryKind {
    /** A tenant: its policy, roles, lifecycle settings, and which connections it signs in through. */
    TENANT,
    /** An IdP connection of one tenant: SAML metadata and options, or an OpenID provider and client. */
    CONNECTION,
    /**
     * A setup link of one tenant: the SHA-256 of its secret and when it expires; deleted when
     * revoked. Whoever holds the link may set up that tenant's sign-in, and nothing else.
     */
    SETUP_LINK,
    /**
     * A notice given once for all nodes (a certificate's 30-day warning, say): its id is the
     * notice's, so the first node to write it is the one that tells.
     */
    NOTICE
}
