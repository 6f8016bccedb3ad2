package io.jitprov.core.memory;

import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.DuplicateGrantException;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.elevation.StaleGrantException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Grants in this JVM's memory: for tests and single-node trials; lost on restart.
 *
 * @since 0.1
 */
public final class InMemoryGrantStore implements GrantHistory {

    private final Map<String, AccessGrant> grants = new ConcurrentHashMap<>();

    @Override
    public synchronized AccessGrant create(AccessGrant grant) {
        boolean open = grants.values().stream().anyMatch(g -> g.accountId().equals(grant.accountId())
                && g.role().equals(grant.role()) && g.status().open());
        if (open && grant.status().open()) {
            throw new DuplicateGrantException("Account " + grant.accountId() + " has an open grant of " + grant.role());
        }
        if (grants.putIfAbsent(grant.id(), grant) != null) {
            throw new IllegalArgumentException("Grant " + grant.id() + " exists");
        }
        return grant;
    }

    @Override
    public AccessGrant update(AccessGrant grant) {
        AccessGrant next = grant.atVersion(grant.version() + 1);
        AccessGrant[] result = new AccessGrant[1];
        grants.compute(grant.id(), (id, stored) -> {
            if (stored == null || stored.version() != grant.version()) {
                return stored;
            }
            result[0] = next;
            return next;
        });
        if (result[0] == null) {
            throw new StaleGrantException("Grant " + grant.id() + " changed since version " + grant.version());
        }
        return result[0];
    }

    @Override
    public Optional<AccessGrant> findById(String grantId) {
        return Optional.ofNullable(grants.get(grantId));
    }

    @Override
    public List<AccessGrant> findOpenByAccount(String accountId) {
        return select(g -> g.accountId().equals(accountId) && g.status().open(), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findOpenByTenant(String tenantId) {
        return select(g -> g.tenantId().equals(tenantId) && g.status().open(), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findByAccount(String accountId) {
        return select(g -> g.accountId().equals(accountId), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findExpired(Instant now, int limit) {
        return select(g -> g.status() == GrantStatus.ACTIVE && g.expiresAt() != null && !g.expiresAt().isAfter(now),
                limit);
    }

    @Override
    public List<AccessGrant> findPendingSince(Instant before, int limit) {
        return select(g -> g.status() == GrantStatus.PENDING && !g.requestedAt().isAfter(before), limit);
    }

    @Override
    public long countActive(Instant now) {
        return grants.values().stream().filter(g -> g.activeAt(now)).count();
    }

    private List<AccessGrant> select(Predicate<AccessGrant> filter, int limit) {
        List<AccessGrant> found = new ArrayList<>();
        grants.values().stream().filter(filter)
                .sorted(Comparator.comparing(AccessGrant::requestedAt).reversed().thenComparing(AccessGrant::id))
                .limit(limit).forEach(found::add);
        return found;
    }
}
