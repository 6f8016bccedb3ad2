package io.jitprov.jdbc;

import io.jitprov.core.JitError;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.internal.AuditText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link AuditEvent} maps onto the audit table's columns ({@link JdbcDialect#AUDIT_COLUMNS}).
 * Every value goes through {@link AuditText}: escaped so that no character is refused (NUL in
 * PostgreSQL), altered (a lone surrogate) or taken for a separator (the newline between errors,
 * the comma between roles), then cut to its column with a marker and a hash. An event is never
 * lost to its own values.
 */
final class JdbcAuditRows {

    /** The column sizes of {@code schema-*.sql}; the unbounded text columns get a bound of their own. */
    static final int ID = 64;
    static final int CORRELATION_ID = 128;
    static final int TENANT_ID = 255;
    static final int ISSUER = 1024;
    static final int SUBJECT = 1024;
    static final int CODE = 64;
    static final int RESOURCE = 512;
    static final int TEXT = 65_536;

    private JdbcAuditRows() {
    }

    static void bind(PreparedStatement s, AuditEvent event) throws SQLException {
        s.setString(1, AuditText.safe(event.id(), ID));
        s.setObject(2, JdbcTimes.utc(event.time()));
        s.setString(3, AuditText.safe(event.correlationId(), CORRELATION_ID));
        s.setString(4, event.action().value());
        s.setString(5, event.outcome().value());
        JdbcAccountWriter.setNullable(s, 6, tenant(event.tenantId()));
        JdbcAccountWriter.setNullable(s, 7, safe(event.issuer(), ISSUER));
        JdbcAccountWriter.setNullable(s, 8, safe(event.subject(), SUBJECT));
        JdbcAccountWriter.setNullable(s, 9, safe(event.accountId(), ID));
        JdbcAccountWriter.setNullable(s, 10, safe(event.code(), CODE));
        JdbcAccountWriter.setNullable(s, 11, errors(event));
        JdbcAccountWriter.setNullable(s, 12, roles(event.rolesAdded()));
        JdbcAccountWriter.setNullable(s, 13, roles(event.rolesRemoved()));
        JdbcAccountWriter.setNullable(s, 14, event.actor() == null ? null : safe(event.actor().value(), ID));
        JdbcAccountWriter.setNullable(s, 15, safe(event.resource(), RESOURCE));
        JdbcAccountWriter.setNullable(s, 16, event.changes().isEmpty() ? null
                : AuditText.safe(String.join(",", event.changes()), TEXT));
    }

    /** The issuer as its column holds it: what a query by issuer must compare with. */
    static @Nullable String issuer(@Nullable String issuer) {
        return safe(issuer, ISSUER);
    }

    /** The tenant as its column holds it: what a query by tenant must compare with. */
    static @Nullable String tenant(@Nullable String tenantId) {
        return safe(tenantId, TENANT_ID);
    }

    /**
     * The event a row of {@link JdbcDialect#AUDIT_COLUMNS} holds, values unescaped; empty when its
     * action or outcome is not one jit writes (a row of another version, or written by hand).
     */
    static Optional<AuditEvent> read(ResultSet rows) throws SQLException {
        Optional<AuditAction> action = AuditAction.fromValue(rows.getString(4));
        Optional<AuditOutcome> outcome = AuditOutcome.fromValue(rows.getString(5));
        if (action.isEmpty() || outcome.isEmpty()) {
            return Optional.empty();
        }
        Instant time = rows.getObject(2, OffsetDateTime.class).toInstant();
        String code = rows.getString(10);
        String errors = rows.getString(11);
        List<JitError> list = new ArrayList<>();
        if (errors != null) {
            for (String line : errors.split("\n")) {
                int colon = line.indexOf(": ");
                list.add(colon < 0 ? new JitError(code == null ? "unknown" : text(code), text(line))
                        : new JitError(text(line.substring(0, colon)), text(line.substring(colon + 2))));
            }
        }
        String actor = text(rows.getString(14));
        return Optional.of(AuditEvent.of(action.get(), outcome.get(), time).id(text(rows.getString(1)))
                .correlationId(text(rows.getString(3))).tenantId(text(rows.getString(6)))
                .identity(text(rows.getString(7)), text(rows.getString(8))).accountId(text(rows.getString(9)))
                .errors(list).rolesAdded(roles(rows.getString(12))).rolesRemoved(roles(rows.getString(13)))
                .actor(actor == null ? null : AuditActor.fromValue(actor)).resource(text(rows.getString(15)))
                .changes(changes(rows.getString(16))).build());
    }

    private static List<String> changes(@Nullable String stored) {
        return stored == null ? List.of() : List.of(AuditText.unescape(stored).split(","));
    }

    private static @Nullable String safe(@Nullable String value, int max) {
        return value == null ? null : AuditText.safe(value, max);
    }

    private static @Nullable String text(@Nullable String stored) {
        return stored == null ? null : AuditText.unescape(stored);
    }

    /** One escaped {@code code: description} a line; the colon after the code is escaped in neither part. */
    private static @Nullable String errors(AuditEvent event) {
        if (event.errors().isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JitError error : event.errors()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(AuditText.escape(error.code(), ":")).append(": ").append(AuditText.escape(error.description(), ""));
        }
        return AuditText.fit(text.toString(), TEXT);
    }

    private static @Nullable String roles(Set<String> roles) {
        if (roles.isEmpty()) {
            return null;
        }
        List<String> escaped = new ArrayList<>();
        new TreeSet<>(roles).forEach(role -> escaped.add(AuditText.escape(role, ",")));
        return AuditText.fit(String.join(",", escaped), TEXT);
    }

    private static Set<String> roles(@Nullable String joined) {
        if (joined == null) {
            return Set.of();
        }
        Set<String> roles = new TreeSet<>();
        for (String role : joined.split(",")) {
            roles.add(AuditText.unescape(role));
        }
        return roles;
    }
}
