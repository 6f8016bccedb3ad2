package io.jitprov.core;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** How an {@link AuditEvent} maps onto the audit table's columns ({@link JdbcDialect#AUDIT_COLUMNS}). */
final class JdbcAuditRows {

    private JdbcAuditRows() {
    }

    static void bind(PreparedStatement s, AuditEvent event) throws SQLException {
        s.setString(1, event.id());
        s.setObject(2, JdbcTimes.utc(event.time()));
        s.setString(3, event.correlationId());
        s.setString(4, event.action());
        s.setString(5, event.outcome());
        JdbcAccountWriter.setNullable(s, 6, event.tenantId());
        JdbcAccountWriter.setNullable(s, 7, event.issuer());
        JdbcAccountWriter.setNullable(s, 8, event.subject());
        JdbcAccountWriter.setNullable(s, 9, event.accountId());
        JdbcAccountWriter.setNullable(s, 10, event.code());
        JdbcAccountWriter.setNullable(s, 11, errors(event));
        JdbcAccountWriter.setNullable(s, 12, roles(event.rolesAdded()));
        JdbcAccountWriter.setNullable(s, 13, roles(event.rolesRemoved()));
        JdbcAccountWriter.setNullable(s, 14, event.actor());
    }

    private static @Nullable String errors(AuditEvent event) {
        if (event.errors().isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JitError error : event.errors()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(error);
        }
        return text.toString();
    }

    private static @Nullable String roles(Set<String> roles) {
        return roles.isEmpty() ? null : String.join(",", new TreeSet<>(roles));
    }
}
