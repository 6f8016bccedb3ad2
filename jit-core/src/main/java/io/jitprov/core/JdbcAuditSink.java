package io.jitprov.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only audit trail in the application's database ({@code jit_audit_event}). Each event
 * is written once, whoever writes it first: the {@link JdbcUserStore} inside the transaction of an
 * account write, or this sink afterwards. A failing database does not fail the login: the event is
 * logged at WARN instead, as {@link AuditSink} requires.
 *
 * @since 0.1
 */
public final class JdbcAuditSink implements AuditSink {

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
            LOG.warn("Audit event {} could not be written ({}): {}", event.id(), e.getMessage(),
                    Slf4jAuditSink.format(event));
        }
    }

    /**
     * The newest events of {@code tenantId}, newest first: for an administrator's page.
     *
     * @throws JitStoreException when the database cannot be read
     */
    public List<AuditEvent> recent(String tenantId, int limit) {
        String sql = tables.sql("SELECT " + JdbcDialect.AUDIT_COLUMNS + " FROM %TABLE_PREFIX%audit_event"
                + " WHERE tenant_id = ? ORDER BY seq DESC FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    events.add(event(rows));
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

    private static AuditEvent event(ResultSet rows) throws SQLException {
        Instant time = rows.getObject(2, OffsetDateTime.class).toInstant();
        String code = rows.getString(10);
        String errors = rows.getString(11);
        List<JitError> list = new ArrayList<>();
        if (errors != null) {
            for (String line : errors.split("\n")) {
                int colon = line.indexOf(": ");
                list.add(colon < 0 ? new JitError(code == null ? "unknown" : code, line)
                        : new JitError(line.substring(0, colon), line.substring(colon + 2)));
            }
        }
        return new AuditEvent(rows.getString(1), time, rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), list,
                roles(rows.getString(12)), roles(rows.getString(13)), rows.getString(14));
    }

    private static Set<String> roles(@Nullable String joined) {
        return joined == null ? Set.of() : Set.copyOf(Arrays.asList(joined.split(",")));
    }
}
