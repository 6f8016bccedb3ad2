package io.jitprov.core;

/**
 * Where an account's role came from, which decides who may take it away.
 *
 * @since 0.1
 */
public enum RoleSource {
    /** Given by the tenant's role mapping from IdP groups; removed when the groups no longer justify it. */
    MAPPED,
    /** Given by hand (an administrator, the application); never touched by login sync. */
    MANUAL
}
