package io.jitprov.core;


/**
 * Logical names of the attributes jit itself reads, with the names common identity providers
 * send them under. {@link io.jitprov.core.attributes.AttributeSchema#standard()} declares all of them.
 *
 * @since 0.1
 */
public final class StandardAttributes {

    /** The email address; with a verified email it selects the tenant and may link an account. */
    public static final String EMAIL = "email";

    /** Group memberships, which {@link io.jitprov.core.tenant.RoleMapper}s turn into roles. */
    public static final String GROUPS = "groups";

    /** The given (first) name. */
    public static final String GIVEN_NAME = "given_name";

    /** The family (last) name. */
    public static final String FAMILY_NAME = "family_name";

    /** The full name to display. */
    public static final String DISPLAY_NAME = "name";

    private StandardAttributes() {
    }
}
