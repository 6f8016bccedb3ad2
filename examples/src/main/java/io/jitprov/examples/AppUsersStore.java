package io.jitprov.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.NewAccount;
import io.jitprov.core.RoleSource;
import io.jitprov.core.SeatLimitReachedException;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.UserStore;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.tenant.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * "Bring your own users table": a {@link UserStore} that keeps jit's accounts in an application's
 * existing {@code users} table, whose schema jit did not choose ({@code app-users-before-jit.sql}),
 * plus the few columns and two tables adopting jit added ({@code app-users-jit-migration.sql}).
 *
 * <p>The mapping: jit's tenant is the {@code organisations.slug}; the account is a {@code users}
 * row named by {@code account_ref}; {@code DISABLED} is a set {@code deactivated_at}; the
 * application's {@code full_name} is filled from the IdP's name attributes when it sends them. The promises the
 * {@code Provisioner} needs come from the database itself: the unique keys refuse duplicate
 * identities and emails even under races, {@code row_version} makes updates optimistic, and the
 * seat limit counts under a lock on the organisation's row. The contract kit
 * ({@code AbstractUserStoreContractTests}) checks all of it.
 */
public final class AppUsersStore implements UserDirectory {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> ATTRIBUTES = new TypeReference<>() { };
    private static final String USER_COLUMNS = "u.id, u.account_ref, u.organisation, u.email, u.workload, "
            + "u.deactivated_at, u.sso_attributes, u.created_at, u.updated_at, u.row_version, u.last_login_at, u.email_verified";

    private final DataSource dataSource;
    private final Clock clock;

    public AppUsersStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return read("SELECT " + USER_COLUMNS + " FROM users u WHERE u.account_ref = ?", accountId);
    }

    @Override
    public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
        return read("SELECT " + USER_COLUMNS + " FROM users u JOIN user_logins l ON l.user_id = u.id"
                + " WHERE l.organisation = ? AND l.issuer = ? AND l.subject = ?", tenantId, issuer, subject);
    }

    @Override
    public Optional<Account> findByEmail(String tenantId, String email) {
        return read("SELECT " + USER_COLUMNS + " FROM users u WHERE u.organisation = ? AND u.email = ?", tenantId, email);
    }

    @Override
    public Account create(NewAccount draft, int seatLimit) {
        ensureOrganisation(draft.tenantId());
        return write(c -> {
            if (seatLimit != Tenant.UNLIMITED_SEATS) {
                checkSeat(c, draft.tenantId(), seatLimit);
            }
            Instant now = micros(draft.createdAt());
            long userId;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (account_ref, organisation, email, full_name,"
                    + " workload, sso_attributes, created_at, updated_at, last_login_at, email_verified)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                s.setString(1, draft.id());
                s.setString(2, draft.tenantId());
                s.setString(3, draft.email());
                s.setString(4, fullName(draft.attributes()));
                s.setBoolean(5, draft.kind() == IdentityKind.WORKLOAD);
                s.setString(6, json(draft.attributes()));
                s.setObject(7, utc(now));
                s.setObject(8, utc(now));
                s.setObject(9, draft.lastLoginAt() == null ? null : utc(draft.lastLoginAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setBoolean(10, draft.emailVerified());
                s.executeUpdate();
                userId = generatedId(s);
            }
            writeLogins(c, userId, draft.tenantId(), draft.identities());
            writeRoles(c, userId, draft.roles());
            return new Account(draft.id(), draft.tenantId(), draft.email(), draft.kind(), AccountStatus.ACTIVE,
                    draft.attributes(), draft.roles(), draft.identities(), now, now, 0, draft.lastLoginAt(),
                    draft.emailVerified());
        });
    }

    @Override
    public Account update(Account account) {
        return write(c -> {
            Instant now = micros(clock.instant());
            long userId = bumpVersion(c, account, now);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM user_logins WHERE user_id = ?");
                    PreparedStatement r = c.prepareStatement("DELETE FROM user_roles WHERE user_id = ?")) {
                s.setLong(1, userId);
                s.executeUpdate();
                r.setLong(1, userId);
                r.executeUpdate();
            }
            writeLogins(c, userId, account.tenantId(), account.identities());
            writeRoles(c, userId, account.roles());
            return new Account(account.id(), account.tenantId(), account.email(), account.kind(), account.status(),
                    account.attributes(), account.roles(), account.identities(), account.createdAt(), now,
                    account.version() + 1, account.lastLoginAt(), account.emailVerified());
        });
    }

    @Override
    public void recordLogin(String accountId, Instant at) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET last_login_at = ? WHERE account_ref = ?"
                    + " AND (last_login_at IS NULL OR last_login_at < ?)")) {
                s.setObject(1, utc(micros(at)));
                s.setString(2, accountId);
                s.setObject(3, utc(micros(at)));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<Account> list(String tenantId, @Nullable String afterId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT "
                + USER_COLUMNS + " FROM users u WHERE u.organisation = ? AND u.account_ref > ? ORDER BY u.account_ref")) {
            s.setMaxRows(limit);
            s.setString(1, tenantId);
            s.setString(2, afterId == null ? "" : afterId);
            List<Account> found = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(account(c, rows));
                }
            }
            return found;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void delete(String accountId) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE account_ref = ?")) {
                s.setString(1, accountId);
                return s.executeUpdate();
            }
        });
    }

    /** Updates the row only at the version the caller read; returns the application's user id. */
    private long bumpVersion(Connection c, Account account, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET email = ?, full_name = COALESCE(?, full_name), workload = ?,"
                + " deactivated_at = ?, sso_attributes = ?, updated_at = ?, email_verified = ?, row_version = row_version + 1"
                + " WHERE account_ref = ? AND row_version = ?")) {
            s.setString(1, account.email());
            s.setString(2, fullName(account.attributes()));
            s.setBoolean(3, account.kind() == IdentityKind.WORKLOAD);
            s.setObject(4, account.active() ? null : utc(now));
            s.setString(5, json(account.attributes()));
            s.setObject(6, utc(now));
            s.setBoolean(7, account.emailVerified());
            s.setString(8, account.id());
            s.setLong(9, account.version());
            if (s.executeUpdate() != 1) {
                throw new StaleAccountException("Account " + account.id() + " changed since version " + account.version());
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE account_ref = ?")) {
            s.setString(1, account.id());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void writeLogins(Connection c, long userId, String organisation, List<ExternalIdentity> identities)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO user_logins (organisation, issuer, subject, user_id, position) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < identities.size(); i++) {
                s.setString(1, organisation);
                s.setString(2, identities.get(i).issuer());
                s.setString(3, identities.get(i).subject());
                s.setLong(4, userId);
                s.setInt(5, i);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void writeRoles(Connection c, long userId, Set<AssignedRole> roles) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO user_roles (user_id, role, granted_by) VALUES (?, ?, ?)")) {
            for (AssignedRole role : roles) {
                s.setLong(1, userId);
                s.setString(2, role.role());
                s.setString(3, role.source() == RoleSource.MAPPED ? "idp" : "admin");
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Waits for the organisation's row, then counts: two creations cannot both take the last seat. */
    private static void checkSeat(Connection c, String organisation, int seatLimit) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT slug FROM organisations WHERE slug = ? FOR UPDATE");
                PreparedStatement count = c.prepareStatement(
                        "SELECT COUNT(*) FROM users WHERE organisation = ? AND deactivated_at IS NULL")) {
            lock.setString(1, organisation);
            lock.executeQuery().close();
            count.setString(1, organisation);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                if (rows.getLong(1) >= seatLimit) {
                    throw new SeatLimitReachedException("Organisation " + organisation + " has no free seat");
                }
            }
        }
    }

    /**
     * jit may sign in the first person of an organisation the application has not seen yet; its own
     * sign-up flow would normally have made the row. Runs on its own, outside the account's transaction.
     */
    private void ensureOrganisation(String organisation) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO organisations (slug, display_name) "
                        + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE slug = ?)")) {
            s.setString(1, organisation);
            s.setString(2, organisation);
            s.setString(3, organisation);
            s.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw unavailable(e);
            }
        }
    }

    private Optional<Account> read(String sql, String... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(account(c, row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Account account(Connection c, ResultSet row) throws SQLException {
        long userId = row.getLong(1);
        Instant created = row.getObject(8, OffsetDateTime.class).toInstant();
        OffsetDateTime updated = row.getObject(9, OffsetDateTime.class);
        return new Account(row.getString(2), row.getString(3), row.getString(4),
                row.getBoolean(5) ? IdentityKind.WORKLOAD : IdentityKind.HUMAN,
                row.getObject(6) == null ? AccountStatus.ACTIVE : AccountStatus.DISABLED,
                attributes(row.getString(7)), roles(c, userId), logins(c, userId), created,
                updated == null ? created : updated.toInstant(), row.getLong(10), instant(row.getObject(11, OffsetDateTime.class)),
                row.getBoolean(12));
    }

    private static List<ExternalIdentity> logins(Connection c, long userId) throws SQLException {
        List<ExternalIdentity> identities = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT issuer, subject FROM user_logins WHERE user_id = ? ORDER BY position")) {
            s.setLong(1, userId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    identities.add(new ExternalIdentity(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return identities;
    }

    private static Set<AssignedRole> roles(Connection c, long userId) throws SQLException {
        Set<AssignedRole> roles = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT role, granted_by FROM user_roles WHERE user_id = ?")) {
            s.setLong(1, userId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    roles.add("idp".equals(rows.getString(2)) ? AssignedRole.mapped(rows.getString(1))
                            : AssignedRole.manual(rows.getString(1)));
                }
            }
        }
        return roles;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed whole, or rolled back whole. */
    private <T> T write(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e instanceof SQLException sql ? translate(sql) : (RuntimeException) e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it discards the transaction anyway
        }
    }

    /** The application's constraint names tell which key was taken. */
    private static RuntimeException translate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                boolean email = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("users_email_uk");
                DuplicateAccountException.Key key = email ? DuplicateAccountException.Key.EMAIL
                        : DuplicateAccountException.Key.IDENTITY;
                return new DuplicateAccountException(key, "A unique key is taken: " + key, cause);
            }
        }
        return unavailable(e);
    }

    private static JitStoreException unavailable(SQLException e) {
        return new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "The users table cannot be used: " + e.getMessage(), e);
    }

    private static long generatedId(PreparedStatement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static @Nullable String fullName(ValidatedAttributes attributes) {
        Optional<String> name = attributes.first("name");
        if (name.isPresent()) {
            return name.get();
        }
        String joined = (attributes.first("given_name").orElse("") + " " + attributes.first("family_name").orElse("")).strip();
        return joined.isEmpty() ? null : joined;
    }

    private static String json(ValidatedAttributes attributes) {
        try {
            return JSON.writeValueAsString(attributes.asMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Attributes are strings; they always serialise", e);
        }
    }

    private static ValidatedAttributes attributes(String json) throws SQLException {
        try {
            Map<String, List<String>> values = JSON.readValue(json, ATTRIBUTES);
            return ValidatedAttributes.of(values);
        } catch (JsonProcessingException e) {
            throw new SQLException("users.sso_attributes is not the JSON this store writes", e);
        }
    }

    /** Both H2 and PostgreSQL keep microseconds; the account returned matches what a read gives back. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
