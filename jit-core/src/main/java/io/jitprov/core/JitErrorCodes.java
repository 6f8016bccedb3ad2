package io.jitprov.core;

/**
 * The stable codes of every refusal jit makes. Custom checks may use codes of their own; these
 * are the ones the library itself emits, and they never change meaning.
 *
 * @since 0.1
 */
public final class JitErrorCodes {

    // --- attribute schema -------------------------------------------------------------

    /** A required attribute is absent under its name and every alias. */
    public static final String ATTRIBUTE_MISSING = "attribute_missing";

    /** A single-valued attribute arrived with more than one distinct value. */
    public static final String ATTRIBUTE_NOT_SINGLE_VALUED = "attribute_not_single_valued";

    /** A multi-valued attribute arrived with more values than the schema allows. */
    public static final String ATTRIBUTE_TOO_MANY_VALUES = "attribute_too_many_values";

    /** A value is not of the declared type (email, boolean, enum member, timestamp). */
    public static final String ATTRIBUTE_INVALID = "attribute_invalid";

    /** A value is longer than the declared maximum length. */
    public static final String ATTRIBUTE_TOO_LONG = "attribute_too_long";

    /** A value does not match the declared pattern. */
    public static final String ATTRIBUTE_PATTERN_MISMATCH = "attribute_pattern_mismatch";

    /** The authentication is older than the schema's maximum authentication age. */
    public static final String AUTHENTICATION_STALE = "authentication_stale";

    /** The identity's validity window ({@code notOnOrAfter}) has passed. */
    public static final String IDENTITY_EXPIRED = "identity_expired";

    /** The issuer or subject is empty, too long or holds control characters. */
    public static final String IDENTITY_INVALID = "identity_invalid";

    // --- tenant resolution ------------------------------------------------------------

    /** No email to resolve the tenant from. */
    public static final String EMAIL_MISSING = "email_missing";

    /**
     * The identity provider did not assert the email as verified (OIDC {@code email_verified}
     * absent or not {@code true}), so it cannot select a tenant or link an account.
     */
    public static final String EMAIL_NOT_VERIFIED = "email_not_verified";

    /** The email's domain is unknown, pending verification, or a different domain altogether. */
    public static final String DOMAIN_NOT_VERIFIED = "domain_not_verified";

    /** The domain is verified for a tenant that no longer exists. */
    public static final String TENANT_NOT_FOUND = "tenant_not_found";

    /** The tenant the domain belongs to does not trust the identity's issuer. */
    public static final String ISSUER_NOT_TRUSTED_BY_TENANT = "issuer_not_trusted_by_tenant";

    // --- tenant policy ----------------------------------------------------------------

    /** The tenant does not accept identities of this kind (human or workload). */
    public static final String IDENTITY_KIND_NOT_ALLOWED = "identity_kind_not_allowed";

    /** The person is in none of the groups the tenant requires. */
    public static final String REQUIRED_GROUP_MISSING = "required_group_missing";

    /** The tenant does not create accounts on first login (invite only). */
    public static final String JIT_DISABLED = "jit_disabled";

    /** The tenant has as many active accounts as its seat limit allows. */
    public static final String SEAT_LIMIT_REACHED = "seat_limit_reached";

    // --- account linking --------------------------------------------------------------

    /** An account with this email exists and the tenant's link policy does not allow linking to it. */
    public static final String LINK_NOT_ALLOWED = "link_not_allowed";

    /** Another account of the tenant already holds the email this identity asserts. */
    public static final String EMAIL_IN_USE = "email_in_use";

    /** The account is disabled. */
    public static final String ACCOUNT_DISABLED = "account_disabled";

    // --- domain registry --------------------------------------------------------------

    /** The domain is not a syntactically valid domain name. */
    public static final String DOMAIN_INVALID = "domain_invalid";

    /** The domain (or a parent that covers its subdomains) is verified for another tenant. */
    public static final String DOMAIN_ALREADY_CLAIMED = "domain_already_claimed";

    /** The DNS TXT record proving ownership of a domain was not found. */
    public static final String DOMAIN_PROOF_NOT_FOUND = "domain_proof_not_found";

    /** The tenant has no claim on the domain. */
    public static final String DOMAIN_NOT_CLAIMED = "domain_not_claimed";

    // --- infrastructure ---------------------------------------------------------------

    /** A store could not be reached or failed; nothing was written. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";

    /** Concurrent changes to one account kept conflicting; nothing was written. */
    public static final String STORE_CONFLICT = "store_conflict";

    private JitErrorCodes() {
    }
}
