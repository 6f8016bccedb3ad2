package io.jitprov.core.memory;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.delegation.Delegation;
import io.jitprov.core.delegation.DelegationStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@link Delegation}s in memory, for one node and for tests.
 *
 * @since 0.1
 */
public final class InMemoryDelegationStore implements DelegationStore {

    private final Map<String, Delegation> delegations = new ConcurrentHashMap<>();

    @Override
    public Delegation create(Delegation delegation) {
        if (delegations.putIfAbsent(delegation.id(), delegation) != null) {
            throw new JitStoreException(JitErrorCodes.STORE_CONFLICT, "Delegation " + delegation.id() + " exists");
        }
        return delegation;
    }

    @Override
    public Optional<Delegation> revoke(String delegationId, String by, Instant at) {
        return Optional.ofNullable(delegations.computeIfPresent(delegationId,
                (id, d) -> d.revokedAt() == null ? d.revoked(by, at) : d));
    }

    @Override
    public Optional<Delegation> findById(String delegationId) {
        return Optional.ofNullable(delegations.get(delegationId));
    }

    @Override
    public List<Delegation> findByDelegate(String delegateAccountId) {
        return select(d -> d.delegateAccountId().equals(delegateAccountId));
    }

    @Override
    public List<Delegation> findByTenant(String tenantId) {
        return select(d -> d.tenantId().equals(tenantId));
    }

    private List<Delegation> select(Predicate<Delegation> which) {
        return delegations.values().stream().filter(which)
                .sorted(Comparator.comparing(Delegation::grantedAt).reversed().thenComparing(Delegation::id)).toList();
    }
}
