package io.jitprov.core.elevation;

/**
 * Where an {@link AccessGrant} stands. Only {@link #ACTIVE} gives the role, and only until the
 * grant's {@code expiresAt}, whatever the status column says after that.
 *
 * @since 0.1
 */
public enum GrantStatus {
    /** Requested; waits for approval. */
    PENDING,
    /** Approved (or needing no approval): gives the role until it expires. */
    ACTIVE,
    /** An approver (or the {@link ApprovalHandler}) said no. */
    DENIED,
    /** Its time ran out, or nobody approved it in time. */
    EXPIRED,
    /** Ended early: by the person, an approver, logout or deprovisioning. */
    REVOKED;

    /** Whether the grant can still change: pending or active. */
    public boolean open() {
        return this == PENDING || this == ACTIVE;
    }
}
