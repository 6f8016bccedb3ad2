package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.tenant.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour the {@link io.jitprov.core.provisioning.Provisioner} relies on from a {@link UserStore}. To test a store of
 * your own, depend on {@code io.jitprov:jit-core:test-jar} (test scope) and subclass:
 *
 * <pre>{@code
 * class MyUserStoreContractTests extends AbstractUserStoreContractTests {   // or AbstractUserDirectoryContractTests
 *     @Override
 *     protected UserStore createStore() {
 *         return new MyUserStore(testDataSource());
 *     }
 * }
 * }</pre>
 *
 * Each test works in tenants of its own (random names), so the store may keep data between tests.
 *
 * @since 0.1
 */
public abstract class AbstractUserStoreContractTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** The issuer of the test identities. */
    protected static final String IDP = "https://idp.acme.test";

    private UserStore store;
    private String tenant;
    private String otherTenant;

    /** A store to test; called before each test. */
    protected abstract UserStore createStore();

    /** The store under test. */
    protected UserStore store() {
        return store;
    }

    /** This test's tenant. */
    protected String tenant() {
        return tenant;
    }

    /** Another tenant of this test's own. */
    protected String otherTenant() {
        return otherTenant;
    }

    @BeforeEach
    void setUpStore() {
        store = createStore();
        tenant = "t-" + UUID.randomUUID();
        otherTenant = "t-" + UUID.randomUUID();
    }

    /** A new account of {@code tenantId} with one identity of the test IdP. */
    protected NewAccount draft(String tenantId, String email, String subject) {
        return new NewAccount(tenantId, email, IdentityKind.HUMAN,
                ValidatedAttributes.of(Map.of("given_name", List.of("Alice"), "groups", List.of("b-group", "a-group"))),
                Set.of(AssignedRole.mapped("member"), AssignedRole.manual("auditor")),
                List.of(new ExternalIdentity(IDP, subject)), NOW);
    }

    /** Creates an account of this test's tenant. */
    protected Account create(String email, String subject) {
        return store.create(draft(tenant, email, subject), Tenant.UNLIMITED_SEATS);
    }

    @Test
    void createThenFindByIdentityReturnsEverythingWritten() {
        NewAccount draft = draft(tenant, "alice@acme.test", "alice");
        store.create(draft, Tenant.UNLIMITED_SEATS);

        Account found = store.findByIdentity(tenant, IDP, "alice").orElseThrow();

        assertThat(found.id()).isEqualTo(draft.id());
        assertThat(found.tenantId()).isEqualTo(tenant);
        assertThat(found.email()).isEqualTo("alice@acme.test");
        assertThat(found.kind()).isEqualTo(IdentityKind.HUMAN);
        assertThat(found.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(found.roles()).containsExactlyInAnyOrder(AssignedRole.mapped("member"), AssignedRole.manual("auditor"));
        assertThat(found.identities()).containsExactly(new ExternalIdentity(IDP, "alice"));
        assertThat(found.attributes().values("groups")).containsExactly("b-group", "a-group");
        assertThat(found.attributes().values("given_name")).containsExactly("Alice");
        assertThat(found.createdAt()).isEqualTo(NOW);
        assertThat(store.findById(draft.id())).contains(found);
        assertThat(store.findByEmail(tenant, "alice@acme.test")).contains(found);
    }

    @Test
    void createWhenEmailUnverifiedThenKeptSoUntilAnUpdateVerifiesIt() {
        NewAccount pushed = new NewAccount(UUID.randomUUID().toString(), tenant, "pushed@" + tenant + ".test",
                IdentityKind.HUMAN, ValidatedAttributes.empty(), Set.of(), List.of(new ExternalIdentity(IDP, "p")),
                NOW, null, false);

        Account created = store.create(pushed, Tenant.UNLIMITED_SEATS);
        Account found = store.findByEmail(tenant, "pushed@" + tenant + ".test").orElseThrow();
        Account verified = store.update(found.withEmail(found.email(), true));

        assertThat(created.emailVerified()).isFalse();
        assertThat(found.emailVerified()).isFalse();
        assertThat(verified.emailVerified()).isTrue();
        assertThat(store.findById(created.id()).orElseThrow().emailVerified()).isTrue();
    }

    @Test
    void findWhenNothingMatchesThenEmpty() {
        create("alice@acme.test", "alice");

        assertThat(store.findByIdentity(tenant, IDP, "bob")).isEmpty();
        assertThat(store.findByIdentity(tenant, "https://other.idp", "alice")).isEmpty();
        assertThat(store.findByIdentity(otherTenant, IDP, "alice")).isEmpty();
        assertThat(store.findByEmail(tenant, "bob@acme.test")).isEmpty();
        assertThat(store.findByEmail(otherTenant, "alice@acme.test")).isEmpty();
        assertThat(store.findById("no-such-account")).isEmpty();
    }

    @Test
    void createWhenIdentityTakenInTheTenantThenDuplicateIdentityAndNothingWritten() {
        create("alice@acme.test", "alice");

        assertThatThrownBy(() -> create("other@acme.test", "alice"))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.IDENTITY));
        assertThat(store.findByEmail(tenant, "other@acme.test")).isEmpty();
    }

    @Test
    void createWhenEmailTakenInTheTenantThenDuplicateEmailAndNothingWritten() {
        create("alice@acme.test", "alice");

        assertThatThrownBy(() -> create("alice@acme.test", "alice-2"))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.EMAIL));
        assertThat(store.findByIdentity(tenant, IDP, "alice-2")).isEmpty();
    }

    @Test
    void createWhenSameKeysInAnotherTenantThenASeparateAccount() {
        Account first = create("alice@acme.test", "alice");
        Account second = store.create(draft(otherTenant, "alice@acme.test", "alice"), Tenant.UNLIMITED_SEATS);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store.findByIdentity(otherTenant, IDP, "alice").orElseThrow().id()).isEqualTo(second.id());
    }

    @Test
    void createWhenSeveralAccountsHaveNoEmailThenNoClash() {
        store.create(draft(tenant, null, "a"), Tenant.UNLIMITED_SEATS);
        store.create(draft(tenant, null, "b"), Tenant.UNLIMITED_SEATS);

        assertThat(store.findByIdentity(tenant, IDP, "b")).isPresent();
    }

    @Test
    void updateThenNextVersionAndEveryChangeStored() {
        Account account = create("alice@acme.test", "alice");
        List<ExternalIdentity> identities = new ArrayList<>(account.identities());
        identities.add(new ExternalIdentity("https://second.idp", "alice-2"));

        Account updated = store.update(account.withEmail("alice.smith@acme.test")
                .withRoles(Set.of(AssignedRole.mapped("admin"), AssignedRole.manual("auditor")))
                .withAttributes(ValidatedAttributes.of(Map.of("groups", List.of("c", "d", "e"))))
                .withIdentities(identities));

        assertThat(updated.version()).isEqualTo(account.version() + 1);
        Account found = store.findById(account.id()).orElseThrow();
        assertThat(found.version()).isEqualTo(updated.version());
        assertThat(found.email()).isEqualTo("alice.smith@acme.test");
        assertThat(found.roles()).containsExactlyInAnyOrder(AssignedRole.mapped("admin"), AssignedRole.manual("auditor"));
        assertThat(found.attributes().asMap()).containsOnlyKeys("groups");
        assertThat(found.attributes().values("groups")).containsExactly("c", "d", "e");
        assertThat(found.identities()).containsExactlyElementsOf(identities);
        assertThat(store.findByIdentity(tenant, "https://second.idp", "alice-2")).contains(found);
        assertThat(store.findByEmail(tenant, "alice@acme.test")).isEmpty();
        assertThat(store.create(draft(tenant, "alice@acme.test", "newcomer"), Tenant.UNLIMITED_SEATS)).isNotNull();
    }

    @Test
    void updateWhenVersionIsStaleThenRefusedAndNothingChanged() {
        Account account = create("alice@acme.test", "alice");
        store.update(account.withRoles(Set.of()));

        assertThatThrownBy(() -> store.update(account.withRoles(Set.of(AssignedRole.manual("admin")))))
                .isInstanceOf(StaleAccountException.class);
        assertThat(store.findById(account.id()).orElseThrow().roles()).isEmpty();
    }

    @Test
    void updateWhenAddedIdentityBelongsToAnotherAccountThenDuplicateAndNothingChanged() {
        Account alice = create("alice@acme.test", "alice");
        create("bob@acme.test", "bob");
        List<ExternalIdentity> stolen = List.of(alice.identities().get(0), new ExternalIdentity(IDP, "bob"));

        assertThatThrownBy(() -> store.update(alice.withIdentities(stolen).withRoles(Set.of())))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.IDENTITY));
        Account after = store.findById(alice.id()).orElseThrow();
        assertThat(after.version()).isEqualTo(alice.version());
        assertThat(after.roles()).isEqualTo(alice.roles());
    }

    @Test
    void updateWhenNewEmailBelongsToAnotherAccountThenDuplicateEmailAndNothingChanged() {
        Account alice = create("alice@acme.test", "alice");
        create("bob@acme.test", "bob");

        assertThatThrownBy(() -> store.update(alice.withEmail("bob@acme.test")))
                .isInstanceOfSatisfying(DuplicateAccountException.class,
                        e -> assertThat(e.key()).isEqualTo(DuplicateAccountException.Key.EMAIL));
        assertThat(store.findById(alice.id()).orElseThrow().email()).isEqualTo("alice@acme.test");
    }

    @Test
    void createWhenSeatLimitReachedThenRefusedAndDisabledAccountsDoNotCount() {
        Account first = store.create(draft(tenant, "a@acme.test", "a"), 2);
        store.create(draft(tenant, "b@acme.test", "b"), 2);

        assertThatThrownBy(() -> store.create(draft(tenant, "c@acme.test", "c"), 2))
                .isInstanceOf(SeatLimitReachedException.class);
        assertThat(store.findByIdentity(tenant, IDP, "c")).isEmpty();

        assertThat(store.disable(first.id()).orElseThrow().status()).isEqualTo(AccountStatus.DISABLED);
        assertThat(store.create(draft(tenant, "c@acme.test", "c"), 2)).isNotNull();
    }

    @Test
    void recordLoginKeepsTheLatestTimeWithoutChangingTheVersion() {
        Account account = create("alice@acme.test", "alice");
        assertThat(account.lastLoginAt()).isNull();

        store.recordLogin(account.id(), NOW.plusSeconds(60));
        store.recordLogin(account.id(), NOW.plusSeconds(30)); // late writers never move it back

        Account found = store.findById(account.id()).orElseThrow();
        assertThat(found.lastLoginAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(found.version()).isEqualTo(account.version());
        Account updated = store.update(found.withRoles(Set.of()));
        assertThat(store.findById(account.id()).orElseThrow().lastLoginAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(updated.version()).isEqualTo(account.version() + 1);
    }

    @Test
    void createOfAnAccountALoginMadeKeepsItsLastLoginSoTheLoginWritesNothingMore() {
        NewAccount draft = draft(tenant, "bob@acme.test", "bob");
        NewAccount byLogin = new NewAccount(draft.id(), draft.tenantId(), draft.email(), draft.kind(), draft.attributes(),
                draft.roles(), draft.identities(), draft.createdAt(), NOW);

        Account created = store.create(byLogin, Tenant.UNLIMITED_SEATS);

        assertThat(created.lastLoginAt()).isEqualTo(NOW);
        assertThat(store.findById(created.id()).orElseThrow().lastLoginAt()).isEqualTo(NOW);
    }

    @Test
    void createWhen16ThreadsRaceOnOneIdentityThenExactlyOneAccount() throws Exception {
        List<Object> outcomes = race(16, i -> () -> create("alice@acme.test", "alice"));

        assertThat(outcomes).filteredOn(Account.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(DuplicateAccountException.class::isInstance).hasSize(15);
    }

    @Test
    void createWhen16ThreadsRaceForThreeSeatsThenExactlyThreeAccounts() throws Exception {
        List<Object> outcomes = race(16, i -> () -> store.create(draft(tenant, "p" + i + "@acme.test", "p" + i), 3));

        assertThat(outcomes).filteredOn(Account.class::isInstance).hasSize(3);
        assertThat(outcomes).filteredOn(SeatLimitReachedException.class::isInstance).hasSize(13);
    }

    @Test
    void updateWhen8ThreadsRaceOnOneVersionThenExactlyOneWins() throws Exception {
        Account account = create("alice@acme.test", "alice");

        List<Object> outcomes = race(8, i -> () -> store.update(account.withRoles(Set.of(AssignedRole.manual("r" + i)))));

        assertThat(outcomes).filteredOn(Account.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(StaleAccountException.class::isInstance).hasSize(7);
        assertThat(store.findById(account.id()).orElseThrow().roles()).hasSize(1);
    }

    /** Runs {@code threads} calls at once; each result is the returned value or the exception thrown. */
    private static List<Object> race(int threads, java.util.function.IntFunction<Callable<Object>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> call = calls.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            Set<Object> unexpected = new HashSet<>();
            for (Future<Object> future : futures) {
                Object result = future.get(60, TimeUnit.SECONDS);
                if (result instanceof JitStoreException) {
                    unexpected.add(result);
                }
                results.add(result);
            }
            assertThat(unexpected).as("store failures under contention").isEmpty();
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
