package io.jitprov.core;

/**
 * Logical names of the attributes jit itself reads, with the names common identity providers
 * send them under. {@link AttributeSchema#standard()} declares all of them.
 *
 * @since 0.1
 */
public final class StandardAttributes {

    /** The email address; with a verified email it selects the tenant and may link an account. */
    public static final String EMAIL = "email";

    /** Group memberships, which {@link RoleMapper}s turn into roles. */
    public static final String GROUPS = "groups";

    /** The given (first) name. */
    public static final String GIVEN_NAME = "given_name";

    /** The family (last) name. */
    public static final String FAMILY_NAME = "family_name";

    /** The full name to display. */
    public static final String DISPLAY_NAME = "name";

    static final String[] EMAIL_ALIASES = {
        "mail",
        "urn:oid:0.9.2342.19200300.100.1.3",
        // PKCS #9 emailAddress: what Keycloak's predefined "X500 email" SAML mapper sends.
        "urn:oid:1.2.840.113549.1.9.1",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "emailAddress",
    };

    static final String[] GROUPS_ALIASES = {
        "memberOf",
        "isMemberOf",
        "urn:oid:1.3.6.1.4.1.5923.1.5.1.1",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    };

    static final String[] GIVEN_NAME_ALIASES = {
        "givenName",
        "firstName",
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    };

    static final String[] FAMILY_NAME_ALIASES = {
        "sn",
        "surname",
        "lastName",
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    };

    static final String[] DISPLAY_NAME_ALIASES = {
        "displayName",
        "urn:oid:2.16.840.1.113730.3.1.241",
        "http://schemas.microsoft.com/identity/claims/displayname",
    };

    private StandardAttributes() {
    }
}
