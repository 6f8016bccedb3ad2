package io.jitprov.core.tenant;

/**
 * Whether a login from an identity jit has not seen before may attach to an existing account of
 * the tenant that has the same email.
 *
 * @since 0.1
 */
public enum LinkPolicy {
    /** Never: the only key is (tenant, issuer, subject). The default. */
    NEVER,
    /**
     * When the IdP asserted the email as verified and its domain is verified for this very
     * tenant, and the account is not already linked to another subject of the same issuer.
     */
    VERIFIED_EMAIL
}
