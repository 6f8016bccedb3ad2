package io.jitprov.core.registry;

import java.util.Objects;

/**
 * One change to the registry, in the order changes were committed: a node that has applied every
 * change up to {@code sequence} asks for those after it ({@link RegistryStore#changesSince}).
 *
 * @param sequence increases with every change, in commit order, without gaps a reader could skip
 * @param kind what changed
 * @param id which entry
 * @param tenantId the tenant the entry belongs to (its own id for a tenant)
 * @param deleted whether the entry is gone
 * @since 0.1
 */
public record RegistryChange(long sequence, RegistryKind kind, String id, String tenantId, boolean deleted) {

    /** Refuses missing components. */
    public RegistryChange {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
    }
}
