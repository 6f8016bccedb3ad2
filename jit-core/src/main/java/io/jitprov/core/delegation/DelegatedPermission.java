package io.jitprov.core.delegation;


/**
 * What a {@link Delegation} lets a partner's admin do in the tenant that delegated.
 *
 * @since 0.1
 */
public enum DelegatedPermission {
    /** Approve, deny or revoke the tenant's elevation requests. */
    APPROVE_ELEVATION,
    /** Disable, enable or delete the tenant's accounts (checked by the application with {@link Delegations#allows}). */
    MANAGE_ACCOUNTS,
    /** Read the tenant's {@link io.jitprov.core.review.AccessReview}. */
    REVIEW_ACCESS
}
