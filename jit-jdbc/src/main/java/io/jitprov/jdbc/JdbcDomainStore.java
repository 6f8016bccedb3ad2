package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.internal.DomainNames;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Domain claims in the application's database ({@code jit_domain_claim}, created by
 * {@link JdbcSchema#install}), shared by every node. A unique key on the verified domain keeps a
 * domain verified for one tenant even when nodes verify it at once; the claims on one domain are
 * locked in key order while one is verified, so racing verifications wait for each other rather
 * than deadlock.
 *
 * @since 0.1
 */
public final class JdbcDomainStore implements DomainStore {

    private static final String COLUMNS = "domain, tenant_id, include_subdomains, state, proof, token, claimed_at,"
            + " verified_at";
    /** SQLState of a unique or primary key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_DOMAINS_PER_READ = 127;

    private final DataSource dataSource;
    private final JdbcTables tables;

    private JdbcDomainStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.tables = new JdbcTables(tablePrefix);
    }

    /** Claims in {@code jit_domain_claim} through {@code dataSource}. */
    public static JdbcDomainStore of(DataSource dataSource) {
        return new JdbcDomainStore(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** Claims in the domain claim table of the tables named with {@code tablePrefix}. */
    public static JdbcDomainStore of(DataSource dataSource, String tablePrefix) {
        return new JdbcDomainStore(dataSource, tablePrefix);
    }

    @Override
    public List<DomainClaim> claimsOn(Collection<String> domains) {
        if (domains.isEmpty()) {
            return List.of();
        }
        if (domains.size() > MAX_DOMAINS_PER_READ) {
            throw new IllegalArgumentException("At most " + MAX_DOMAINS_PER_READ + " domains at once, not "
                    + domains.size());
        }
        String marks = String.join(", ", Collections.nCopies(domains.size(), "?"));
        return JdbcTransactions.read(dataSource, c -> select(c, "domain IN (" + marks + ")", List.copyOf(domains),
                false));
    }

    @Override
    public List<DomainClaim> claimsOf(String tenantId) {
        return JdbcTransactions.read(dataSource, c -> select(c, "tenant_id = ?", List.of(tenantId), false));
    }

    @Override
    public DomainClaim add(DomainClaim pending) {
        try {
            return JdbcTransactions.write(dataSource, c -> {
                // Verified elsewhere since the registry looked: a pending claim would outlive the
                // verification that should have dropped it.
                if (select(c, "domain = ?", List.of(pending.domain()), true).stream()
                        .anyMatch(o -> o.verified() && !o.tenantId().equals(pending.tenantId()))
                        || coveredElsewhere(c, pending)) {
                    throw alreadyClaimed(pending);
                }
                insert(c, pending);
                return pending;
            }, JdbcDomainStore::translate);
        } catch (Taken taken) {
            // A racing request of the same tenant claimed it first: its claim is the one.
            return own(pending).orElseThrow(() -> unavailable(taken));
        }
    }

    @Override
    public DomainClaim verify(DomainClaim verified) {
        try {
            return JdbcTransactions.write(dataSource, c -> {
                List<DomainClaim> locked = select(c, "domain = ?", List.of(verified.domain()), true);
                if (locked.stream().anyMatch(o -> o.verified() && !o.tenantId().equals(verified.tenantId()))) {
                    throw alreadyClaimed(verified);
                }
                if (update(c, verified) == 0) {
                    insert(c, verified);
                }
                try (PreparedStatement s = c.prepareStatement(tables.sql("DELETE FROM %TABLE_PREFIX%domain_claim"
                        + " WHERE domain = ? AND tenant_id <> ? AND state = 'PENDING'"))) {
                    s.setString(1, verified.domain());
                    s.setString(2, verified.tenantId());
                    s.executeUpdate();
                }
                return verified;
            }, JdbcDomainStore::translate);
        } catch (Taken taken) {
            // Another node verified it between our lock and our write (no row to lock then).
            throw alreadyClaimed(verified);
        }
    }

    @Override
    public void remove(String tenantId, String domain) {
        JdbcTransactions.write(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(tables.sql("DELETE FROM %TABLE_PREFIX%domain_claim"
                    + " WHERE domain = ? AND tenant_id = ?"))) {
                s.setString(1, domain);
                s.setString(2, tenantId);
                return s.executeUpdate();
            }
        }, JdbcTransactions::unavailable);
    }

    /** Whether a parent of the claim's domain is verified, with its subdomains, for another tenant. */
    private boolean coveredElsewhere(Connection c, DomainClaim claim) throws SQLException {
        List<String> parents = DomainNames.parents(claim.domain());
        if (parents.isEmpty()) {
            return false;
        }
        String marks = String.join(", ", Collections.nCopies(parents.size(), "?"));
        return select(c, "domain IN (" + marks + ")", parents, false).stream()
                .anyMatch(o -> o.verified() && o.includeSubdomains() && !o.tenantId().equals(claim.tenantId()));
    }

    private Optional<DomainClaim> own(DomainClaim claim) {
        return claimsOn(List.of(claim.domain())).stream().filter(c -> c.tenantId().equals(claim.tenantId())).findFirst();
    }

    private void insert(Connection c, DomainClaim claim) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("INSERT INTO %TABLE_PREFIX%domain_claim (" + COLUMNS
                + ", verified_domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
            s.setString(1, claim.domain());
            s.setString(2, claim.tenantId());
            s.setBoolean(3, claim.includeSubdomains());
            s.setString(4, claim.state().name());
            s.setString(5, claim.proof().name());
            s.setString(6, claim.token());
            s.setObject(7, JdbcTimes.utc(claim.claimedAt()));
            JdbcTimes.setInstant(s, 8, claim.verifiedAt());
            s.setString(9, claim.verified() ? claim.domain() : null);
            s.executeUpdate();
        }
    }

    private int update(Connection c, DomainClaim verified) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(tables.sql("UPDATE %TABLE_PREFIX%domain_claim SET"
                + " include_subdomains = ?, state = ?, proof = ?, token = ?, claimed_at = ?, verified_at = ?,"
                + " verified_domain = ? WHERE domain = ? AND tenant_id = ?"))) {
            s.setBoolean(1, verified.includeSubdomains());
            s.setString(2, verified.state().name());
            s.setString(3, verified.proof().name());
            s.setString(4, verified.token());
            s.setObject(5, JdbcTimes.utc(verified.claimedAt()));
            JdbcTimes.setInstant(s, 6, verified.verifiedAt());
            s.setString(7, verified.domain());
            s.setString(8, verified.domain());
            s.setString(9, verified.tenantId());
            return s.executeUpdate();
        }
    }

    private List<DomainClaim> select(Connection c, String where, List<String> parameters, boolean lock)
            throws SQLException {
        String sql = tables.sql("SELECT " + COLUMNS + " FROM %TABLE_PREFIX%domain_claim WHERE " + where
                + " ORDER BY domain, tenant_id" + (lock ? " FOR UPDATE" : ""));
        List<DomainClaim> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                s.setString(i + 1, parameters.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new DomainClaim(r.getString(1), r.getString(2), r.getBoolean(3),
                            DomainClaim.State.valueOf(r.getString(4)), DomainClaim.Proof.valueOf(r.getString(5)),
                            r.getString(6), Objects.requireNonNull(JdbcTimes.instant(r, 7)), JdbcTimes.instant(r, 8)));
                }
            }
        }
        return found;
    }

    private static DomainClaimException alreadyClaimed(DomainClaim claim) {
        return new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED, "Domain [" + claim.domain()
                + "] is already verified for another tenant");
    }

    private static RuntimeException translate(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState()) ? new Taken(e) : JdbcTransactions.unavailable(e);
    }

    private static JitStoreException unavailable(Taken taken) {
        return JdbcTransactions.unavailable((SQLException) Objects.requireNonNull(taken.getCause()));
    }

    /** A unique key was taken by a racing write; the caller decides what that means. */
    private static final class Taken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Taken(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
