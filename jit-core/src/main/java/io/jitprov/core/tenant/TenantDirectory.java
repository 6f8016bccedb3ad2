package io.jitprov.core.tenant;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a tenant's configuration by its id.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TenantDirectory {

    /** The tenant with this id, if any. */
    Optional<Tenant> find(String tenantId);

    /** Every tenant, for sweeps that go through them all; empty when the directory cannot list them. */
    default Collection<Tenant> all() {
        return List.of();
    }

    /** A fixed set of tenants. */
    static TenantDirectory of(Tenant... tenants) {
        return of(List.of(tenants));
    }

    /** A fixed set of tenants. */
    static TenantDirectory of(List<Tenant> tenants) {
        Map<String, Tenant> byId = new LinkedHashMap<>();
        for (Tenant tenant : tenants) {
            if (byId.putIfAbsent(tenant.id(), tenant) != null) {
                throw new IllegalArgumentException("Tenant [" + tenant.id() + "] is listed twice");
            }
        }
        Map<String, Tenant> fixed = Collections.unmodifiableMap(byId);
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String tenantId) {
                return Optional.ofNullable(fixed.get(tenantId));
            }

            @Override
            public Collection<Tenant> all() {
                return fixed.values();
            }
        };
    }
}
