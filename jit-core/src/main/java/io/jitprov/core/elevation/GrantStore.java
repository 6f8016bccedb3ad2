package io.jitprov.core.elevation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link AccessGrant}s live: {@link io.jitprov.core.memory.InMemoryGrantStore} for one JVM, {@code JdbcGrantStore}
 * for H2 and PostgreSQL. Implementations must make {@link #update} optimistic: it fails with
 * {@link StaleGrantException} when the stored version is not the grant's. This is what elevation
 * needs; access reviews also read an account's past grants, which a {@link GrantHistory} adds.
 *
 * @since 0.1
 */
public interface GrantStore {

    /**
     * Stores a new grant (its {@code version} is 0).
     *
     * @throws DuplicateGrantException when the account has an open grant of the same role, decided
     *     atomically with the write (an active grant past its expiry stays open until it is ended)
     */
    AccessGrant create(AccessGrant grant);

    /** Stores every change of {@code grant} if nobody changed it since it was read; returns it at the next version. */
    AccessGrant update(AccessGrant grant);

    /** The grant with this id, if any. */
    Optional<AccessGrant> findById(String grantId);

    /** The account's pending and active grants (active ones may have passed their expiry). */
    List<AccessGrant> findOpenByAccount(String accountId);

    /** The tenant's pending and active grants: the approvers' queue. */
    List<AccessGrant> findOpenByTenant(String tenantId);

    /** Active grants whose expiry is at or before {@code now}, at most {@code limit}: for the sweeper. */
    List<AccessGrant> findExpired(Instant now, int limit);

    /** Pending grants requested at or before {@code before}, at most {@code limit}: for the sweeper. */
    List<AccessGrant> findPendingSince(Instant before, int limit);

    /**
     * How many grants give their role at {@code now} (active, expiring after it), across tenants:
     * for a gauge read at every scrape, so it must be answered from an index, not by reading grants.
     */
    long countActive(Instant now);
}
