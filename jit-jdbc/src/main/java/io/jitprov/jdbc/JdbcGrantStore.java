package io.jitprov.jdbc;

import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.DuplicateGrantException;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.elevation.StaleGrantException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link AccessGrant}s in the application's database ({@code jit_access_grant} and
 * {@code jit_grant_approval}, created by {@link JdbcSchema#install}). Several nodes may share it:
 * updates are optimistic on the grant's version, so two approvers or an approver and the sweeper
 * racing on one grant change it once each, in turn.
 *
 * @since 0.1
 */
public final class JdbcGrantStore implements GrantHistory {

    private static final String COLUMNS = "id, tenant_id, account_id, role, status, requested_at, duration_seconds,"
            + " justification, ticket, session_id, activated_at, expires_at, ended_at, ended_by, end_reason, version";
    /** SQLState of a unique key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final JdbcTables tables;

    private JdbcGrantStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.tables = new JdbcTables(tablePrefix);
    }

    /** Grants in {@code jit_access_grant} and {@code jit_grant_approval} through {@code dataSource}. */
    public static JdbcGrantStore of(DataSource dataSource) {
        return new JdbcGrantStore(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** Grants in the grant tables of the tables named with {@code tablePrefix}. */
    public static JdbcGrantStore of(DataSource dataSource, String tablePrefix) {
        return new JdbcGrantStore(dataSource, tablePrefix);
    }

    @Override
    public AccessGrant create(AccessGrant grant) {
        return JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("INSERT INTO %TABLE_PREFIX%access_grant ("
                    + COLUMNS + ", open_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
                bindAll(s, grant);
                s.setString(17, openRole(grant));
                s.executeUpdate();
            }
            insertApprovals(c, grant.id(), grant.approvals());
            return grant;
        }, e -> UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                .contains("access_grant_open_uk") ? new DuplicateGrantException("Account " + grant.accountId()
                + " has an open grant of " + grant.role(), e) : JdbcTransactions.unavailable(e));
    }

    @Override
    public AccessGrant update(AccessGrant grant) {
        return JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%access_grant SET"
                    + " status = ?, activated_at = ?, expires_at = ?, ended_at = ?, ended_by = ?, end_reason = ?,"
                    + " open_role = ?, version = version + 1 WHERE id = ? AND version = ?"))) {
                s.setString(1, grant.status().name());
                JdbcTimes.setInstant(s, 2, grant.activatedAt());
                JdbcTimes.setInstant(s, 3, grant.expiresAt());
                JdbcTimes.setInstant(s, 4, grant.endedAt());
                s.setString(5, grant.endedBy());
                s.setString(6, grant.endReason());
                s.setString(7, openRole(grant));
                s.setString(8, grant.id());
                s.setLong(9, grant.version());
                if (s.executeUpdate() != 1) {
                    throw new StaleGrantException("Grant " + grant.id() + " changed since version " + grant.version());
                }
            }
            // Approvals are only ever added; the version check above makes this the only writer now.
            List<AccessGrant.Approval> known = approvals(c, List.of(grant.id())).getOrDefault(grant.id(), List.of());
            insertApprovals(c, grant.id(), grant.approvals().subList(Math.min(known.size(), grant.approvals().size()),
                    grant.approvals().size()));
            return grant.atVersion(grant.version() + 1);
        }, JdbcTransactions::unavailable);
    }

    /**
     * The role while the grant is open, null once it ended: the unique key (account_id, open_role)
     * then holds at most one open grant per account and role, and ended grants never clash
     * (both databases let a unique key hold many NULLs).
     */
    private static @Nullable String openRole(AccessGrant grant) {
        return grant.status().open() ? grant.role() : null;
    }

    @Override
    public Optional<AccessGrant> findById(String grantId) {
        return select("id = ?", List.of(grantId), 1).stream().findFirst();
    }

    @Override
    public List<AccessGrant> findOpenByAccount(String accountId) {
        return select("account_id = ? AND status IN ('PENDING', 'ACTIVE')", List.of(accountId), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findOpenByTenant(String tenantId) {
        return select("tenant_id = ? AND status IN ('PENDING', 'ACTIVE')", List.of(tenantId), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findByAccount(String accountId) {
        return select("account_id = ?", List.of(accountId), Integer.MAX_VALUE);
    }

    @Override
    public List<AccessGrant> findExpired(Instant now, int limit) {
        return select("status = 'ACTIVE' AND expires_at <= ?", List.of(JdbcTimes.utc(now)), limit);
    }

    @Override
    public List<AccessGrant> findPendingSince(Instant before, int limit) {
        return select("status = 'PENDING' AND requested_at <= ?", List.of(JdbcTimes.utc(before)), limit);
    }

    @Override
    public long countActive(Instant now) {
        String sql = tables.sql("SELECT COUNT(*) FROM %TABLE_PREFIX%access_grant WHERE status = 'ACTIVE'"
                + " AND expires_at > ?");
        return JdbcTransactions.read(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, JdbcTimes.utc(now));
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private List<AccessGrant> select(String where, List<Object> parameters, int limit) {
        String sql = tables.sql("SELECT " + COLUMNS + " FROM %TABLE_PREFIX%access_grant WHERE " + where
                + " ORDER BY requested_at DESC, id");
        return JdbcTransactions.read(dataSource, c -> {
            List<AccessGrant> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        found.add(grant(rows, List.of()));
                    }
                }
            }
            if (found.isEmpty()) {
                return found;
            }
            Map<String, List<AccessGrant.Approval>> approvals = approvals(c, found.stream().map(AccessGrant::id).toList());
            List<AccessGrant> complete = new ArrayList<>(found.size());
            for (AccessGrant g : found) {
                complete.add(withApprovals(g, approvals.getOrDefault(g.id(), List.of())));
            }
            return complete;
        });
    }

    private Map<String, List<AccessGrant.Approval>> approvals(Connection c, List<String> grantIds) throws SQLException {
        Map<String, List<AccessGrant.Approval>> byGrant = new LinkedHashMap<>();
        String marks = String.join(", ", java.util.Collections.nCopies(grantIds.size(), "?"));
        try (PreparedStatement s = c.prepareStatement(tables.sql("SELECT grant_id, approver_id, approved_at FROM"
                + " %TABLE_PREFIX%grant_approval WHERE grant_id IN (" + marks + ") ORDER BY approved_at, approver_id"))) {
            for (int i = 0; i < grantIds.size(); i++) {
                s.setString(i + 1, grantIds.get(i));
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    byGrant.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new AccessGrant.Approval(
                            rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return byGrant;
    }

    private void insertApprovals(Connection c, String grantId, List<AccessGrant.Approval> approvals) throws SQLException {
        if (approvals.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(tables.sql("INSERT INTO %TABLE_PREFIX%grant_approval"
                + " (grant_id, approver_id, approved_at) VALUES (?, ?, ?)"))) {
            for (AccessGrant.Approval approval : approvals) {
                s.setString(1, grantId);
                s.setString(2, approval.approverId());
                s.setObject(3, JdbcTimes.utc(approval.at()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bindAll(PreparedStatement s, AccessGrant g) throws SQLException {
        s.setString(1, g.id());
        s.setString(2, g.tenantId());
        s.setString(3, g.accountId());
        s.setString(4, g.role());
        s.setString(5, g.status().name());
        s.setObject(6, JdbcTimes.utc(g.requestedAt()));
        s.setLong(7, g.duration().getSeconds());
        s.setString(8, g.justification());
        s.setString(9, g.ticket());
        s.setString(10, g.sessionId());
        JdbcTimes.setInstant(s, 11, g.activatedAt());
        JdbcTimes.setInstant(s, 12, g.expiresAt());
        JdbcTimes.setInstant(s, 13, g.endedAt());
        s.setString(14, g.endedBy());
        s.setString(15, g.endReason());
        s.setLong(16, g.version());
    }

    private static AccessGrant grant(ResultSet r, List<AccessGrant.Approval> approvals) throws SQLException {
        return new AccessGrant(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                GrantStatus.valueOf(r.getString(5)), JdbcTimes.instant(r, 6), Duration.ofSeconds(r.getLong(7)), r.getString(8),
                r.getString(9), r.getString(10), approvals, JdbcTimes.instant(r, 11), JdbcTimes.instant(r, 12), JdbcTimes.instant(r, 13),
                r.getString(14), r.getString(15), r.getLong(16));
    }

    private static AccessGrant withApprovals(AccessGrant g, List<AccessGrant.Approval> approvals) {
        return new AccessGrant(g.id(), g.tenantId(), g.accountId(), g.role(), g.status(), g.requestedAt(), g.duration(),
                g.justification(), g.ticket(), g.sessionId(), approvals, g.activatedAt(), g.expiresAt(), g.endedAt(),
                g.endedBy(), g.endReason(), g.version());
    }
}
