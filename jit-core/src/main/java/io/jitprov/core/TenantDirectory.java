package io.jitprov.core;

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

    Optional<Tenant> find(String tenantId);

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
        Map<String, Tenant> fixed = Map.copyOf(byId);
        return tenantId -> Optional.ofNullable(fixed.get(tenantId));
    }
}
