package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.DuplicateGrantException;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.elevation.GrantStore;
import io.jitprov.core.elevation.StaleGrantException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour {@link io.jitprov.core.elevation.Elevation} relies on from a {@link GrantStore},
 * and, when the store is a {@link GrantHistory}, the history access reviews read. To test a store of your
 * own, depend on {@code io.jitprov:jit-core:test-jar} and subclass, as for
 * {@link AbstractUserStoreContractTests}. Each test uses accounts and tenants of its own.
 *
 * @since 0.1
 */
public abstract class AbstractGrantStoreContractTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private GrantStore store;
    private String tenant;
    private String account;

    /** A store to test; called before each test. */
    protected abstract GrantStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
        tenant = "t-" + UUID.randomUUID();
        account = "a-" + UUID.randomUUID();
    }

    private AccessGrant pending(String role, Instant requestedAt) {
        return new AccessGrant(UUID.randomUUID().toString(), tenant, account, role, GrantStatus.PENDING, requestedAt,
                Duration.ofMinutes(30), "INC-1 failover", "CHG-7", "_session-1", List.of(), null, null, null, null,
                null, 0);
    }

    @Test
    void createThenFindReturnsEverythingWritten() {
        AccessGrant grant = store.create(pending("db-admin", NOW));

        AccessGrant found = store.findById(grant.id()).orElseThrow();

        assertThat(found).isEqualTo(grant);
        assertThat(store.findById("no-such-grant")).isEmpty();
    }

    @Test
    void createAndUpdateWhenTextsAtTheirMaximumThenKeptWhole() {
        // Elevation refuses longer texts before the store sees them: the store must keep these whole.
        AccessGrant longest = new AccessGrant(UUID.randomUUID().toString(), tenant, account, "db-admin",
                GrantStatus.PENDING, NOW, Duration.ofMinutes(30), "\u00e9".repeat(AccessGrant.MAX_JUSTIFICATION_LENGTH),
                "T".repeat(AccessGrant.MAX_TICKET_LENGTH), "s".repeat(AccessGrant.MAX_SESSION_ID_LENGTH), List.of(),
                null, null, null, null, null, 0);
        AccessGrant grant = store.create(longest);
        AccessGrant denied = store.update(grant.ended(GrantStatus.DENIED, NOW, "approver-1",
                "\ud83d\ude00".repeat(AccessGrant.MAX_END_REASON_LENGTH / 2)));

        assertThat(store.findById(grant.id()).orElseThrow()).isEqualTo(denied);
    }

    @Test
    void createWhenAnOpenGrantOfTheRoleExistsThenDuplicateUntilItEnds() {
        AccessGrant first = store.create(pending("db-admin", NOW));

        assertThatThrownBy(() -> store.create(pending("db-admin", NOW.plusSeconds(1))))
                .isInstanceOf(DuplicateGrantException.class);
        AccessGrant other = store.create(pending("deployer", NOW.plusSeconds(2)));
        AccessGrant active = store.update(first.activated(NOW.plusSeconds(3)));
        assertThatThrownBy(() -> store.create(pending("db-admin", NOW.plusSeconds(4))))
                .isInstanceOf(DuplicateGrantException.class);
        store.update(active.ended(GrantStatus.EXPIRED, NOW.plusSeconds(5), null, "time ran out"));
        AccessGrant again = store.create(pending("db-admin", NOW.plusSeconds(6)));

        assertThat(store.findOpenByAccount(account)).extracting(AccessGrant::id)
                .containsExactlyInAnyOrder(other.id(), again.id());
    }

    @Test
    void createWhenRacingForOneRoleThenExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        store.create(pending("db-admin", NOW));
                        return true;
                    } catch (DuplicateGrantException lost) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get() ? 1 : 0;
            }

            assertThat(won).isEqualTo(1);
            assertThat(store.findOpenByAccount(account)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateThenNextVersionWithStatusTimesAndApprovalsInOrder() {
        AccessGrant grant = store.create(pending("db-admin", NOW));
        AccessGrant once = store.update(grant.withApproval("approver-1", NOW.plusSeconds(5)));
        AccessGrant twice = store.update(once.withApproval("approver-2", NOW.plusSeconds(9)).activated(NOW.plusSeconds(9)));

        AccessGrant found = store.findById(grant.id()).orElseThrow();

        assertThat(twice.version()).isEqualTo(2);
        assertThat(found).isEqualTo(twice);
        assertThat(found.approvals()).extracting(AccessGrant.Approval::approverId).containsExactly("approver-1", "approver-2");
        assertThat(found.expiresAt()).isEqualTo(NOW.plusSeconds(9).plus(Duration.ofMinutes(30)));
    }

    @Test
    void updateWhenVersionIsStaleThenRefusedAndNothingChanged() {
        AccessGrant grant = store.create(pending("db-admin", NOW));
        store.update(grant.withApproval("approver-1", NOW));

        assertThatThrownBy(() -> store.update(grant.ended(GrantStatus.DENIED, NOW, "approver-2", "no")))
                .isInstanceOf(StaleGrantException.class);
        assertThat(store.findById(grant.id()).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
    }

    @Test
    void updateWhen8ThreadsRaceOnOneVersionThenExactlyOneWins() throws Exception {
        AccessGrant grant = store.create(pending("db-admin", NOW));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String approver = "approver-" + i;
                results.add(pool.submit(() -> {
                    try {
                        store.update(grant.withApproval(approver, NOW));
                        return true;
                    } catch (StaleGrantException e) {
                        return false;
                    }
                }));
            }
            int wins = 0;
            for (Future<Boolean> result : results) {
                wins += result.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.findById(grant.id()).orElseThrow().approvals()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void findOpenOnlyPendingAndActiveOfThatAccountOrTenant() {
        AccessGrant open = store.create(pending("a", NOW));
        AccessGrant active = store.create(pending("b", NOW).activated(NOW));
        AccessGrant denied = store.create(pending("c", NOW).ended(GrantStatus.DENIED, NOW, "x", "no"));
        AccessGrant elsewhere = store.create(new AccessGrant(UUID.randomUUID().toString(), "other-" + tenant, "other-"
                + account, "a", GrantStatus.PENDING, NOW, Duration.ofMinutes(5), null, null, null, List.of(), null, null,
                null, null, null, 0));

        assertThat(store.findOpenByAccount(account)).extracting(AccessGrant::id).containsExactlyInAnyOrder(open.id(), active.id());
        assertThat(store.findOpenByTenant(tenant)).extracting(AccessGrant::id).containsExactlyInAnyOrder(open.id(), active.id());
        if (store instanceof GrantHistory history) {
            // A history also keeps what ended; a plain GrantStore need not.
            assertThat(history.findByAccount(account)).extracting(AccessGrant::id)
                    .containsExactlyInAnyOrder(open.id(), active.id(), denied.id()).doesNotContain(elsewhere.id());
        }
    }

    @Test
    void findExpiredAndPendingSinceOnlyWhatIsDueUpToTheLimit() {
        AccessGrant due = store.create(pending("a", NOW.minus(Duration.ofHours(2))).activated(NOW.minus(Duration.ofHours(1))));
        AccessGrant running = store.create(pending("b", NOW).activated(NOW));
        AccessGrant stale = store.create(pending("c", NOW.minus(Duration.ofDays(2))));
        AccessGrant fresh = store.create(pending("d", NOW));

        List<String> expired = store.findExpired(NOW, 1000).stream().map(AccessGrant::id).toList();
        List<String> waiting = store.findPendingSince(NOW.minus(Duration.ofDays(1)), 1000).stream().map(AccessGrant::id).toList();

        assertThat(expired).contains(due.id()).doesNotContain(running.id(), stale.id());
        assertThat(waiting).contains(stale.id()).doesNotContain(fresh.id(), due.id());
        assertThat(store.findExpired(NOW.plus(Duration.ofDays(365)), 1)).hasSize(1);
    }

    @Test
    void countActiveCountsOnlyGrantsGivingTheirRoleAtThatInstant() {
        Instant during = NOW.plus(Duration.ofMinutes(29));
        Instant atExpiry = NOW.plus(Duration.ofMinutes(30));
        long before = store.countActive(during);
        long beforeAtExpiry = store.countActive(atExpiry);

        store.create(pending("running", NOW).activated(NOW));
        store.create(pending("expired", NOW.minus(Duration.ofHours(2))).activated(NOW.minus(Duration.ofHours(1))));
        store.create(pending("waiting", NOW));
        AccessGrant revoked = store.create(pending("revoked", NOW).activated(NOW));
        store.update(revoked.ended(GrantStatus.REVOKED, NOW.plus(Duration.ofMinutes(1)), account, "done early"));

        assertThat(store.countActive(during)).isEqualTo(before + 1);
        assertThat(store.countActive(atExpiry)).as("a grant stops giving its role at its expiry")
                .isEqualTo(beforeAtExpiry);
    }
}
