package io.jitprov.jdbc;

import io.jitprov.core.delegation.DelegatedPermission;
import io.jitprov.core.delegation.Delegation;
import io.jitprov.core.delegation.DelegationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@link Delegation}s in the application's database ({@code jit_delegation}, created by
 * {@link JdbcSchema#install}), shared by every node.
 *
 * @since 0.1
 */
public final class JdbcDelegationStore implements DelegationStore {

    private static final String COLUMNS = "id, tenant_id, delegate_tenant_id, delegate_account_id, permissions,"
            + " granted_by, granted_at, expires_at, revoked_at, revoked_by";

    private final DataSource dataSource;
    private final JdbcTables tables;

    private JdbcDelegationStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.tables = new JdbcTables(tablePrefix);
    }

    /** Delegations in {@code jit_delegation} through {@code dataSource}. */
    public static JdbcDelegationStore of(DataSource dataSource) {
        return new JdbcDelegationStore(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** Delegations in the delegation table of the tables named with {@code tablePrefix}. */
    public static JdbcDelegationStore of(DataSource dataSource, String tablePrefix) {
        return new JdbcDelegationStore(dataSource, tablePrefix);
    }

    @Override
    public Delegation create(Delegation d) {
        return JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("INSERT INTO %TABLE_PREFIX%delegation ("
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
                s.setString(1, d.id());
                s.setString(2, d.tenantId());
                s.setString(3, d.delegateTenantId());
                s.setString(4, d.delegateAccountId());
                s.setString(5, d.permissions().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
                s.setString(6, d.grantedBy());
                s.setObject(7, JdbcTimes.utc(d.grantedAt()));
                s.setObject(8, JdbcTimes.utc(d.expiresAt()));
                JdbcTimes.setInstant(s, 9, d.revokedAt());
                s.setString(10, d.revokedBy());
                s.executeUpdate();
            }
            return d;
        }, JdbcTransactions::unavailable);
    }

    @Override
    public Optional<Delegation> revoke(String delegationId, String by, Instant at) {
        JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%delegation SET"
                    + " revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL"))) {
                s.setObject(1, JdbcTimes.utc(at));
                s.setString(2, by);
                s.setString(3, delegationId);
                return s.executeUpdate();
            }
        }, JdbcTransactions::unavailable);
        return findById(delegationId);
    }

    @Override
    public Optional<Delegation> findById(String delegationId) {
        return select("id = ?", delegationId).stream().findFirst();
    }

    @Override
    public List<Delegation> findByDelegate(String delegateAccountId) {
        return select("delegate_account_id = ?", delegateAccountId);
    }

    @Override
    public List<Delegation> findByTenant(String tenantId) {
        return select("tenant_id = ?", tenantId);
    }

    private List<Delegation> select(String where, String parameter) {
        String sql = tables.sql("SELECT " + COLUMNS + " FROM %TABLE_PREFIX%delegation WHERE " + where
                + " ORDER BY granted_at DESC, id");
        return JdbcTransactions.read(dataSource, c -> {
            List<Delegation> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, parameter);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        found.add(delegation(rows));
                    }
                }
            }
            return found;
        });
    }

    private static Delegation delegation(ResultSet r) throws SQLException {
        Set<DelegatedPermission> permissions = EnumSet.noneOf(DelegatedPermission.class);
        for (String name : r.getString(5).split(",")) {
            permissions.add(DelegatedPermission.valueOf(name));
        }
        return new Delegation(r.getString(1), r.getString(2), r.getString(3), r.getString(4), permissions,
                r.getString(6), required(r, 7), required(r, 8), JdbcTimes.instant(r, 9), r.getString(10));
    }

    private static Instant required(ResultSet r, int column) throws SQLException {
        return Objects.requireNonNull(JdbcTimes.instant(r, column), "a NOT NULL column was null");
    }
}
