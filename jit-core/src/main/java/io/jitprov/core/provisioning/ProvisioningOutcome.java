package io.jitprov.core.provisioning;

/**
 * What a login did to the tenant's accounts.
 *
 * @since 0.1
 */
public enum ProvisioningOutcome {
    /** A new account was created for the identity. */
    CREATED,
    /** The identity was attached to an existing account with the same verified email. */
    LINKED,
    /** The identity's account existed and was brought in line with the IdP. */
    UPDATED,
    /** The identity's account existed and nothing needed to change; nothing was written. */
    UNCHANGED,
    /** The login was refused; nothing was written. */
    REFUSED
}
