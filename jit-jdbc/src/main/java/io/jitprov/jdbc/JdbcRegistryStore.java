package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.registry.RegistryChange;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Tenants and connections in the application's database ({@code jit_registry_entry}, created by
 * {@link JdbcSchema#install}), shared by every node. Every write takes the next number of one
 * counter row ({@code jit_registry_clock}) in its transaction: writers queue on that row, so change
 * numbers follow commit order and a node reading the changes after the last one it applied misses
 * none. A deleted entry stays as a tombstone, so that nodes learn of the deletion too.
 *
 * <p>So writes land one at a time across all nodes: they are administrators' changes, rare next
 * to logins, and a write that stalls in its commit delays the next by as long. A write that cannot
 * land (a stale version, an existing id) is refused before it queues.
 *
 * @since 0.1
 */
public final class JdbcRegistryStore implements RegistryStore {

    private static final String COLUMNS = "kind, id, tenant_id, lookup_key, version, document, updated_at";
    /** SQLState of a unique or primary key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final JdbcTables tables;

    private JdbcRegistryStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.tables = new JdbcTables(tablePrefix);
    }

    /** The registry in {@code jit_registry_entry} through {@code dataSource}. */
    public static JdbcRegistryStore of(DataSource dataSource) {
        return new JdbcRegistryStore(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** The registry in the tables named with {@code tablePrefix}. */
    public static JdbcRegistryStore of(DataSource dataSource, String tablePrefix) {
        return new JdbcRegistryStore(dataSource, tablePrefix);
    }

    @Override
    public Optional<RegistryEntry> find(RegistryKind kind, String id) {
        if (!RegistryEntry.isValidId(id)) {
            return Optional.empty(); // a NUL or an over-long id would be the database's error, not an answer
        }
        return JdbcTransactions.read(dataSource, c -> select(c, "kind = ? AND id = ? AND deleted = FALSE", 1,
                kind.name(), id)).stream().findFirst();
    }

    @Override
    public Optional<RegistryEntry> findByKey(RegistryKind kind, String key) {
        // Found by the key's hash, which the index holds; the key itself is compared too.
        return JdbcTransactions.read(dataSource, c -> select(c, "kind = ? AND lookup_key_hash = ? AND deleted = FALSE",
                1, kind.name(), Sha256.hex(key))).stream().filter(e -> key.equals(e.key())).findFirst();
    }

    @Override
    public List<RegistryEntry> list(RegistryKind kind, @Nullable String afterId, int limit) {
        requirePositive(limit);
        return JdbcTransactions.read(dataSource, c -> afterId == null
                ? select(c, "kind = ? AND deleted = FALSE", limit, kind.name())
                : select(c, "kind = ? AND deleted = FALSE AND id > ?", limit, kind.name(), afterId));
    }

    @Override
    public List<RegistryEntry> ofTenant(RegistryKind kind, String tenantId) {
        return JdbcTransactions.read(dataSource, c -> select(c, "tenant_id = ? AND kind = ? AND deleted = FALSE",
                Integer.MAX_VALUE, tenantId, kind.name()));
    }

    @Override
    public RegistryEntry create(RegistryKind kind, String id, String tenantId, @Nullable String key, String document,
            Instant at) {
        RegistryEntry.requireValidId(id);
        RegistryEntry.requireValidId(tenantId);
        return JdbcTransactions.write(dataSource, c -> {
            // Refused before the clock is taken: a write that cannot land must not wait behind others.
            Optional<Row> existing = row(c, kind, id);
            // A deleted id stays its tenant's: the feed keeps each id's latest change only, so a
            // node must never need the deletion's tenant after another tenant took the id.
            if (existing.isPresent() && (!existing.get().deleted() || !existing.get().tenantId().equals(tenantId))) {
                throw exists(kind, id);
            }
            requireFreeKey(c, kind, id, key);
            long sequence = nextChange(c);
            RegistryEntry entry = new RegistryEntry(kind, id, tenantId, key,
                    existing.map(r -> r.version() + 1).orElse(1L), document, at);
            if (existing.isPresent()) {
                write(c, entry, sequence, false);
            } else {
                insert(c, entry, sequence);
            }
            return entry;
        }, e -> UNIQUE_VIOLATION.equals(e.getSQLState()) ? exists(kind, id) : JdbcTransactions.unavailable(e));
    }

    @Override
    public RegistryEntry update(RegistryKind kind, String id, long expectedVersion, @Nullable String key,
            String document, Instant at) {
        RegistryEntry.requireValidId(id);
        return JdbcTransactions.write(dataSource, c -> {
            Row current = current(c, kind, id, expectedVersion);
            requireFreeKey(c, kind, id, key);
            long sequence = nextChange(c);
            RegistryEntry entry = new RegistryEntry(kind, id, current.tenantId(), key, expectedVersion + 1, document,
                    at);
            write(c, entry, sequence, false);
            return entry;
        }, e -> UNIQUE_VIOLATION.equals(e.getSQLState()) ? exists(kind, id) : busy(e, kind, id));
    }

    @Override
    public void delete(RegistryKind kind, String id, long expectedVersion) {
        RegistryEntry.requireValidId(id);
        JdbcTransactions.write(dataSource, c -> {
            current(c, kind, id, expectedVersion);
            long sequence = nextChange(c);
            try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%registry_entry SET"
                    + " deleted = TRUE, lookup_key = NULL, lookup_key_hash = NULL, change_seq = ?"
                    + " WHERE kind = ? AND id = ?"))) {
                s.setLong(1, sequence);
                s.setString(2, kind.name());
                s.setString(3, id);
                return s.executeUpdate();
            }
        }, e -> busy(e, kind, id));
    }

    @Override
    public List<RegistryChange> changesSince(long sequence, int limit) {
        requirePositive(limit);
        return JdbcTransactions.read(dataSource, c -> {
            List<RegistryChange> changes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT change_seq, kind, id, tenant_id, deleted FROM"
                    + " %TABLE_PREFIX%registry_entry WHERE change_seq > ? ORDER BY change_seq LIMIT ?"))) {
                s.setLong(1, sequence);
                s.setInt(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        changes.add(new RegistryChange(r.getLong(1), RegistryKind.valueOf(r.getString(2)),
                                r.getString(3), r.getString(4), r.getBoolean(5)));
                    }
                }
            }
            return changes;
        });
    }

    @Override
    public long lastChange() {
        return JdbcTransactions.read(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT last_change FROM"
                    + " %TABLE_PREFIX%registry_clock WHERE id = 1")); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /**
     * Takes the next change number; the counter row stays locked until the transaction ends. Taken
     * after the entry's own row, always in that order, so writers of different entries never wait
     * on each other for longer than a commit.
     */
    private long nextChange(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%registry_clock"
                + " SET last_change = last_change + 1 WHERE id = 1"))) {
            if (s.executeUpdate() != 1) {
                throw new SQLException("The registry clock row is missing: install the schema (JdbcSchema.install)");
            }
        }
        try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT last_change FROM %TABLE_PREFIX%registry_clock"
                + " WHERE id = 1")); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private record Row(String tenantId, long version, boolean deleted) { }

    private Optional<Row> row(Connection c, RegistryKind kind, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT tenant_id, version, deleted FROM"
                + " %TABLE_PREFIX%registry_entry WHERE kind = ? AND id = ? FOR UPDATE"))) {
            s.setString(1, kind.name());
            s.setString(2, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Row(r.getString(1), r.getLong(2), r.getBoolean(3))) : Optional.empty();
            }
        }
    }

    private Row current(Connection c, RegistryKind kind, String id, long expectedVersion) throws SQLException {
        Row row = row(c, kind, id).filter(r -> !r.deleted()).orElseThrow(() -> new RegistryConflictException(
                JitErrorCodes.ENTRY_NOT_FOUND, kind + " [" + id + "] does not exist"));
        if (row.version() != expectedVersion) {
            throw new RegistryConflictException(JitErrorCodes.VERSION_MISMATCH, kind + " [" + id + "] is at version "
                    + row.version() + ", not " + expectedVersion);
        }
        return row;
    }

    /** Refused before the clock is taken, as a taken id is; the unique key settles a race between two writers. */
    private void requireFreeKey(Connection c, RegistryKind kind, String id, @Nullable String key) throws SQLException {
        if (key == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT id FROM %TABLE_PREFIX%registry_entry"
                + " WHERE kind = ? AND lookup_key_hash = ? AND id <> ?"))) {
            s.setString(1, kind.name());
            s.setString(2, Sha256.hex(key));
            s.setString(3, id);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    throw new RegistryConflictException(JitErrorCodes.ENTRY_EXISTS, "Another " + kind + " has key ["
                            + key + "]");
                }
            }
        }
    }

    private void insert(Connection c, RegistryEntry entry, long sequence) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("INSERT INTO %TABLE_PREFIX%registry_entry ("
                + COLUMNS + ", lookup_key_hash, change_seq, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)"))) {
            s.setString(1, entry.kind().name());
            s.setString(2, entry.id());
            s.setString(3, entry.tenantId());
            s.setString(4, entry.key());
            s.setLong(5, entry.version());
            s.setString(6, entry.document());
            s.setObject(7, JdbcTimes.utc(entry.updatedAt()));
            s.setString(8, entry.key() == null ? null : Sha256.hex(entry.key()));
            s.setLong(9, sequence);
            s.executeUpdate();
        }
    }

    private void write(Connection c, RegistryEntry entry, long sequence, boolean deleted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%registry_entry SET"
                + " tenant_id = ?, lookup_key = ?, lookup_key_hash = ?, version = ?, document = ?, updated_at = ?,"
                + " change_seq = ?, deleted = ? WHERE kind = ? AND id = ?"))) {
            s.setString(1, entry.tenantId());
            s.setString(2, entry.key());
            s.setString(3, entry.key() == null ? null : Sha256.hex(entry.key()));
            s.setLong(4, entry.version());
            s.setString(5, entry.document());
            s.setObject(6, JdbcTimes.utc(entry.updatedAt()));
            s.setLong(7, sequence);
            s.setBoolean(8, deleted);
            s.setString(9, entry.kind().name());
            s.setString(10, entry.id());
            s.executeUpdate();
        }
    }

    private List<RegistryEntry> select(Connection c, String where, int limit, String... parameters)
            throws SQLException {
        List<RegistryEntry> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT " + COLUMNS + " FROM"
                + " %TABLE_PREFIX%registry_entry WHERE " + where + " ORDER BY id LIMIT ?"))) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.setInt(parameters.length + 1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new RegistryEntry(RegistryKind.valueOf(r.getString(1)), r.getString(2), r.getString(3),
                            r.getString(4), r.getLong(5), r.getString(6), Objects.requireNonNull(JdbcTimes.instant(r, 7))));
                }
            }
        }
        return found;
    }

    /**
     * A writer that waited too long for the entry's row, held by another writer of the same entry:
     * that write changes the version this one read, so it is refused as stale (read it again).
     */
    private static RuntimeException busy(SQLException e, RegistryKind kind, String id) {
        String state = String.valueOf(e.getSQLState());
        // HYT00: H2's lock timeout; 55P03 lock_not_available and 40P01 deadlock_detected: PostgreSQL.
        if (state.equals("HYT00") || state.equals("55P03") || state.equals("40P01")) {
            return new RegistryConflictException(JitErrorCodes.VERSION_MISMATCH, kind + " [" + id
                    + "] is being changed by another writer; read it again");
        }
        return JdbcTransactions.unavailable(e);
    }

    private static RegistryConflictException exists(RegistryKind kind, String id) {
        return new RegistryConflictException(JitErrorCodes.ENTRY_EXISTS, kind + " [" + id + "] exists already");
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }
}
