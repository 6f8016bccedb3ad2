package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.delegation.DelegatedPermission;
import io.jitprov.core.delegation.Delegation;
import io.jitprov.core.delegation.DelegationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour {@link io.jitprov.core.delegation.Delegations} relies on from a {@link DelegationStore}; subclass to test a
 * store of your own, as for {@link AbstractUserStoreContractTests}. Each test uses tenants and
 * accounts of its own.
 *
 * @since 0.1
 */
public abstract class AbstractDelegationStoreContractTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private DelegationStore store;
    private String tenant;
    private String partner;

    /** A store to test; called before each test. */
    protected abstract DelegationStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
        tenant = "t-" + UUID.randomUUID();
        partner = "p-" + UUID.randomUUID();
    }

    private Delegation delegation(String delegate, Instant grantedAt, Set<DelegatedPermission> permissions) {
        return new Delegation(UUID.randomUUID().toString(), tenant, partner, delegate, permissions, "admin-1",
                grantedAt, grantedAt.plus(Duration.ofDays(30)), null, null);
    }

    @Test
    void createThenFindReturnsEverythingWritten() {
        Delegation made = store.create(delegation("d-1", NOW,
                EnumSet.of(DelegatedPermission.APPROVE_ELEVATION, DelegatedPermission.REVIEW_ACCESS)));

        assertThat(store.findById(made.id())).contains(made);
        assertThat(store.findByDelegate("d-1")).filteredOn(d -> d.tenantId().equals(tenant)).containsExactly(made);
        assertThat(store.findByTenant(tenant)).containsExactly(made);
        assertThat(store.findById("no-such-delegation")).isEmpty();
    }

    @Test
    void findByTenantListsNewestFirstAndOnlyThatTenants() {
        Delegation older = store.create(delegation("d-2", NOW, Set.of(DelegatedPermission.MANAGE_ACCOUNTS)));
        Delegation newer = store.create(delegation("d-3", NOW.plusSeconds(60), Set.of(DelegatedPermission.MANAGE_ACCOUNTS)));

        assertThat(store.findByTenant(tenant)).containsExactly(newer, older);
        assertThat(store.findByTenant("t-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void revokeMarksItOnceAndASecondRevokeChangesNothing() {
        Delegation made = store.create(delegation("d-4", NOW, Set.of(DelegatedPermission.REVIEW_ACCESS)));

        Delegation revoked = store.revoke(made.id(), "admin-2", NOW.plusSeconds(5)).orElseThrow();
        Delegation again = store.revoke(made.id(), "admin-3", NOW.plusSeconds(9)).orElseThrow();

        assertThat(revoked.revokedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(revoked.revokedBy()).isEqualTo("admin-2");
        assertThat(again).isEqualTo(revoked);
        assertThat(store.findById(made.id())).contains(revoked);
        assertThat(store.revoke("no-such-delegation", "admin-2", NOW)).isEmpty();
        assertThat(List.of(revoked.activeAt(NOW.plusSeconds(6)), made.activeAt(NOW.plusSeconds(6)))).containsExactly(false,
                true);
    }
}
