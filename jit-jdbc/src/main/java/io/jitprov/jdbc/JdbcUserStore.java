package io.jitprov.jdbc;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.NewAccount;
import io.jitprov.core.SeatLimitReachedException;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditedUserStore;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.tenant.Tenant;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserStore} in the application's database (H2 or PostgreSQL), over a
 * {@link DataSource} the application owns and pools. Several nodes may share one database: the
 * unique keys (tenant + issuer + subject, tenant + email) and optimistic versions do what locks
 * in one JVM cannot, and each write is one transaction that either lands whole or not at all.
 *
 * <p>The tables ({@code jit_account}, {@code jit_identity}, {@code jit_account_role},
 * {@code jit_account_attribute}, {@code jit_tenant}, and {@code jit_audit_event} when the audit
 * trail is kept here) are defined in {@code io/jitprov/jdbc/schema-h2.sql} and
 * {@code schema-postgresql.sql}; {@link JdbcSchema#install} applies them.
 *
 * <pre>{@code
 * JdbcSchema.install(dataSource);
 * UserStore store = JdbcUserStore.builder(dataSource).auditInSameTransaction(true).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class JdbcUserStore implements AuditedUserStore, UserDirectory {

    /** SQLState of a unique or primary key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;
    private final boolean auditInSameTransaction;
    private final JdbcTables tables;
    private volatile @Nullable Statements statements;

    /** SQL prepared for the database's dialect, once it is known. */
    private record Statements(JdbcAccountReader reader, JdbcAccountWriter writer) { }

    private JdbcUserStore(Builder b) {
        this.dataSource = b.dataSource;
        this.clock = b.clock;
        this.auditInSameTransaction = b.auditInSameTransaction;
        this.tables = new JdbcTables(b.tablePrefix);
    }

    /** Starts a store on {@code dataSource} (pooled: every call borrows a connection). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return read(c -> statements(c).reader().byId(c, accountId));
    }

    @Override
    public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
        return read(c -> statements(c).reader().byIdentity(c, tenantId, issuer, subject));
    }

    @Override
    public Optional<Account> findByEmail(String tenantId, String email) {
        return read(c -> statements(c).reader().byEmail(c, tenantId, email));
    }

    @Override
    public Account create(NewAccount account, int seatLimit) {
        return create(account, seatLimit, null);
    }

    @Override
    public Account create(NewAccount account, int seatLimit, @Nullable AuditEvent event) {
        return write(c -> {
            JdbcAccountWriter writer = statements(c).writer();
            if (seatLimit < Tenant.UNLIMITED_SEATS) {
                int active = writer.lockAndCountActive(c, account.tenantId());
                if (active >= seatLimit) {
                    throw new SeatLimitReachedException("Tenant [" + account.tenantId() + "] has " + active
                            + " active accounts, its limit is " + seatLimit);
                }
            }
            // The event first: anything that fails after it (a taken key) takes it back with the account.
            recordIn(c, writer, event);
            writer.insert(c, account);
            return new Account(account.id(), account.tenantId(), account.email(), account.kind(), AccountStatus.ACTIVE,
                    account.attributes(), account.roles(), account.identities(), account.createdAt(),
                    account.createdAt(), 0, account.lastLoginAt(), account.emailVerified());
        });
    }

    @Override
    public Account update(Account account) {
        return update(account, null);
    }

    @Override
    public Account update(Account account, @Nullable AuditEvent event) {
        return write(c -> {
            Statements s = statements(c);
            Instant now = clock.instant();
            if (!s.writer().updateRow(c, account, now)) {
                throw new StaleAccountException("Account [" + account.id() + "] changed since version "
                        + account.version() + " was read");
            }
            // The row is now locked by our update: the children read here cannot change under us.
            Account stored = s.reader().byId(c, account.id()).orElseThrow(() ->
                    new StaleAccountException("Account [" + account.id() + "] vanished"));
            recordIn(c, s.writer(), event);
            s.writer().updateChildren(c, stored, account);
            return new Account(account.id(), account.tenantId(), account.email(), account.kind(), account.status(),
                    account.attributes(), account.roles(), account.identities(), stored.createdAt(), now,
                    account.version() + 1, stored.lastLoginAt(), account.emailVerified());
        });
    }

    @Override
    public void recordLogin(String accountId, Instant at) {
        write(c -> {
            try (var s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%account SET last_login_at = ?"
                    + " WHERE id = ? AND (last_login_at IS NULL OR last_login_at < ?)"))) {
                s.setObject(1, JdbcTimes.utc(at));
                s.setString(2, accountId);
                s.setObject(3, JdbcTimes.utc(at));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<Account> list(String tenantId, @Nullable String afterId, int limit) {
        return read(c -> {
            List<String> ids = new ArrayList<>();
            try (var s = c.prepareStatement(tables.sql("SELECT id FROM %TABLE_PREFIX%account WHERE tenant_id = ?"
                    + " AND id > ? ORDER BY id"))) {
                s.setMaxRows(limit);
                s.setString(1, tenantId);
                s.setString(2, afterId == null ? "" : afterId);
                try (var rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            List<Account> accounts = new ArrayList<>(ids.size());
            for (String id : ids) {
                statements(c).reader().byId(c, id).ifPresent(accounts::add);
            }
            return accounts;
        });
    }

    @Override
    public void delete(String accountId) {
        write(c -> {
            try (var s = c.prepareStatement(tables.sql("DELETE FROM %TABLE_PREFIX%account WHERE id = ?"))) {
                s.setString(1, accountId);
                s.executeUpdate();
            }
            return null;
        });
    }

    private void recordIn(Connection c, JdbcAccountWriter writer, @Nullable AuditEvent event) throws SQLException {
        if (auditInSameTransaction && event != null) {
            writer.insertAudit(c, event);
        }
    }

    /** The unique key of an external identity: SHA-256 over the length-prefixed tenant, issuer and subject. */
    static String identityKey(String tenantId, String issuer, String subject) {
        return Sha256.hex(tenantId.length() + ":" + tenantId + issuer.length() + ":" + issuer + subject.length() + ":"
                + subject);
    }

    private Statements statements(Connection c) throws SQLException {
        Statements known = statements;
        if (known == null) {
            JdbcDialect dialect = JdbcDialect.of(c);
            known = new Statements(new JdbcAccountReader(tables, dialect), new JdbcAccountWriter(tables, dialect));
            statements = known;
        }
        return known;
    }

    private <T> T read(JdbcTransactions.Work<T> work) {
        return JdbcTransactions.read(dataSource, work);
    }

    private <T> T write(JdbcTransactions.Work<T> work) {
        return JdbcTransactions.write(dataSource, work, JdbcUserStore::translate);
    }

    private static RuntimeException translate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                DuplicateAccountException.Key key = message.contains("account_email_uk")
                        ? DuplicateAccountException.Key.EMAIL : DuplicateAccountException.Key.IDENTITY;
                return new DuplicateAccountException(key, "A unique key is taken: " + key, cause);
            }
        }
        return JdbcTransactions.unavailable(e);
    }

    /** Configures a {@link JdbcUserStore}. */
    public static final class Builder {

        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private boolean auditInSameTransaction;
        private String tablePrefix = JdbcTables.DEFAULT_PREFIX;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        }

        /** The clock {@code createdAt} and {@code updatedAt} come from; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /**
         * Writes the audit event of each account write into the audit table in the same
         * transaction, so the trail holds exactly the writes that happened. Use with
         * {@link JdbcAuditSink} on the same database, which then records every other event.
         */
        public Builder auditInSameTransaction(boolean inSameTransaction) {
            this.auditInSameTransaction = inSameTransaction;
            return this;
        }

        /** A prefix for every table name ({@code jit_} by default): lower-case letters, digits, underscores. */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix cannot be null");
            return this;
        }

        /** The store; it expects the tables {@link JdbcSchema#install} creates. */
        public JdbcUserStore build() {
            new JdbcTables(tablePrefix);
            return new JdbcUserStore(this);
        }
    }
}
