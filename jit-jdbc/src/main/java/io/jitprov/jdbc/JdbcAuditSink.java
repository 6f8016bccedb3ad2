package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.internal.AuditText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only audit trail in the application's database ({@code jit_audit_event}). Each event
 * is written once, whoever writes it first: the {@link JdbcUserStore} inside the transaction of an
 * account write, or this sink afterwards. A failing database does not fail the login: the event is
 * logged at WARN instead, as {@link AuditSink} requires. An event's own values never make it fail:
 * each is stored escaped (no NUL, line break or lone surrogate reaches the database), and one too
 * long for its column is cut to a prefix, {@code ...sha256:} and a hash of the whole value.
 * {@link #recent} reads the values back as they were sent, cut ones excepted.
 *
 * @since 0.1
 */
public final class JdbcAuditSink implements AuditSink, AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditSink.class);

    private final DataSource dataSource;
    private final JdbcTables tables;
    private volatile @Nullable String insert;

    private JdbcAuditSink(DataSource dataSource, String tablePrefix) {
        this.dataSource = dataSource;
        this.tables = new JdbcTables(tablePrefix);
    }

    /** Writes to {@code jit_audit_event} through {@code dataSource}. */
    public static JdbcAuditSink of(DataSource dataSource) {
        return of(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** Writes to the audit table of the tables named with {@code tablePrefix}. */
    public static JdbcAuditSink of(DataSource dataSource, String tablePrefix) {
        return new JdbcAuditSink(Objects.requireNonNull(dataSource, "dataSource cannot be null"),
                Objects.requireNonNull(tablePrefix, "tablePrefix cannot be null"));
    }

    @Override
    public void record(AuditEvent event) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(insert(c))) {
            JdbcAuditRows.bind(s, event);
            s.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            // The database's message may quote the event's values: escaped like them, so it cannot forge a line.
            LOG.warn("Audit event {} could not be written ({}): {}", AuditText.safe(event.id(), JdbcAuditRows.ID),
                    AuditText.safe(String.valueOf(e.getMessage()), 1024), event.toLogLine());
        }
    }

    /**
     * The newest events of {@code tenantId}, newest first: for an administrator's page.
     *
     * @throws JitStoreException when the database cannot be read
     */
    public List<AuditEvent> recent(String tenantId, int limit) {
        return select("tenant_id", JdbcAuditRows.tenant(tenantId), limit);
    }

    /**
     * The newest events of sign-ins through {@code issuer}, newest first: for a connection's health.
     *
     * @throws JitStoreException when the database cannot be read
     */
    @Override
    public List<AuditEvent> recentOfIssuer(String issuer, int limit) {
        return select("issuer", JdbcAuditRows.issuer(issuer), limit);
    }

    private List<AuditEvent> select(String column, @Nullable String value, int limit) {
        String sql = tables.sql("SELECT " + JdbcDialect.AUDIT_COLUMNS + " FROM %TABLE_PREFIX%audit_event"
                + " WHERE " + column + " = ? ORDER BY seq DESC FETCH FIRST " + Math.max(1, Math.min(limit, 1000))
                + " ROWS ONLY");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    JdbcAuditRows.read(rows).ifPresent(events::add);
                }
            }
            return events;
        } catch (SQLException e) {
            throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "The audit trail cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private String insert(Connection c) throws SQLException {
        String known = insert;
        if (known == null) {
            known = tables.sql(JdbcDialect.of(c).insertAuditEvent());
            insert = known;
        }
        return known;
    }
}
