package io.jitprov.core.memory;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryChange;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Tenants and connections in this JVM's memory: one node, or tests. Every method is atomic.
 *
 * @since 0.1
 */
public final class InMemoryRegistryStore implements RegistryStore {

    /** An entry, or the tombstone of a deleted one, with the sequence of its last change. */
    private record Row(RegistryEntry entry, long sequence, boolean deleted) { }

    private final Map<RegistryKind, TreeMap<String, Row>> rows = new EnumMap<>(RegistryKind.class);
    /** The id of the live entry holding each key, per kind. */
    private final Map<RegistryKind, Map<String, String>> keys = new EnumMap<>(RegistryKind.class);
    private long lastChange;

    public InMemoryRegistryStore() {
        for (RegistryKind kind : RegistryKind.values()) {
            rows.put(kind, new TreeMap<>());
            keys.put(kind, new HashMap<>());
        }
    }

    @Override
    public synchronized Optional<RegistryEntry> find(RegistryKind kind, String id) {
        if (!RegistryEntry.isValidId(id)) {
            return Optional.empty();
        }
        Row row = rows.get(kind).get(id);
        return row == null || row.deleted() ? Optional.empty() : Optional.of(row.entry());
    }

    @Override
    public synchronized Optional<RegistryEntry> findByKey(RegistryKind kind, String key) {
        String id = keys.get(kind).get(key);
        return id == null ? Optional.empty() : find(kind, id);
    }

    @Override
    public synchronized List<RegistryEntry> list(RegistryKind kind, @Nullable String afterId, int limit) {
        requirePositive(limit);
        Map<String, Row> after = afterId == null ? rows.get(kind) : rows.get(kind).tailMap(afterId, false);
        return after.values().stream().filter(r -> !r.deleted()).limit(limit).map(Row::entry).toList();
    }

    @Override
    public synchronized List<RegistryEntry> ofTenant(RegistryKind kind, String tenantId) {
        return live(kind).filter(e -> e.tenantId().equals(tenantId)).toList();
    }

    @Override
    public synchronized RegistryEntry create(RegistryKind kind, String id, String tenantId, @Nullable String key,
            String document, Instant at) {
        RegistryEntry.requireValidId(id);
        RegistryEntry.requireValidId(tenantId);
        Row existing = rows.get(kind).get(id);
        // A deleted id stays its tenant's (see RegistryStore#create).
        if (existing != null && (!existing.deleted() || !existing.entry().tenantId().equals(tenantId))) {
            throw new RegistryConflictException(JitErrorCodes.ENTRY_EXISTS, kind + " [" + id + "] exists already");
        }
        requireFreeKey(kind, id, key);
        long version = existing == null ? 1 : existing.entry().version() + 1;
        return put(new RegistryEntry(kind, id, tenantId, key, version, document, at), false);
    }

    @Override
    public synchronized RegistryEntry update(RegistryKind kind, String id, long expectedVersion, @Nullable String key,
            String document, Instant at) {
        RegistryEntry current = current(kind, id, expectedVersion);
        requireFreeKey(kind, id, key);
        return put(new RegistryEntry(kind, id, current.tenantId(), key, current.version() + 1, document, at), false);
    }

    @Override
    public synchronized void delete(RegistryKind kind, String id, long expectedVersion) {
        put(current(kind, id, expectedVersion), true);
    }

    @Override
    public synchronized List<RegistryChange> changesSince(long sequence, int limit) {
        requirePositive(limit);
        List<Row> changed = new ArrayList<>();
        rows.values().forEach(byId -> byId.values().stream().filter(r -> r.sequence() > sequence).forEach(changed::add));
        changed.sort(Comparator.comparingLong(Row::sequence));
        return changed.stream().limit(limit)
                .map(r -> new RegistryChange(r.sequence(), r.entry().kind(), r.entry().id(), r.entry().tenantId(),
                        r.deleted())).toList();
    }

    @Override
    public synchronized long lastChange() {
        return lastChange;
    }

    private Stream<RegistryEntry> live(RegistryKind kind) {
        return rows.get(kind).values().stream().filter(r -> !r.deleted()).map(Row::entry);
    }

    private void requireFreeKey(RegistryKind kind, String id, @Nullable String key) {
        String holder = key == null ? null : keys.get(kind).get(key);
        if (holder != null && !holder.equals(id)) {
            throw new RegistryConflictException(JitErrorCodes.ENTRY_EXISTS, "Another " + kind + " has key [" + key + "]");
        }
    }

    private RegistryEntry current(RegistryKind kind, String id, long expectedVersion) {
        Row row = rows.get(kind).get(id);
        if (row == null || row.deleted()) {
            throw new RegistryConflictException(JitErrorCodes.ENTRY_NOT_FOUND, kind + " [" + id + "] does not exist");
        }
        if (row.entry().version() != expectedVersion) {
            throw new RegistryConflictException(JitErrorCodes.VERSION_MISMATCH, kind + " [" + id + "] is at version "
                    + row.entry().version() + ", not " + expectedVersion);
        }
        return row.entry();
    }

    private RegistryEntry put(RegistryEntry entry, boolean deleted) {
        Objects.requireNonNull(entry);
        Row before = rows.get(entry.kind()).put(entry.id(), new Row(entry, ++lastChange, deleted));
        Map<String, String> byKey = keys.get(entry.kind());
        if (before != null && before.entry().key() != null) {
            byKey.remove(before.entry().key(), entry.id());
        }
        if (!deleted && entry.key() != null) {
            byKey.put(entry.key(), entry.id());
        }
        return entry;
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }
}
