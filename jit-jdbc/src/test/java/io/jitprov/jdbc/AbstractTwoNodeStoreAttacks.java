package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.registry.RegistryCache;
import io.jitprov.core.registry.RegistryChange;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review attack (issue 15): two nodes, each with its own connection pool on one database, racing
 * registry and domain writes. Subclasses give the two pools.
 */
abstract class AbstractTwoNodeStoreAttacks {

    private static final Instant AT = Instant.parse("2026-11-30T09:15:30.123456Z");
    private static final Set<String> CONFLICT_CODES = Set.of(JitErrorCodes.VERSION_MISMATCH,
            JitErrorCodes.ENTRY_EXISTS, JitErrorCodes.ENTRY_NOT_FOUND);

    /** Node A's pool. */
    protected abstract DataSource nodeA();

    /** Node B's pool, on the same database. */
    protected abstract DataSource nodeB();

    private String prefix;

    @BeforeEach
    void unique() {
        prefix = "atk-" + UUID.randomUUID();
    }

    // --- registry: concurrency ------------------------------------------------------------------

    @Test
    void writesWhenTwoNodesRaceCreateUpdateDeleteThenNoLostUpdateNoMissedChangeAndNoStaleCacheEntry()
            throws Exception {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());
        JdbcRegistryStore b = JdbcRegistryStore.of(nodeB());
        int ids = 6;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            names.add(prefix + "-" + i);
        }
        long before = b.lastChange();
        Map<String, Set<Long>> versionsWritten = new ConcurrentHashMap<>();
        names.forEach(n -> versionsWritten.put(n, ConcurrentHashMap.newKeySet()));
        List<String> duplicates = new CopyOnWriteArrayList<>();
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        RegistryCache<String> cacheB = new RegistryCache<>(b, RegistryKind.TENANT, RegistryEntry::document, 4);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                JdbcRegistryStore store = w % 2 == 0 ? a : b;
                writers.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int n = 0; n < 120; n++) {
                        String id = names.get(random.nextInt(ids));
                        try {
                            Optional<RegistryEntry> read = store.find(RegistryKind.TENANT, id);
                            int op = random.nextInt(10);
                            if (read.isEmpty()) {
                                RegistryEntry made = store.create(RegistryKind.TENANT, id, id, null, "c" + n, AT);
                                record(versionsWritten, duplicates, made);
                            } else if (op < 8) {
                                long expected = read.get().version() - (op == 7 ? 1 : 0);
                                RegistryEntry next = store.update(RegistryKind.TENANT, id, expected, null, "u" + n + "-" + Thread.currentThread().getId(), AT);
                                record(versionsWritten, duplicates, next);
                            } else {
                                store.delete(RegistryKind.TENANT, id, read.get().version());
                            }
                        } catch (RegistryConflictException e) {
                            if (!CONFLICT_CODES.contains(e.error().code())) {
                                wrong.add(e);
                            }
                        } catch (RuntimeException e) {
                            wrong.add(e);
                        }
                    }
                }));
            }
            // Node B follows the feed in small pages while the writers run, and serves reads.
            List<RegistryChange> followed = new CopyOnWriteArrayList<>();
            Future<?> follower = threads.submit(() -> {
                long cursor = before;
                while (!stop.get()) {
                    for (RegistryChange change : b.changesSince(cursor, 3)) {
                        assertThat(change.sequence()).isGreaterThan(cursor);
                        cursor = change.sequence();
                        followed.add(change);
                    }
                }
                for (List<RegistryChange> page = b.changesSince(cursor, 3); !page.isEmpty();
                        page = b.changesSince(cursor, 3)) {
                    for (RegistryChange change : page) {
                        cursor = change.sequence();
                        followed.add(change);
                    }
                }
                return null;
            });
            Future<?> reader = threads.submit(() -> {
                while (!stop.get()) {
                    names.forEach(cacheB::find);
                    cacheB.refresh();
                }
                return null;
            });
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            stop.set(true);
            follower.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);

            assertThat(wrong).as("only conflict codes may refuse a write").isEmpty();
            assertThat(duplicates).as("two writers both got the same version: a lost update").isEmpty();
            // Every entry's last change must have reached the follower.
            Map<String, RegistryChange> lastSeen = new HashMap<>();
            followed.forEach(c -> lastSeen.put(c.id(), c));
            for (RegistryChange latest : b.changesSince(before, 100_000)) {
                if (latest.id().startsWith(prefix)) {
                    assertThat(lastSeen.get(latest.id())).as("last change of %s", latest.id()).isEqualTo(latest);
                }
            }
            cacheB.refresh();
            for (String id : names) {
                assertThat(cacheB.find(id)).as(id)
                        .isEqualTo(a.find(RegistryKind.TENANT, id).map(RegistryEntry::document));
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    /** Node A's pool, but a commit by the current thread first stalls (a GC pause, a slow network). */
    private static DataSource stallingCommits(DataSource real, long millis, ThreadLocal<Boolean> stall) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(real, args);
                    if (method.getName().equals("getConnection")) {
                        java.sql.Connection c = (java.sql.Connection) result;
                        return java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                                new Class<?>[] {java.sql.Connection.class}, (p2, m2, a2) -> {
                                    if (m2.getName().equals("commit") && Boolean.TRUE.equals(stall.get())) {
                                        Thread.sleep(millis);
                                    }
                                    try {
                                        return m2.invoke(c, a2);
                                    } catch (java.lang.reflect.InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
                    }
                    return result;
                });
    }

    /** What a write on node B gives while node A's writer of {@code stalledId} sits in a 3 s commit. */
    private String writeDuringAStall(String stalledId, java.util.function.Consumer<JdbcRegistryStore> write,
            long[] waitedMillis) throws Exception {
        ThreadLocal<Boolean> stall = ThreadLocal.withInitial(() -> false);
        JdbcRegistryStore a = JdbcRegistryStore.of(stallingCommits(nodeA(), 3_000, stall));
        JdbcRegistryStore b = JdbcRegistryStore.of(nodeB());
        ExecutorService threads = Executors.newFixedThreadPool(1);
        try {
            Future<RegistryEntry> slow = threads.submit(() -> {
                stall.set(true);
                return a.update(RegistryKind.TENANT, stalledId, 1, null, "{\"slow\":true}", AT);
            });
            Thread.sleep(300);
            long started = System.nanoTime();
            String outcome;
            try {
                write.accept(b);
                outcome = "written";
            } catch (RegistryConflictException e) {
                outcome = e.error().code();
            } catch (JitStoreException e) {
                outcome = e.code() + ": " + e.getMessage();
            }
            waitedMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            slow.get(30, TimeUnit.SECONDS);
            return outcome;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void updateWhenAWriterOnOneNodeStallsBeforeCommittingThenAStaleWriteOnTheOtherNodeIsStillAVersionMismatch()
            throws Exception {
        JdbcRegistryStore.of(nodeA()).create(RegistryKind.TENANT, prefix, prefix, null, "{}", AT);
        long[] waited = new long[1];

        // Node B read version 1 too; node A's update of version 1 has taken its turn and is committing.
        // Node B's write comes after it, so it is a version mismatch (the entry is at 2), however long it waits.
        String outcome = writeDuringAStall(prefix,
                b -> b.update(RegistryKind.TENANT, prefix, 1, null, "{\"stale\":true}", AT), waited);

        assertThat(outcome).isEqualTo(JitErrorCodes.VERSION_MISMATCH);
    }

    private static void record(Map<String, Set<Long>> versions, List<String> duplicates, RegistryEntry written) {
        if (!versions.get(written.id()).add(written.version())) {
            duplicates.add(written.id() + "@" + written.version());
        }
    }

    @Test
    void updateWhenSixteenWritersOnTwoNodesReadTheSameVersionOfABigDocumentThenOneWinsAndTheRestGetVersionMismatch()
            throws Exception {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());
        JdbcRegistryStore b = JdbcRegistryStore.of(nodeB());
        a.create(RegistryKind.TENANT, prefix, prefix, null, "{}", AT);
        String big = "{\"pad\":\"" + "x".repeat(4_000_000) + "\"}";
        int writers = 14;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                JdbcRegistryStore store = i % 2 == 0 ? a : b;
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        store.update(RegistryKind.TENANT, prefix, 1, null, big, AT);
                        return "won";
                    } catch (RegistryConflictException e) {
                        return e.error().code();
                    } catch (JitStoreException e) {
                        return e.code() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get(120, TimeUnit.SECONDS));
            }

            assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.equals("won")).containsOnly(JitErrorCodes.VERSION_MISMATCH);
        } finally {
            threads.shutdownNow();
        }
    }

    // --- registry: odd input ---------------------------------------------------------------------

    @Test
    void createWhenTheIdIsLongerThanTheColumnThenARefusalAboutTheInputNotADatabaseOutage() {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());
        String id = prefix + "-" + "x".repeat(300);

        // The in-memory store accepts it; this store says the database is down (store_unavailable, i.e. 503, retry).
        assertThatThrownBy(() -> a.create(RegistryKind.TENANT, id, id, null, "{}", AT))
                .isNotInstanceOf(JitStoreException.class);
    }

    @Test
    void findWhenTheIdHoldsANulCharacterThenNothingIsFoundRatherThanAStoreOutage() {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());

        // A read with an id taken from a request (a tenant in a URL path) must not report the database down.
        assertThat(a.find(RegistryKind.TENANT, prefix + "\u0000")).isEmpty();
    }

    @Test
    void idsWhenTheyCarrySqlMetacharactersThenEachIsItsOwnEntry() {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());
        JdbcRegistryStore b = JdbcRegistryStore.of(nodeB());
        List<String> odd = List.of("' OR '1'='1", "%", "_", "\\", "'; DELETE FROM jit_registry_entry; --",
                "\" OR 1=1 --", "\u00e9", "e\u0301", "\ud83d\ude00", " trailing ", "IDX");
        for (String suffix : odd) {
            String id = prefix + suffix;
            a.create(RegistryKind.TENANT, id, id, null, "{\"s\":\"" + suffix.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", AT);
        }
        for (String suffix : odd) {
            String id = prefix + suffix;
            assertThat(b.find(RegistryKind.TENANT, id)).as(id).map(RegistryEntry::id).contains(id);
            assertThat(b.connectionsOf(id)).isEmpty();
        }
        assertThatThrownBy(() -> a.create(RegistryKind.TENANT, prefix + "a\tb", prefix + "a\tb", null, "{}", AT))
                .as("control characters are refused before SQL").isInstanceOf(IllegalArgumentException.class);
        assertThat(b.find(RegistryKind.TENANT, prefix + "e\u0301")).map(RegistryEntry::id)
                .as("NFD stays apart from NFC").contains(prefix + "e\u0301");
        List<String> listed = new ArrayList<>();
        String after = prefix;
        for (List<RegistryEntry> page = b.list(RegistryKind.TENANT, after, 1); !page.isEmpty()
                && page.get(0).id().startsWith(prefix); page = b.list(RegistryKind.TENANT, after, 1)) {
            listed.add(page.get(0).id());
            after = page.get(0).id();
        }
        assertThat(listed).hasSize(odd.size()).doesNotHaveDuplicates();
        assertThat(b.list(RegistryKind.TENANT, prefix + "\uffff", Integer.MAX_VALUE))
                .noneMatch(e -> e.id().startsWith(prefix) && !e.id().equals(prefix + "\ud83d\ude00"));
    }

    @Test
    void deleteWhenRecreatedOnTheOtherNodeThenEveryVersionReadBeforeIsRefused() {
        JdbcRegistryStore a = JdbcRegistryStore.of(nodeA());
        JdbcRegistryStore b = JdbcRegistryStore.of(nodeB());
        String id = prefix;
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            RegistryEntry made = (round % 2 == 0 ? a : b).create(RegistryKind.TENANT, id, id, null, "{}", AT);
            assertThat(seen.add(made.version())).isTrue();
            RegistryEntry next = (round % 2 == 0 ? b : a).update(RegistryKind.TENANT, id, made.version(), null, "{}", AT);
            seen.add(next.version());
            for (long old : seen) {
                if (old != next.version()) {
                    long stale = old;
                    assertThatThrownBy(() -> a.update(RegistryKind.TENANT, id, stale, null, "{}", AT))
                            .isInstanceOf(RegistryConflictException.class);
                }
            }
            b.delete(RegistryKind.TENANT, id, next.version());
            for (long old : seen) {
                long stale = old;
                assertThatThrownBy(() -> a.delete(RegistryKind.TENANT, id, stale))
                        .isInstanceOfSatisfying(RegistryConflictException.class,
                                e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_NOT_FOUND));
            }
        }
    }

    // --- domains ---------------------------------------------------------------------------------

    private String domain() {
        return "d" + UUID.randomUUID().toString().substring(0, 8) + ".attack.test";
    }

    private static DomainClaim pending(String tenant, String domain) {
        return new DomainClaim(domain, tenant, false, DomainClaim.State.PENDING, DomainClaim.Proof.DNS_TXT,
                "tok-" + tenant, AT, null);
    }

    private static DomainClaim verified(DomainClaim claim) {
        return new DomainClaim(claim.domain(), claim.tenantId(), claim.includeSubdomains(), DomainClaim.State.VERIFIED,
                claim.proof(), claim.token(), claim.claimedAt(), AT.plusSeconds(1));
    }

    @Test
    void verifyWhenEightTenantsWithPendingClaimsVerifyOnTwoNodesAtOnceThenOneWinsTheRestAreAlreadyClaimed()
            throws Exception {
        JdbcDomainStore a = JdbcDomainStore.of(nodeA());
        JdbcDomainStore b = JdbcDomainStore.of(nodeB());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 15; round++) {
                String domain = domain();
                List<DomainClaim> claims = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    // half the tenants hold a pending row, half verify without one (operator)
                    DomainClaim claim = pending("tenant-" + t, domain);
                    if (t % 2 == 0) {
                        a.add(claim);
                    }
                    claims.add(claim);
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    DomainStore store = t % 2 == 0 ? a : b;
                    DomainClaim claim = verified(claims.get(t));
                    results.add(threads.submit(() -> {
                        start.await();
                        try {
                            store.verify(claim);
                            return "won";
                        } catch (DomainClaimException e) {
                            return e.error().code();
                        } catch (JitStoreException e) {
                            return e.code() + ": " + e.getMessage();
                        }
                    }));
                }
                start.countDown();
                List<String> outcomes = new ArrayList<>();
                for (Future<String> result : results) {
                    outcomes.add(result.get(60, TimeUnit.SECONDS));
                }

                assertThat(outcomes).as("round %d", round).filteredOn("won"::equals).hasSize(1);
                assertThat(outcomes).as("round %d", round).filteredOn(o -> !o.equals("won"))
                        .containsOnly(JitErrorCodes.DOMAIN_ALREADY_CLAIMED);
                assertThat(b.claimsOn(List.of(domain))).as("round %d", round).hasSize(1).allMatch(DomainClaim::verified);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The real store; when node A adds a claim, node B's verification lands first (a race window made certain). */
    private static final class VerifiedElsewhereFirst implements DomainStore {
        private final DomainStore real;
        private final Runnable otherNode;

        VerifiedElsewhereFirst(DomainStore real, Runnable otherNode) {
            this.real = real;
            this.otherNode = otherNode;
        }

        @Override
        public List<DomainClaim> claimsOn(Collection<String> domains) {
            return real.claimsOn(domains);
        }

        @Override
        public List<DomainClaim> claimsOf(String tenantId) {
            return real.claimsOf(tenantId);
        }

        @Override
        public DomainClaim add(DomainClaim pending) {
            otherNode.run();
            return real.add(pending);
        }

        @Override
        public DomainClaim verify(DomainClaim verified) {
            return real.verify(verified);
        }

        @Override
        public void remove(String tenantId, String domain) {
            real.remove(tenantId, domain);
        }
    }

    @Test
    void claimWhenAnotherNodeVerifiesTheDomainDuringTheClaimThenNoPendingClaimOfAnotherTenantSurvives() {
        String domain = domain();
        DomainRegistry nodeBRegistry = DomainRegistry.builder().dnsLookup(n -> List.of())
                .store(JdbcDomainStore.of(nodeB())).build();
        DomainRegistry nodeARegistry = DomainRegistry.builder().dnsLookup(n -> List.of())
                .store(new VerifiedElsewhereFirst(JdbcDomainStore.of(nodeA()),
                        () -> nodeBRegistry.markVerified("globex", domain, false)))
                .build();

        // acme's claim passed the "owned elsewhere?" check just before globex's verification committed.
        Optional<DomainClaim> acme;
        try {
            acme = Optional.of(nodeARegistry.claim("acme", domain, false));
        } catch (DomainClaimException refused) {
            acme = Optional.empty();
        }

        // Promised: "the others' pending claims are dropped, and later claims by other tenants are refused".
        assertThat(nodeBRegistry.tenantFor(domain)).contains("globex");
        assertThat(JdbcDomainStore.of(nodeA()).claimsOn(List.of(domain))).extracting(DomainClaim::tenantId)
                .as("acme's claim after globex's verification").containsExactly("globex");
    }

    @Test
    void claimWhenAnotherNodeVerifiesTheParentWithSubdomainsDuringTheClaimThenTheChildClaimDoesNotSurvive() {
        String parent = domain();
        String child = "eu." + parent;
        DomainRegistry nodeBRegistry = DomainRegistry.builder().dnsLookup(n -> List.of())
                .store(JdbcDomainStore.of(nodeB())).build();
        DomainRegistry nodeARegistry = DomainRegistry.builder().dnsLookup(n -> List.of())
                .store(new VerifiedElsewhereFirst(JdbcDomainStore.of(nodeA()),
                        () -> nodeBRegistry.markVerified("globex", parent, true)))
                .build();

        try {
            nodeARegistry.claim("acme", child, false);
        } catch (DomainClaimException refused) {
            // refusing is right
        }

        assertThat(nodeBRegistry.tenantFor(child)).contains("globex");
        assertThat(JdbcDomainStore.of(nodeA()).claimsOn(List.of(child)))
                .as("acme's claim below globex's parent, verified with subdomains").isEmpty();
    }

    @Test
    void verifyWhenParentWithSubdomainsAndChildAreVerifiedOnTwoNodesAtOnceThenTheOutcomeIsOneOfTheSerialOnes()
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String parent = domain();
                String child = "eu." + parent;
                DomainRegistry onA = DomainRegistry.builder().dnsLookup(n -> List.of())
                        .store(JdbcDomainStore.of(nodeA())).build();
                DomainRegistry onB = DomainRegistry.builder().dnsLookup(n -> List.of())
                        .store(JdbcDomainStore.of(nodeB())).build();
                CountDownLatch start = new CountDownLatch(1);
                Future<String> acme = threads.submit(() -> {
                    start.await();
                    try {
                        onA.markVerified("acme", parent, true);
                        return "won";
                    } catch (DomainClaimException e) {
                        return e.error().code();
                    }
                });
                Future<String> globex = threads.submit(() -> {
                    start.await();
                    try {
                        onB.markVerified("globex", child, false);
                        return "won";
                    } catch (DomainClaimException e) {
                        return e.error().code();
                    }
                });
                start.countDown();
                String acmeOutcome = acme.get(30, TimeUnit.SECONDS);
                String globexOutcome = globex.get(30, TimeUnit.SECONDS);
                // Serially: globex first then acme -> both; acme first -> globex refused.
                assertThat(acmeOutcome).isEqualTo("won");
                if (globexOutcome.equals("won")) {
                    assertThat(onA.tenantFor(child)).contains("globex");
                } else {
                    assertThat(globexOutcome).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED);
                    assertThat(onA.tenantFor(child)).contains("acme");
                }
                // globex's exact claim does not cover names below it: the nearest covering parent does.
                assertThat(onB.tenantFor("x." + child)).contains("acme");
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
