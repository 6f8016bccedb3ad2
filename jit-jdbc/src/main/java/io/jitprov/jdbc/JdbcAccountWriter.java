package io.jitprov.jdbc;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.NewAccount;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The statements that write an account's rows; every method runs inside the caller's transaction. */
final class JdbcAccountWriter {

    private final String insertAccount;
    private final String updateAccount;
    private final String insertIdentity;
    private final String deleteIdentities;
    private final String insertRole;
    private final String deleteRole;
    private final String insertAttribute;
    private final String deleteAttributes;
    private final String ensureTenant;
    private final String lockTenant;
    private final String countActive;
    private final String insertAudit;

    JdbcAccountWriter(JdbcTables t, JdbcDialect dialect) {
        insertAccount = t.sql("INSERT INTO %TABLE_PREFIX%account (id, tenant_id, email, kind, status, created_at,"
                + " updated_at, last_login_at, email_verified, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
        updateAccount = t.sql("UPDATE %TABLE_PREFIX%account SET email = ?, kind = ?, status = ?, updated_at = ?,"
                + " email_verified = ?, version = version + 1 WHERE id = ? AND tenant_id = ? AND version = ?");
        insertIdentity = t.sql("INSERT INTO %TABLE_PREFIX%identity (identity_key, account_id, issuer, subject, position)"
                + " VALUES (?, ?, ?, ?, ?)");
        deleteIdentities = t.sql("DELETE FROM %TABLE_PREFIX%identity WHERE account_id = ?");
        insertRole = t.sql("INSERT INTO %TABLE_PREFIX%account_role (account_id, role, source) VALUES (?, ?, ?)");
        deleteRole = t.sql("DELETE FROM %TABLE_PREFIX%account_role WHERE account_id = ? AND role = ? AND source = ?");
        insertAttribute = t.sql("INSERT INTO %TABLE_PREFIX%account_attribute (account_id, name, position, attr_value)"
                + " VALUES (?, ?, ?, ?)");
        deleteAttributes = t.sql("DELETE FROM %TABLE_PREFIX%account_attribute WHERE account_id = ?");
        ensureTenant = t.sql(dialect.ensureTenant());
        lockTenant = t.sql("SELECT tenant_id FROM %TABLE_PREFIX%tenant WHERE tenant_id = ? FOR UPDATE");
        countActive = t.sql("SELECT COUNT(*) FROM %TABLE_PREFIX%account WHERE tenant_id = ? AND status = 'ACTIVE'");
        insertAudit = t.sql(dialect.insertAuditEvent());
    }

    /**
     * Locks the tenant's row and counts its active accounts: creations in one tenant queue behind
     * each other, so the count cannot be overtaken between the check and the insert.
     */
    int lockAndCountActive(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ensure = c.prepareStatement(ensureTenant)) {
            ensure.setString(1, tenantId);
            ensure.executeUpdate();
        }
        try (PreparedStatement lock = c.prepareStatement(lockTenant)) {
            lock.setString(1, tenantId);
            lock.executeQuery().close();
        }
        try (PreparedStatement count = c.prepareStatement(countActive)) {
            count.setString(1, tenantId);
            try (var rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    void insert(Connection c, NewAccount account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insertAccount)) {
            s.setString(1, account.id());
            s.setString(2, account.tenantId());
            s.setString(3, account.email());
            s.setString(4, account.kind().name());
            s.setString(5, AccountStatus.ACTIVE.name());
            s.setObject(6, JdbcTimes.utc(account.createdAt()));
            s.setObject(7, JdbcTimes.utc(account.createdAt()));
            JdbcTimes.setInstant(s, 8, account.lastLoginAt());
            s.setBoolean(9, account.emailVerified());
            s.executeUpdate();
        }
        insertIdentities(c, account.id(), account.tenantId(), account.identities());
        insertRoles(c, account.id(), account.roles());
        insertAttributes(c, account.id(), account.attributes());
    }

    /** Updates the account row if it is still at the version read; false when it is not. */
    boolean updateRow(Connection c, Account account, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(updateAccount)) {
            s.setString(1, account.email());
            s.setString(2, account.kind().name());
            s.setString(3, account.status().name());
            s.setObject(4, JdbcTimes.utc(now));
            s.setBoolean(5, account.emailVerified());
            s.setString(6, account.id());
            s.setString(7, account.tenantId());
            s.setLong(8, account.version());
            return s.executeUpdate() == 1;
        }
    }

    /** Brings the child rows from {@code stored} to {@code wanted}, writing only what differs. */
    void updateChildren(Connection c, Account stored, Account wanted) throws SQLException {
        if (!stored.identities().equals(wanted.identities())) {
            delete(c, deleteIdentities, wanted.id());
            insertIdentities(c, wanted.id(), wanted.tenantId(), wanted.identities());
        }
        Set<AssignedRole> removed = new HashSet<>(stored.roles());
        removed.removeAll(wanted.roles());
        Set<AssignedRole> added = new HashSet<>(wanted.roles());
        added.removeAll(stored.roles());
        if (!removed.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(deleteRole)) {
                for (AssignedRole role : removed) {
                    s.setString(1, wanted.id());
                    s.setString(2, role.role());
                    s.setString(3, role.source().name());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        insertRoles(c, wanted.id(), added);
        if (!stored.attributes().equals(wanted.attributes())) {
            delete(c, deleteAttributes, wanted.id());
            insertAttributes(c, wanted.id(), wanted.attributes());
        }
    }

    void insertAudit(Connection c, AuditEvent event) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insertAudit)) {
            JdbcAuditRows.bind(s, event);
            s.executeUpdate();
        }
    }

    private void insertIdentities(Connection c, String accountId, String tenantId, List<ExternalIdentity> identities)
            throws SQLException {
        if (identities.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(insertIdentity)) {
            int position = 0;
            for (ExternalIdentity identity : identities) {
                s.setString(1, JdbcUserStore.identityKey(tenantId, identity.issuer(), identity.subject()));
                s.setString(2, accountId);
                s.setString(3, identity.issuer());
                s.setString(4, identity.subject());
                s.setInt(5, position++);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void insertRoles(Connection c, String accountId, Set<AssignedRole> roles) throws SQLException {
        if (roles.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(insertRole)) {
            for (AssignedRole role : roles) {
                s.setString(1, accountId);
                s.setString(2, role.role());
                s.setString(3, role.source().name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void insertAttributes(Connection c, String accountId, ValidatedAttributes attributes) throws SQLException {
        if (attributes.asMap().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(insertAttribute)) {
            for (Map.Entry<String, List<String>> attribute : attributes.asMap().entrySet()) {
                int position = 0;
                for (String value : attribute.getValue()) {
                    s.setString(1, accountId);
                    s.setString(2, attribute.getKey());
                    s.setInt(3, position++);
                    s.setString(4, value);
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    private static void delete(Connection c, String sql, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, accountId);
            s.executeUpdate();
        }
    }

    static void setNullable(PreparedStatement s, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

}
