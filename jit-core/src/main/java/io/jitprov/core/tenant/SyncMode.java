package io.jitprov.core.tenant;

/**
 * When a tenant takes attributes and mapped roles from the identity provider.
 *
 * @since 0.1
 */
public enum SyncMode {
    /** On the first login only; later changes at the IdP are not applied. */
    IMPORT,
    /** On every login: the IdP is the source of truth for attributes and mapped roles. */
    FORCE
}
