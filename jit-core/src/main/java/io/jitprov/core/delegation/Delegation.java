package io.jitprov.core.delegation;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An explicit, time-bound permission for one named account of a partner tenant (a reseller, an
 * outsourced help desk) to act in another tenant. It names a person, never a role or a tenant, so
 * nothing is implied for anyone else, and a delegate can never pass it on.
 *
 * @param id identifies it
 * @param tenantId the tenant that delegates: where the delegate may act
 * @param delegateTenantId the partner tenant the delegate belongs to
 * @param delegateAccountId the partner's admin who may act
 * @param permissions what the delegate may do
 * @param grantedBy the admin of {@code tenantId} who delegated
 * @param grantedAt when
 * @param expiresAt when it ends by itself
 * @param revokedAt when it was ended early, if it was
 * @param revokedBy who ended it early
 * @since 0.1
 */
public record Delegation(String id, String tenantId, String delegateTenantId, String delegateAccountId,
        Set<DelegatedPermission> permissions, String grantedBy, Instant grantedAt, Instant expiresAt,
        @Nullable Instant revokedAt, @Nullable String revokedBy) {

    /** Refuses missing components and an empty permission set; copies the permissions. */
    public Delegation {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(delegateTenantId, "delegateTenantId cannot be null");
        Objects.requireNonNull(delegateAccountId, "delegateAccountId cannot be null");
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("A delegation needs at least one permission");
        }
        permissions = Set.copyOf(EnumSet.copyOf(permissions));
        Objects.requireNonNull(grantedBy, "grantedBy cannot be null");
        Objects.requireNonNull(grantedAt, "grantedAt cannot be null");
        Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
    }

    /** Whether it is in force at {@code now}: granted, not expired, not revoked. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && !now.isBefore(grantedAt) && now.isBefore(expiresAt);
    }

    /** A copy ended early by {@code by} at {@code at}. */
    public Delegation revoked(String by, Instant at) {
        return new Delegation(id, tenantId, delegateTenantId, delegateAccountId, permissions, grantedBy, grantedAt,
                expiresAt, at, by);
    }
}
