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
    CONNECTION
}
