package io.jitprov.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.memory.InMemoryRegistryStore;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A node's view of the registry: read on first use, dropped when a change names it, bounded. */
class RegistryCacheTests {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();
    private final AtomicInteger parses = new AtomicInteger();

    /** A "tenant" is its document's text; a document saying "broken" does not parse. */
    private String parse(RegistryEntry entry) {
        parses.incrementAndGet();
        if (entry.document().contains("broken")) {
            throw new IllegalArgumentException("not a tenant");
        }
        return entry.document();
    }

    private RegistryCache<String> cache(int capacity) {
        return new RegistryCache<>(store, RegistryKind.TENANT, this::parse, capacity);
    }

    @Test
    void findWhenUsedAgainThenReadAndParsedOnce() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{\"v\":1}", AT);
        RegistryCache<String> cache = cache(10);

        assertThat(parses).as("nothing at start").hasValue(0);
        assertThat(cache.find("acme")).contains("{\"v\":1}");
        assertThat(cache.find("acme")).contains("{\"v\":1}");
        assertThat(parses).hasValue(1);
    }

    @Test
    void refreshWhenAnotherNodeChangedAnEntryThenTheNextFindSeesTheChange() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{\"v\":1}", AT);
        store.create(RegistryKind.TENANT, "globex", "globex", null, "{\"g\":1}", AT);
        RegistryCache<String> cache = cache(10);
        cache.find("acme");
        cache.find("globex");

        store.update(RegistryKind.TENANT, "acme", 1, null, "{\"v\":2}", AT);
        assertThat(cache.find("acme")).as("until the change is followed").contains("{\"v\":1}");
        assertThat(cache.refresh()).isEqualTo(1);

        assertThat(cache.find("acme")).contains("{\"v\":2}");
        assertThat(cache.find("globex")).contains("{\"g\":1}");
        assertThat(parses).as("only the changed entry is read again").hasValue(3);
    }

    @Test
    void refreshWhenAnEntryIsDeletedOrCreatedThenFindFollows() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{}", AT);
        RegistryCache<String> cache = cache(10);
        assertThat(cache.find("acme")).isPresent();
        assertThat(cache.find("initech")).isEmpty();

        store.delete(RegistryKind.TENANT, "acme", 1);
        store.create(RegistryKind.TENANT, "initech", "initech", null, "{}", AT);
        cache.refresh();

        assertThat(cache.find("acme")).isEmpty();
        assertThat(cache.find("initech")).isPresent();
    }

    @Test
    void findWhenAStoredDocumentDoesNotParseThenOnlyThatEntryIsAbsent() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{\"broken\":true}", AT);
        store.create(RegistryKind.TENANT, "globex", "globex", null, "{}", AT);
        RegistryCache<String> cache = cache(10);

        assertThat(cache.find("acme")).isEmpty();
        assertThat(cache.find("acme")).isEmpty();
        assertThat(cache.find("globex")).isPresent();
        assertThat(parses).as("a broken version is parsed once").hasValue(2);

        store.update(RegistryKind.TENANT, "acme", 1, null, "{\"fixed\":true}", AT);
        cache.refresh();
        assertThat(cache.find("acme")).contains("{\"fixed\":true}");
    }

    @Test
    void findWhenMoreEntriesAreUsedThanTheCapacityThenTheLeastRecentlyUsedAreReadAgain() {
        for (int i = 0; i < 5; i++) {
            store.create(RegistryKind.TENANT, "t" + i, "t" + i, null, "{}", AT);
        }
        RegistryCache<String> cache = cache(2);
        cache.find("t0");
        cache.find("t1");
        cache.find("t0");
        cache.find("t2");

        cache.find("t0");
        assertThat(parses).as("t0 stayed: used most recently").hasValue(3);
        cache.find("t1");
        assertThat(parses).as("t1 was dropped for t2").hasValue(4);
    }

    @Test
    void refreshWhenAConnectionChangesThenOnlyItsTenantIsReadAgain() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{}", AT);
        store.create(RegistryKind.TENANT, "globex", "globex", null, "{}", AT);
        RegistryCache<String> cache = cache(10);
        cache.find("acme");
        cache.find("globex");

        store.create(RegistryKind.CONNECTION, "acme-okta", "acme", "saml https://okta.test", "{}", AT);
        cache.refresh();
        cache.find("acme");
        cache.find("globex");

        assertThat(parses).as("acme read again, globex not").hasValue(3);
    }

    @Test
    void findByKeyWhenAConnectionChangesItsKeyThenTheOldKeyFindsNothingAndTheNewOneFindsIt() {
        RegistryCache<String> connections = new RegistryCache<>(store, RegistryKind.CONNECTION, this::parse, 10);
        assertThat(connections.findByKey("saml https://okta.test")).as("none yet, and remembered as none").isEmpty();
        store.create(RegistryKind.CONNECTION, "acme-okta", "acme", "saml https://okta.test", "{\"v\":1}", AT);
        connections.refresh();
        assertThat(connections.findByKey("saml https://okta.test")).contains("{\"v\":1}");
        assertThat(connections.find("acme-okta")).contains("{\"v\":1}");
        assertThat(parses).as("found by key, then by id, parsed once").hasValue(1);

        store.update(RegistryKind.CONNECTION, "acme-okta", 1, "saml https://okta2.test", "{\"v\":2}", AT);
        assertThat(connections.findByKey("saml https://okta.test")).as("until followed").contains("{\"v\":1}");
        connections.refresh();

        assertThat(connections.findByKey("saml https://okta.test")).isEmpty();
        assertThat(connections.findByKey("saml https://okta2.test")).contains("{\"v\":2}");
    }

    @Test
    void findByKeyWhenManyUnknownKeysAreAskedThenKnownEntriesStayParsed() {
        store.create(RegistryKind.CONNECTION, "acme-okta", "acme", "saml https://okta.test", "{}", AT);
        RegistryCache<String> connections = new RegistryCache<>(store, RegistryKind.CONNECTION, this::parse, 10);
        connections.findByKey("saml https://okta.test");
        for (int i = 0; i < 1000; i++) {
            assertThat(connections.findByKey("saml https://forged.test/" + i)).isEmpty();
        }

        assertThat(connections.find("acme-okta")).isPresent();
        assertThat(parses).as("unknown issuers do not push parsed connections out").hasValue(1);
    }

    @Test
    void findWhenAChangeLandsWhileAnEntryIsBeingReadThenTheOldReadIsNotKept() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{\"v\":1}", AT);
        AtomicReference<RegistryCache<String>> self = new AtomicReference<>();
        // The parser stands for a slow read: while it runs, another node writes and this one follows.
        self.set(new RegistryCache<>(store, RegistryKind.TENANT, entry -> {
            if (entry.version() == 1) {
                store.update(RegistryKind.TENANT, "acme", 1, null, "{\"v\":2}", AT);
                self.get().refresh();
            }
            return entry.document();
        }, 10));

        assertThat(self.get().find("acme")).as("this read's answer").contains("{\"v\":1}");
        assertThat(self.get().find("acme")).as("read again: the change came during the first read").contains("{\"v\":2}");
    }
}
