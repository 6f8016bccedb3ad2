package io.jitprov.core.delegation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link Delegation}s are kept: {@link io.jitprov.core.memory.InMemoryDelegationStore} for one node,
 * {@code JdbcDelegationStore} for several.
 *
 * @since 0.1
 */
public interface DelegationStore {

    /** Stores a new delegation; returns it as stored. */
    Delegation create(Delegation delegation);

    /** Marks the delegation revoked unless it was already; returns it as stored after. */
    Optional<Delegation> revoke(String delegationId, String by, Instant at);

    /** The delegation with this id, if any. */
    Optional<Delegation> findById(String delegationId);

    /** Every delegation to the account, ended ones included, newest first. */
    List<Delegation> findByDelegate(String delegateAccountId);

    /** Every delegation the tenant made, ended ones included, newest first. */
    List<Delegation> findByTenant(String tenantId);
}
