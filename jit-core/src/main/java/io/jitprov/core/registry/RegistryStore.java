package io.jitprov.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where tenants and connections are kept: in this JVM's memory ({@code InMemoryRegistryStore}),
 * or in the database for several nodes ({@code JdbcRegistryStore}). Writes are optimistic: an
 * update or delete names the version it read, and is refused when the entry changed since. Every
 * write is also a {@link RegistryChange}, so that every node learns of it by asking for the
 * changes after the last one it applied.
 *
 * @since 0.1
 */
public interface RegistryStore {

    /** The entry, if there is one. */
    Optional<RegistryEntry> find(RegistryKind kind, String id);

    /** The live entry of {@code kind} with this {@link RegistryEntry#key key}, if there is one. */
    Optional<RegistryEntry> findByKey(RegistryKind kind, String key);

    /** Up to {@code limit} entries of {@code kind} whose id sorts after {@code afterId} (from the start when null), in id order. */
    List<RegistryEntry> list(RegistryKind kind, @Nullable String afterId, int limit);

    /** The live entries of {@code kind} that belong to {@code tenantId}, in id order. */
    List<RegistryEntry> ofTenant(RegistryKind kind, String tenantId);

    /** The connections of {@code tenantId}, in id order. */
    default List<RegistryEntry> connectionsOf(String tenantId) {
        return ofTenant(RegistryKind.CONNECTION, tenantId);
    }

    /**
     * Stores a new entry at version 1 or, for an id deleted before, at one more than its last
     * version, so that a version read before the deletion never matches the new entry.
     *
     * @param key what else finds the entry ({@link RegistryEntry#key}), or null
     * @throws RegistryConflictException {@code entry_exists} when a live entry of this kind has this
     *     id or this key, or a deleted one had this id under another tenant (an id stays its
     *     tenant's, since nodes that learn of the new entry must also forget the old one's tenant)
     * @throws IllegalArgumentException when an id is not {@link RegistryEntry#isValidId valid}
     */
    RegistryEntry create(RegistryKind kind, String id, String tenantId, @Nullable String key, String document,
            Instant at);

    /**
     * Stores {@code document}, with its {@code key}, as the entry's next version.
     *
     * @throws RegistryConflictException {@code version_mismatch} when the entry is not at
     *     {@code expectedVersion}, {@code entry_not_found} when there is none, {@code entry_exists}
     *     when another live entry of this kind has {@code key}
     */
    RegistryEntry update(RegistryKind kind, String id, long expectedVersion, @Nullable String key, String document,
            Instant at);

    /**
     * Removes the entry; its key is free for another entry at once.
     *
     * @throws RegistryConflictException {@code version_mismatch} when the entry is not at
     *     {@code expectedVersion}, {@code entry_not_found} when there is none
     */
    void delete(RegistryKind kind, String id, long expectedVersion);

    /** Up to {@code limit} changes after {@code sequence}, oldest first; each entry's latest change only. */
    List<RegistryChange> changesSince(long sequence, int limit);

    /** The sequence of the last change committed; 0 before the first. A new reader starts from here. */
    long lastChange();
}
