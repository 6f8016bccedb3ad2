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

    /**
     * The IdP left groups out of the login (Entra ID group overage) and the tenant maps or requires
     * groups: roles from a partial list would be wrong.
     */
    public static final String GROUPS_INCOMPLETE = "groups_incomplete";

    /** The tenant does not create accounts on first login (invite only). */
    public static final String JIT_DISABLED = "jit_disabled";

    /** The tenant has as many active accounts as its seat limit allows. */
    public static final String SEAT_LIMIT_REACHED = "seat_limit_reached";

    // --- account linking --------------------------------------------------------------

    /** An account with this email exists and the tenant's link policy does not allow linking to it. */
    public static final String LINK_NOT_ALLOWED = "link_not_allowed";

    /** Another account of the tenant already holds the email this identity asserts. */
    public static final String EMAIL_IN_USE = "email_in_use";

    /** The tenant's access-end attribute (a contract end) says access has ended; the account is disabled. */
    public static final String ACCESS_ENDED = "access_ended";

    /** The account was not signed in for longer than its tenant's inactivity limit. */
    public static final String ACCOUNT_INACTIVE = "account_inactive";

    /** An administrator, the application or the IdP (SCIM) ended the account's access. */
    public static final String DEPROVISIONED = "deprovisioned";

    /** The account is disabled. */
    public static final String ACCOUNT_DISABLED = "account_disabled";

    /** A directory push (SCIM) would create an account that exists already for this identity. */
    public static final String ACCOUNT_EXISTS = "account_exists";

    /** A delegation may not be made or ended this way (see {@link io.jitprov.core.delegation.Delegations}). */
    public static final String DELEGATION_NOT_ALLOWED = "delegation_not_allowed";

    /** There is no such delegation. */
    public static final String DELEGATION_NOT_FOUND = "delegation_not_found";

    /** No account of the tenant has this id. */
    public static final String ACCOUNT_NOT_FOUND = "account_not_found";

    /** The IdP says the account is disabled (e.g. an {@code active} attribute of false). */
    public static final String DISABLED_AT_IDP = "disabled_at_idp";

    // --- domain registry --------------------------------------------------------------

    /** The domain is not a syntactically valid domain name. */
    public static final String DOMAIN_INVALID = "domain_invalid";

    /** The domain (or a parent that covers its subdomains) is verified for another tenant. */
    public static final String DOMAIN_ALREADY_CLAIMED = "domain_already_claimed";

    /**
     * The domain is a consumer mail domain (gmail.com, outlook.com...), or below one: anyone can have
     * an address there, so no tenant may claim it.
     */
    public static final String DOMAIN_NOT_ALLOWED = "domain_not_allowed";

    /** The DNS TXT record proving ownership of a domain was not found. */
    public static final String DOMAIN_PROOF_NOT_FOUND = "domain_proof_not_found";

    /** The tenant has no claim on the domain. */
    public static final String DOMAIN_NOT_CLAIMED = "domain_not_claimed";

    // --- protocol messages (SAML responses, OIDC tokens) ---------------------------------

    /**
     * The message is not what it claims to be: bad base64, not well-formed XML, a DOCTYPE, too
     * deep, not a SAML Response, a JWT that does not parse.
     */
    public static final String MALFORMED_MESSAGE = "malformed_message";

    /** The message is larger than the configured maximum. */
    public static final String MESSAGE_TOO_LARGE = "message_too_large";

    /** The issuer is not a configured identity provider. */
    public static final String UNKNOWN_ISSUER = "unknown_issuer";

    /** Issuers inside one message disagree, or the message comes from another IdP than the request went to. */
    public static final String ISSUER_MISMATCH = "issuer_mismatch";

    /** Nothing in the message is signed where a signature is required (SAML core 5, profiles 4.1.3.5). */
    public static final String SIGNATURE_MISSING = "signature_missing";

    /** A signature does not verify with any trusted key, or does not follow the SAML signature profile. */
    public static final String INVALID_SIGNATURE = "invalid_signature";

    /** A signature, digest, key transport or encryption algorithm (or a key size) is not allowed. */
    public static final String ALGORITHM_NOT_ALLOWED = "algorithm_not_allowed";

    /** Two elements of the message carry the same ID: a signature-wrapping attempt. */
    public static final String DUPLICATE_ID = "duplicate_id";

    /** The response holds no assertion where one is expected. */
    public static final String ASSERTION_MISSING = "assertion_missing";

    /** The response holds more than one assertion, anywhere: a signature-wrapping attempt or an unsupported shape. */
    public static final String MULTIPLE_ASSERTIONS = "multiple_assertions";

    /** The SAML Status is not Success (SAML core 3.2.2.2). */
    public static final String STATUS_NOT_SUCCESS = "status_not_success";

    /** The response's Destination is not our assertion consumer service URL (SAML bindings 3.5.5.2). */
    public static final String DESTINATION_MISMATCH = "destination_mismatch";

    /** InResponseTo does not name the request we sent, or names one while we sent none. */
    public static final String IN_RESPONSE_TO_MISMATCH = "in_response_to_mismatch";

    /** An IdP-initiated (unsolicited) response, and IdP-initiated SSO is off for this IdP. */
    public static final String UNSOLICITED_RESPONSE = "unsolicited_response";

    /** The assertion's validity window has passed (Conditions NotOnOrAfter, or it was issued too long ago). */
    public static final String ASSERTION_EXPIRED = "assertion_expired";

    /** The assertion is not valid yet (Conditions NotBefore, IssueInstant in the future). */
    public static final String ASSERTION_NOT_YET_VALID = "assertion_not_yet_valid";

    /** No AudienceRestriction names this service provider (SAML core 2.5.1.4). */
    public static final String AUDIENCE_MISMATCH = "audience_mismatch";

    /** No usable bearer SubjectConfirmation: missing, wrong Recipient, expired (SAML profiles 4.1.4.2). */
    public static final String SUBJECT_CONFIRMATION_INVALID = "subject_confirmation_invalid";

    /** The assertion carries no AuthnStatement (SAML profiles 4.1.4.2). */
    public static final String AUTHN_STATEMENT_MISSING = "authn_statement_missing";

    /** The subject is missing, or of a kind that cannot key an account (a transient NameID). */
    public static final String SUBJECT_INVALID = "subject_invalid";

    /** The message (assertion ID, token {@code jti}) was already used. */
    public static final String REPLAYED = "replayed";

    /** An encrypted element could not be decrypted with our keys. */
    public static final String DECRYPTION_FAILED = "decryption_failed";

    // --- OpenID Connect -----------------------------------------------------------------

    /** The provider's signing keys could not be read, and none were read before. */
    public static final String JWKS_UNAVAILABLE = "jwks_unavailable";

    /** The token is expired ({@code exp}, OIDC Core 3.1.3.7 step 9). */
    public static final String TOKEN_EXPIRED = "token_expired";

    /** The token is not valid yet ({@code nbf}), or was issued in the future ({@code iat}). */
    public static final String TOKEN_NOT_YET_VALID = "token_not_yet_valid";

    /** The token's {@code typ} marks another kind of token (an access or logout token as ID token, or the reverse). */
    public static final String TOKEN_TYPE_MISMATCH = "token_type_mismatch";

    /** The token has a {@code crit} header parameter jit does not understand (RFC 7515 4.1.11). */
    public static final String CRITICAL_HEADER_NOT_SUPPORTED = "critical_header_not_supported";

    /** With several audiences, {@code azp} is not this client (OIDC Core 3.1.3.7 steps 4-5). */
    public static final String AZP_MISMATCH = "azp_mismatch";

    /** The {@code nonce} is not the one this login sent (OIDC Core 3.1.3.7 step 11). */
    public static final String NONCE_MISMATCH = "nonce_mismatch";

    /** The {@code at_hash} does not match the access token (OIDC Core 3.2.2.9). */
    public static final String AT_HASH_MISMATCH = "at_hash_mismatch";

    /** The {@code state} returned to the callback is not the one this login sent. */
    public static final String STATE_MISMATCH = "state_mismatch";

    /** The provider answered the authorization or token request with an error. */
    public static final String PROVIDER_ERROR = "provider_error";

    /**
     * The identity provider's metadata offers nothing jit can use for this step: no HTTP-Redirect or
     * HTTP-POST SingleSignOnService (SAML bindings 3.4, 3.5), or it wants signed AuthnRequests and
     * the service provider has no signing key. The IdP's administrator, or the SP's, must change it.
     */
    public static final String IDP_NOT_USABLE = "idp_not_usable";

    /** UserInfo names another subject than the ID token (OIDC Core 5.3.2). */
    public static final String USERINFO_SUBJECT_MISMATCH = "userinfo_subject_mismatch";

    /** A logout token lacks what Back-Channel Logout 1.0 section 2.6 requires, or has a nonce. */
    public static final String LOGOUT_TOKEN_INVALID = "logout_token_invalid";

    // --- elevation (time-bound roles) -----------------------------------------------------

    /** The tenant has no elevation rule for the role, or the account is not eligible for it. */
    public static final String NOT_ELIGIBLE = "not_eligible";

    /** The requested duration is longer than the rule allows, or not positive. */
    public static final String DURATION_INVALID = "duration_invalid";

    /** The rule asks for a justification and none was given. */
    public static final String JUSTIFICATION_REQUIRED = "justification_required";

    /** The rule asks for a ticket reference and none was given. */
    public static final String TICKET_REQUIRED = "ticket_required";

    /**
     * A justification, ticket, session id or deny/revoke reason is longer than a grant keeps
     * ({@link io.jitprov.core.elevation.AccessGrant#MAX_JUSTIFICATION_LENGTH} and its neighbours), or holds a NUL character or
     * a lone surrogate, which no store keeps as sent.
     */
    public static final String TEXT_INVALID = "text_invalid";

    /** The rule asks for a fresher or stronger authentication than the session has. */
    public static final String STEP_UP_REQUIRED = "step_up_required";

    /** The account holds the role already, or has a pending or active grant of it. */
    public static final String ROLE_ALREADY_HELD = "role_already_held";

    /** The account may not approve or end this grant (the requester approving, a non-approver). */
    public static final String APPROVER_NOT_ALLOWED = "approver_not_allowed";

    /** No grant has this id. */
    public static final String GRANT_NOT_FOUND = "grant_not_found";

    /** The grant is no longer pending (for approval) or open (for revocation). */
    public static final String GRANT_NOT_OPEN = "grant_not_open";

    // --- the registry of tenants and connections ----------------------------------------

    /** A tenant or connection with this id exists already; nothing was written. */
    public static final String ENTRY_EXISTS = "entry_exists";

    /** No tenant or connection has this id; nothing was written. */
    public static final String ENTRY_NOT_FOUND = "entry_not_found";

    /** The tenant or connection changed since it was read (another writer came first); nothing was written. */
    public static final String VERSION_MISMATCH = "version_mismatch";

    /** The tenant still has connections: delete them first; nothing was written. */
    public static final String TENANT_NOT_EMPTY = "tenant_not_empty";

    // --- infrastructure ---------------------------------------------------------------

    /** A store could not be reached or failed; nothing was written. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";

    /** The identity provider could not be reached (token endpoint, UserInfo); nothing was written. */
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";

    /**
     * The identity provider's metadata (SAML) or discovery document (OIDC) could not be read, and
     * none was read before: its logins are refused until it answers, which jit tries again on its
     * own; no other identity provider is affected.
     */
    public static final String IDP_UNAVAILABLE = "idp_unavailable";

    /** Concurrent changes to one account kept conflicting; nothing was written. */
    public static final String STORE_CONFLICT = "store_conflict";

    private JitErrorCodes() {
    }
}
