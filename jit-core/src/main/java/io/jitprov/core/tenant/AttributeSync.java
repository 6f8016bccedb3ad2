package io.jitprov.core.tenant;


/**
 * How one attribute follows the identity provider on the logins after the first, when the
 * tenant syncs on every login ({@link SyncMode#FORCE}).
 *
 * @since 0.1
 */
public enum AttributeSync {
    /** Taken when the account does not have it yet; never changed by a later login. */
    IMPORT_ONCE,
    /** The IdP's value on every login, local edits included; absent at the IdP means removed. */
    OVERWRITE,
    /**
     * The IdP's value on every login unless the application changed it locally
     * ({@link io.jitprov.core.Account#withLocalEdit}); a local edit stays until the application clears it.
     */
    KEEP_LOCAL_EDITS
}
