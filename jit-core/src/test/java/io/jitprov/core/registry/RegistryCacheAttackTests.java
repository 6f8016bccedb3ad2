package io.jitprov.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.memory.InMemoryRegistryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Review attack (issue 15) on a node's view of the registry. */
class RegistryCacheAttackTests {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();

    /** A recursive-descent reader, as JSON parsers are: one frame per nesting level. */
    private static int depth(String text, int at) {
        if (at < text.length() && text.charAt(at) == '[') {
            return 1 + depth(text, at + 1);
        }
        return 0;
    }

    // --- found by a fresh-eyes review, now closed -----------------------------------------------

    @Test
    void findWhenADocumentIsTooDeeplyNestedForTheParserThenOnlyThatEntryIsAbsentAndNothingIsThrown() {
        store.create(RegistryKind.TENANT, "deep", "deep", null, "[".repeat(1_000_000), AT);
        store.create(RegistryKind.TENANT, "fine", "fine", null, "[[]]", AT);
        RegistryCache<Integer> cache = new RegistryCache<>(store, RegistryKind.TENANT,
                entry -> depth(entry.document(), 0), 10);

        // Documented: "An entry whose document no longer parses is, for this node, absent".
        // Observed: the parser's StackOverflowError (an Error, not a RuntimeException) escapes find.
        Optional<Integer> deep = null;
        Throwable thrown = null;
        try {
            deep = cache.find("deep");
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("find must not throw for an unparseable document").isNull();
        assertThat(deep).isEmpty();
        assertThat(cache.find("fine")).contains(2);
    }

    @Test
    void startPollingWhenTheIntervalIsRefusedThenTheCacheCanStillBeStartedWithAGoodOne() {
        store.create(RegistryKind.TENANT, "acme", "acme", null, "{}", AT);
        try (RegistryCache<String> cache = new RegistryCache<>(store, RegistryKind.TENANT, RegistryEntry::document,
                10)) {
            // Sub-millisecond intervals become 0 ms, which the scheduler refuses...
            assertThatIllegalArgumentException().isThrownBy(() -> cache.startPolling(Duration.ofNanos(500_000)));

            // ...but the executor (and its thread) stay assigned: the cache now says it is polling,
            // although nothing ever refreshes it, and a correct call is refused.
            cache.startPolling(Duration.ofMillis(50));
        }
    }

    // --- tried, held ----------------------------------------------------------------------------

    @Test
    void findWhenReadersRaceRefreshesAndWritersThenNoStaleEntrySurvivesARefreshThatSawItsChange() throws Exception {
        int ids = 4;
        for (int i = 0; i < ids; i++) {
            store.create(RegistryKind.TENANT, "t" + i, "t" + i, null, "0", AT);
        }
        RegistryCache<String> cache = new RegistryCache<>(store, RegistryKind.TENANT, RegistryEntry::document, 3);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int offset = r;
                running.add(threads.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        cache.find("t" + ((n + offset) % ids));
                    }
                }));
            }
            running.add(threads.submit(() -> {
                while (!stop.get()) {
                    cache.refresh();
                }
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int round = 0;
            while (System.nanoTime() < deadline) {
                round++;
                for (int i = 0; i < ids; i++) {
                    RegistryEntry current = store.find(RegistryKind.TENANT, "t" + i).orElseThrow();
                    store.update(RegistryKind.TENANT, "t" + i, current.version(), null, Integer.toString(round), AT);
                }
                // A refresh that sees every change so far: nothing older may be served after it.
                cache.refresh();
                for (int i = 0; i < ids; i++) {
                    assertThat(cache.find("t" + i)).as("t%d after round %d", i, round).contains(Integer.toString(round));
                }
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }
}
