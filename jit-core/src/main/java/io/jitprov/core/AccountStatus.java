package io.jitprov.core;

/**
 * Whether an account can log in.
 *
 * @since 0.1
 */
public enum AccountStatus {
    /** May sign in. */
    ACTIVE,
    /** Refused at login; does not count against the tenant's seat limit. */
    DISABLED
}
