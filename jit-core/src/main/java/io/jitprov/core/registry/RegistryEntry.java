package io.jitprov.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One tenant or connection as the registry keeps it: a document (JSON, in the configuration
 * file's model) with the version every change increments.
 *
 * @param kind what the document describes
 * @param id unique among the entries of its kind
 * @param tenantId the tenant it belongs to: its own id for a tenant
 * @param version 1 when created, one more at every update
 * @param document the description, as JSON; never read by the store
 * @param updatedAt when this version was written
 * @since 0.1
 */
public record RegistryEntry(RegistryKind kind, String id, String tenantId, long version, String document,
        Instant updatedAt) {

    /** Refuses missing components and versions below 1. */
    public RegistryEntry {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(document, "document cannot be null");
        Objects.requireNonNull(updatedAt, "updatedAt cannot be null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, not " + version);
        }
        if (kind == RegistryKind.TENANT && !tenantId.equals(id)) {
            throw new IllegalArgumentException("A tenant's tenantId is its id");
        }
    }
}
