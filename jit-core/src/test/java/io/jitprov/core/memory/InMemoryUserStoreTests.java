package io.jitprov.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.MutableClock;
import io.jitprov.core.NewAccount;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.tenant.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryUserStoreTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final InMemoryUserStore store = new InMemoryUserStore(MutableClock.at("2026-03-01T12:00:00Z"));

    private static NewAccount draft(String tenant, String email, String subject) {
        return new NewAccount(tenant, email, IdentityKind.HUMAN, ValidatedAttributes.empty(),
                Set.of(AssignedRole.mapped("member")), List.of(new ExternalIdentity("idp", subject)), NOW);
    }

    @Test
    void createWhenIdentityTakenInTenantThenDuplicateIdentity() {
        store.create(draft("acme", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);

        assertThatThrownBy(() -> store.create(draft("acme", "b@acme.test", "s1"), Tenant.UNLIMITED_SEATS))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.IDENTITY));
        assertThat(store.findByEmail("acme", "b@acme.test")).isEmpty();
    }

    @Test
    void createWhenEmailTakenInTenantThenDuplicateEmailAndNothingIndexed() {
        store.create(draft("acme", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);

        assertThatThrownBy(() -> store.create(draft("acme", "a@acme.test", "s2"), Tenant.UNLIMITED_SEATS))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.EMAIL));
        assertThat(store.findByIdentity("acme", "idp", "s2")).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void createWhenSameKeysInAnotherTenantThenSeparateAccount() {
        Account acme = store.create(draft("acme", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);
        Account globex = store.create(draft("globex", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);

        assertThat(acme.id()).isNotEqualTo(globex.id());
        assertThat(store.findByIdentity("globex", "idp", "s1")).contains(globex);
    }

    @Test
    void updateWhenVersionStaleThenRefused() {
        Account account = store.create(draft("acme", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);
        Account updated = store.update(account.withRoles(Set.of()));

        assertThat(updated.version()).isEqualTo(1);
        assertThatThrownBy(() -> store.update(account.withRoles(Set.of(AssignedRole.manual("admin")))))
                .isInstanceOf(StaleAccountException.class);
        assertThat(store.findById(account.id()).orElseThrow().roles()).isEmpty();
    }

    @Test
    void updateWhenEmailChangesThenOldEmailReleased() {
        Account account = store.create(draft("acme", "a@acme.test", "s1"), Tenant.UNLIMITED_SEATS);

        store.update(account.withEmail("new@acme.test"));

        assertThat(store.findByEmail("acme", "a@acme.test")).isEmpty();
        assertThat(store.findByEmail("acme", "new@acme.test")).isPresent();
        assertThat(store.create(draft("acme", "a@acme.test", "s2"), Tenant.UNLIMITED_SEATS)).isNotNull();
    }

    @Test
    void deleteThenKeysAreFree() {
        Account account = store.create(draft("acme", "a@acme.test", "s1"), 1);

        store.delete(account.id());

        assertThat(store.findById(account.id())).isEmpty();
        assertThat(store.create(draft("acme", "a@acme.test", "s1"), 1)).isNotNull();
    }
}
