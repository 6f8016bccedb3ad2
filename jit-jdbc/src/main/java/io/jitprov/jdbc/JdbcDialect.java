package io.jitprov.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the databases jit's JDBC stores support: the schema script, and the
 * insert-if-absent statements (H2 MERGE, PostgreSQL ON CONFLICT DO NOTHING). Everything else is
 * plain SQL both understand.
 */
enum JdbcDialect {

    H2("h2",
            "MERGE INTO %TABLE_PREFIX%tenant (tenant_id) KEY (tenant_id) VALUES (?)",
            "MERGE INTO %TABLE_PREFIX%audit_event (" + JdbcDialect.AUDIT_COLUMNS + ") KEY (event_id) VALUES ("
                    + JdbcDialect.AUDIT_VALUES + ")"),
    POSTGRESQL("postgresql",
            "INSERT INTO %TABLE_PREFIX%tenant (tenant_id) VALUES (?) ON CONFLICT DO NOTHING",
            "INSERT INTO %TABLE_PREFIX%audit_event (" + JdbcDialect.AUDIT_COLUMNS + ") VALUES (" + JdbcDialect.AUDIT_VALUES
                    + ") ON CONFLICT (event_id) DO NOTHING");

    static final String AUDIT_COLUMNS = "event_id, occurred_at, correlation_id, action, outcome, tenant_id, issuer,"
            + " subject, account_id, code, errors, roles_added, roles_removed, actor, resource, changes";
    private static final String AUDIT_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private final String scriptSuffix;
    private final String ensureTenant;
    private final String insertAuditEvent;

    JdbcDialect(String scriptSuffix, String ensureTenant, String insertAuditEvent) {
        this.scriptSuffix = scriptSuffix;
        this.ensureTenant = ensureTenant;
        this.insertAuditEvent = insertAuditEvent;
    }

    String scriptSuffix() {
        return scriptSuffix;
    }

    /** Inserts the tenant row the seat limit locks, unless it exists. */
    String ensureTenant() {
        return ensureTenant;
    }

    /** Records an audit event once: writing the same event again changes nothing. */
    String insertAuditEvent() {
        return insertAuditEvent;
    }

    static JdbcDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("jit's JDBC stores support H2 and PostgreSQL, not [" + product + "]");
    }
}
