package io.jitprov.jdbc;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.RoleSource;
import io.jitprov.core.ValidatedAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one account with its roles, identities and attributes in a single statement: the
 * account's id is found once (a CTE over one index), and the four parts come back as one
 * UNION ALL result, so a returning login costs one round trip.
 */
final class JdbcAccountReader {

    private static final String BY_IDENTITY = "SELECT account_id AS id FROM %TABLE_PREFIX%identity WHERE identity_key = ?";
    private static final String BY_EMAIL = "SELECT id FROM %TABLE_PREFIX%account WHERE tenant_id = ? AND email = ?";
    private static final String BY_ID = "SELECT id FROM %TABLE_PREFIX%account WHERE id = ?";

    private static final String LOAD = """
            WITH target AS (%TARGET%)
            SELECT 0 AS part, a.id, a.tenant_id, a.email, a.kind, a.status, a.created_at, a.updated_at, a.version,
                   CAST(NULL AS VARCHAR(1024)) AS c1, CAST(NULL AS %TEXT%) AS c2, CAST(NULL AS INT) AS c3,
                   a.last_login_at, a.email_verified
              FROM %TABLE_PREFIX%account a WHERE a.id = (SELECT id FROM target)
            UNION ALL
            SELECT 1, r.account_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, r.role, r.source, 0, NULL, NULL
              FROM %TABLE_PREFIX%account_role r WHERE r.account_id = (SELECT id FROM target)
            UNION ALL
            SELECT 2, i.account_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, i.issuer, i.subject, i.position, NULL, NULL
              FROM %TABLE_PREFIX%identity i WHERE i.account_id = (SELECT id FROM target)
            UNION ALL
            SELECT 3, t.account_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, t.name, t.attr_value, t.position, NULL, NULL
              FROM %TABLE_PREFIX%account_attribute t WHERE t.account_id = (SELECT id FROM target)
            ORDER BY 1, 12
            """;

    private final String byIdentity;
    private final String byEmail;
    private final String byId;

    JdbcAccountReader(JdbcTables tables, JdbcDialect dialect) {
        String load = LOAD.replace("%TEXT%", dialect == JdbcDialect.POSTGRESQL ? "TEXT" : "CHARACTER VARYING");
        this.byIdentity = tables.sql(load.replace("%TARGET%", BY_IDENTITY));
        this.byEmail = tables.sql(load.replace("%TARGET%", BY_EMAIL));
        this.byId = tables.sql(load.replace("%TARGET%", BY_ID));
    }

    Optional<Account> byIdentity(Connection connection, String tenantId, String issuer, String subject)
            throws SQLException {
        Optional<Account> account = load(connection, byIdentity, JdbcUserStore.identityKey(tenantId, issuer, subject));
        // The key covers the tenant; this guards against a key collision ever crossing tenants.
        return account.filter(a -> a.tenantId().equals(tenantId));
    }

    Optional<Account> byEmail(Connection connection, String tenantId, String email) throws SQLException {
        return load(connection, byEmail, tenantId, email);
    }

    Optional<Account> byId(Connection connection, String accountId) throws SQLException {
        return load(connection, byId, accountId);
    }

    private static Optional<Account> load(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return read(rows);
            }
        }
    }

    private static Optional<Account> read(ResultSet rows) throws SQLException {
        if (!rows.next() || rows.getInt(1) != 0) {
            return Optional.empty();
        }
        String id = rows.getString(2);
        String tenantId = rows.getString(3);
        String email = rows.getString(4);
        IdentityKind kind = IdentityKind.valueOf(rows.getString(5));
        AccountStatus status = AccountStatus.valueOf(rows.getString(6));
        OffsetDateTime created = rows.getObject(7, OffsetDateTime.class);
        OffsetDateTime updated = rows.getObject(8, OffsetDateTime.class);
        long version = rows.getLong(9);
        OffsetDateTime lastLogin = rows.getObject(13, OffsetDateTime.class);
        boolean emailVerified = rows.getBoolean(14);
        Set<AssignedRole> roles = new HashSet<>();
        List<ExternalIdentity> identities = new ArrayList<>(1);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        while (rows.next()) {
            switch (rows.getInt(1)) {
                case 1 -> roles.add(new AssignedRole(rows.getString(10), RoleSource.valueOf(rows.getString(11))));
                case 2 -> identities.add(new ExternalIdentity(rows.getString(10), rows.getString(11)));
                default -> attributes.computeIfAbsent(rows.getString(10), n -> new ArrayList<>(1)).add(rows.getString(11));
            }
        }
        return Optional.of(new Account(id, tenantId, email, kind, status, ValidatedAttributes.of(attributes), roles,
                identities, created.toInstant(), updated.toInstant(), version,
                lastLogin == null ? null : lastLogin.toInstant(), emailVerified));
    }
}
