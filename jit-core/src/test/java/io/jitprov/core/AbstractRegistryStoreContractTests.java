package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jitprov.core.registry.RegistryChange;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * What every {@link RegistryStore} must do: extend it with {@link #createStore()}. Ids are unique
 * per test, so a store shared between tests (one database) works too.
 *
 * @since 0.1
 */
public abstract class AbstractRegistryStoreContractTests {

    private static final Instant AT = Instant.parse("2026-11-30T09:15:30.123456Z");
    private static final String DOCUMENT = "{\"id\":\"acme\",\"jitEnabled\":true,\"note\":\"Ünïcødé ✓ \\\"quoted\\\"\"}";

    private RegistryStore store;
    private String tenant;

    protected abstract RegistryStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        tenant = "t-" + UUID.randomUUID();
    }

    private static void assertRefused(Runnable write, String code) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(RegistryConflictException.class,
                e -> assertThat(e.error().code()).isEqualTo(code));
    }

    @Test
    void createWhenNewThenVersionOneAndEveryValueReadBack() {
        RegistryEntry created = store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);

        assertThat(created).isEqualTo(new RegistryEntry(RegistryKind.TENANT, tenant, tenant, null, 1, DOCUMENT, AT));
        assertThat(store.find(RegistryKind.TENANT, tenant)).contains(created);
        assertThat(store.find(RegistryKind.CONNECTION, tenant)).as("kinds are apart").isEmpty();
    }

    @Test
    void createWhenTheIdCannotBeStoredThenRefusedBeforeTheStoreAndFindSaysNothing() {
        for (String bad : List.of("", "x".repeat(256), tenant + "\u0000", tenant + "\n", tenant + "\t")) {
            assertThatIllegalArgumentException().isThrownBy(() -> store.create(RegistryKind.TENANT, bad, bad, null, "{}", AT));
            assertThat(store.find(RegistryKind.TENANT, bad)).isEmpty();
        }
        String longest = tenant + "x".repeat(RegistryEntry.MAX_ID_LENGTH - tenant.length());
        assertThat(store.create(RegistryKind.TENANT, longest, longest, null, "{}", AT).id()).hasSize(255);
    }

    @Test
    void createWhenTheIdIsTakenThenRefusedAndTheFirstKept() {
        RegistryEntry first = store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);

        assertRefused(() -> store.create(RegistryKind.TENANT, tenant, tenant, null, "{}", AT), JitErrorCodes.ENTRY_EXISTS);
        assertThat(store.find(RegistryKind.TENANT, tenant)).contains(first);
    }

    @Test
    void updateWhenAtTheVersionReadThenNextVersionStored() {
        store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);

        RegistryEntry updated = store.update(RegistryKind.TENANT, tenant, 1, null, "{\"v\":2}", AT.plusSeconds(60));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.find(RegistryKind.TENANT, tenant)).contains(updated);
    }

    @Test
    void updateWhenTheEntryChangedSinceItWasReadThenRefusedAndNothingWritten() {
        store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);
        RegistryEntry second = store.update(RegistryKind.TENANT, tenant, 1, null, "{\"v\":2}", AT);

        assertRefused(() -> store.update(RegistryKind.TENANT, tenant, 1, null, "{\"stale\":true}", AT),
                JitErrorCodes.VERSION_MISMATCH);
        assertRefused(() -> store.delete(RegistryKind.TENANT, tenant, 1), JitErrorCodes.VERSION_MISMATCH);
        assertThat(store.find(RegistryKind.TENANT, tenant)).contains(second);
    }

    @Test
    void updateOrDeleteWhenThereIsNoEntryThenNotFound() {
        assertRefused(() -> store.update(RegistryKind.TENANT, tenant, 1, null, "{}", AT), JitErrorCodes.ENTRY_NOT_FOUND);
        assertRefused(() -> store.delete(RegistryKind.TENANT, tenant, 1), JitErrorCodes.ENTRY_NOT_FOUND);
    }

    @Test
    void updateWhenTwoWritersReadTheSameVersionThenExactlyOneWins() throws Exception {
        store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String document = "{\"writer\":" + i + "}";
                Callable<Boolean> write = () -> {
                    start.await();
                    try {
                        store.update(RegistryKind.TENANT, tenant, 1, null, document, AT);
                        return true;
                    } catch (RegistryConflictException e) {
                        return false;
                    }
                };
                results.add(threads.submit(write));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
            assertThat(store.find(RegistryKind.TENANT, tenant).orElseThrow().version()).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void deleteWhenAtTheVersionReadThenGoneAndACreatedAgainEntryNeverMatchesAnOldVersion() {
        store.create(RegistryKind.TENANT, tenant, tenant, null, DOCUMENT, AT);
        store.update(RegistryKind.TENANT, tenant, 1, null, "{}", AT);

        store.delete(RegistryKind.TENANT, tenant, 2);

        assertThat(store.find(RegistryKind.TENANT, tenant)).isEmpty();
        assertThat(store.list(RegistryKind.TENANT, tenant.substring(0, 2), 1000)).noneMatch(e -> e.id().equals(tenant));
        RegistryEntry again = store.create(RegistryKind.TENANT, tenant, tenant, null, "{\"again\":true}", AT);
        assertThat(again.version()).as("an ETag of the deleted entry must not match the new one").isEqualTo(3);
    }

    @Test
    void listWhenPagedThenInIdOrderWithoutRepeatsOrGaps() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = tenant + "-" + i;
            ids.add(id);
            store.create(RegistryKind.TENANT, id, id, null, "{}", AT);
        }
        store.delete(RegistryKind.TENANT, ids.get(2), 1);

        List<String> seen = new ArrayList<>();
        String after = tenant;
        for (List<RegistryEntry> page = store.list(RegistryKind.TENANT, after, 2); !page.isEmpty()
                && page.get(0).id().startsWith(tenant); page = store.list(RegistryKind.TENANT, after, 2)) {
            page.stream().map(RegistryEntry::id).filter(id -> id.startsWith(tenant)).forEach(seen::add);
            after = page.get(page.size() - 1).id();
        }

        assertThat(seen).containsExactly(ids.get(0), ids.get(1), ids.get(3), ids.get(4));
        assertThatIllegalArgumentException().isThrownBy(() -> store.list(RegistryKind.TENANT, null, 0));
    }

    @Test
    void connectionsOfWhenATenantHasSomeThenOnlyItsOwnAreListed() {
        store.create(RegistryKind.TENANT, tenant, tenant, null, "{}", AT);
        store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, null, "{\"saml\":{}}", AT);
        store.create(RegistryKind.CONNECTION, tenant + "-oidc", tenant, null, "{\"oidc\":{}}", AT);
        store.create(RegistryKind.CONNECTION, tenant + "-other", "other-" + tenant, null, "{}", AT);

        assertThat(store.connectionsOf(tenant)).extracting(RegistryEntry::id)
                .containsExactly(tenant + "-oidc", tenant + "-saml");
    }

    @Test
    void ofTenantWhenKindsMixThenOnlyThatKindOfThatTenantAndNotDeleted() {
        store.create(RegistryKind.TENANT, tenant, tenant, null, "{}", AT);
        store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, null, "{}", AT);
        store.create(RegistryKind.SETUP_LINK, tenant + "-l1", tenant, null, "{}", AT);
        RegistryEntry revoked = store.create(RegistryKind.SETUP_LINK, tenant + "-l2", tenant, null, "{}", AT);
        store.create(RegistryKind.SETUP_LINK, tenant + "-l3", "other-" + tenant, null, "{}", AT);
        store.delete(RegistryKind.SETUP_LINK, revoked.id(), revoked.version());

        assertThat(store.ofTenant(RegistryKind.SETUP_LINK, tenant)).extracting(RegistryEntry::id)
                .containsExactly(tenant + "-l1");
        assertThat(store.connectionsOf(tenant)).extracting(RegistryEntry::id).containsExactly(tenant + "-saml");
    }

    @Test
    void findByKeyWhenAConnectionHoldsAKeyThenItIsFoundByItUntilTheKeyChangesOrItIsDeleted() {
        String key = "saml https://idp.test/" + tenant + "/" + "é".repeat(900);
        store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, key, "{}", AT);

        assertThat(store.findByKey(RegistryKind.CONNECTION, key)).get()
                .extracting(RegistryEntry::id, RegistryEntry::key).containsExactly(tenant + "-saml", key);
        assertThat(store.findByKey(RegistryKind.TENANT, key)).as("keys are per kind").isEmpty();
        assertThat(store.findByKey(RegistryKind.CONNECTION, key + "x")).isEmpty();

        store.update(RegistryKind.CONNECTION, tenant + "-saml", 1, key + "-2", "{}", AT);
        assertThat(store.findByKey(RegistryKind.CONNECTION, key)).isEmpty();
        assertThat(store.findByKey(RegistryKind.CONNECTION, key + "-2")).isPresent();

        store.delete(RegistryKind.CONNECTION, tenant + "-saml", 2);
        assertThat(store.findByKey(RegistryKind.CONNECTION, key + "-2")).isEmpty();
    }

    @Test
    void createWhenAnotherLiveEntryHoldsTheKeyThenRefusedAndNothingWritten() {
        String key = "oidc https://issuer.test/" + tenant;
        store.create(RegistryKind.CONNECTION, tenant + "-a", tenant, key, "{}", AT);
        long before = latest();

        assertRefused(() -> store.create(RegistryKind.CONNECTION, tenant + "-b", "other-" + tenant, key, "{}", AT),
                JitErrorCodes.ENTRY_EXISTS);
        store.create(RegistryKind.CONNECTION, tenant + "-c", tenant, null, "{}", AT);
        assertRefused(() -> store.update(RegistryKind.CONNECTION, tenant + "-c", 1, key, "{}", AT),
                JitErrorCodes.ENTRY_EXISTS);

        assertThat(store.find(RegistryKind.CONNECTION, tenant + "-b")).isEmpty();
        assertThat(store.find(RegistryKind.CONNECTION, tenant + "-c")).get().extracting(RegistryEntry::version)
                .isEqualTo(1L);
        assertThat(store.changesSince(before, 100)).extracting(RegistryChange::id).containsExactly(tenant + "-c");
        // Its own key again, and a deleted holder's key, are free.
        store.update(RegistryKind.CONNECTION, tenant + "-a", 1, key, "{\"v\":2}", AT);
        store.delete(RegistryKind.CONNECTION, tenant + "-a", 2);
        assertThat(store.create(RegistryKind.CONNECTION, tenant + "-b", tenant, key, "{}", AT).key()).isEqualTo(key);
    }

    @Test
    void createWhenADeletedIdIsTakenByAnotherTenantThenRefusedAndTheOwnTenantMayTakeItBack() {
        store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, null, "{}", AT);
        store.delete(RegistryKind.CONNECTION, tenant + "-saml", 1);

        assertRefused(() -> store.create(RegistryKind.CONNECTION, tenant + "-saml", "other-" + tenant, null, "{}", AT),
                JitErrorCodes.ENTRY_EXISTS);
        assertThat(store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, null, "{}", AT).version()).isEqualTo(2);
    }

    @Test
    void changesSinceWhenEntriesChangeThenEachIsSeenOnceInCommitOrderWithDeletions() {
        long before = latest();
        store.create(RegistryKind.TENANT, tenant, tenant, null, "{}", AT);
        store.create(RegistryKind.CONNECTION, tenant + "-saml", tenant, null, "{}", AT);
        store.update(RegistryKind.TENANT, tenant, 1, null, "{\"v\":2}", AT);
        store.delete(RegistryKind.CONNECTION, tenant + "-saml", 1);

        List<RegistryChange> changes = store.changesSince(before, 100).stream()
                .filter(c -> c.id().startsWith(tenant)).toList();

        assertThat(changes).extracting(RegistryChange::kind, RegistryChange::id, RegistryChange::tenantId,
                        RegistryChange::deleted)
                .containsExactly(tuple(RegistryKind.TENANT, tenant, tenant, false),
                        tuple(RegistryKind.CONNECTION, tenant + "-saml", tenant, true));
        assertThat(changes.get(0).sequence()).isLessThan(changes.get(1).sequence());
        assertThat(store.changesSince(changes.get(1).sequence(), 100)).noneMatch(c -> c.id().startsWith(tenant));
    }

    @Test
    void changesSinceWhenManyWritersCommitAtOnceThenAReaderFollowingThemMissesNone() throws Exception {
        long before = latest();
        int writers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = tenant + "-" + i;
                results.add(threads.submit(() -> store.create(RegistryKind.TENANT, id, id, null, "{}", AT)));
            }
            List<String> seen = new ArrayList<>();
            long cursor = before;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < writers && System.nanoTime() < deadline) {
                for (RegistryChange change : store.changesSince(cursor, 3)) {
                    cursor = change.sequence();
                    if (change.id().startsWith(tenant)) {
                        seen.add(change.id());
                    }
                }
            }
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }

            assertThat(seen).hasSize(writers).doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void lastChangeWhenEntriesAreWrittenThenItIsTheSequenceOfTheNewest() {
        long before = store.lastChange();
        store.create(RegistryKind.TENANT, tenant, tenant, null, "{}", AT);
        store.update(RegistryKind.TENANT, tenant, 1, null, "{}", AT);

        assertThat(store.lastChange()).isGreaterThanOrEqualTo(before + 2);
        assertThat(store.changesSince(store.lastChange(), 10)).isEmpty();
        assertThat(store.changesSince(before, 100)).extracting(RegistryChange::id).contains(tenant);
    }

    private long latest() {
        return store.lastChange();
    }
}
