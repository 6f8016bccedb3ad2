package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcReplayCacheTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }

    private JdbcReplayCache cache(String database) {
        HikariDataSource pool = "postgres".equals(database) ? TestDatabases.postgres(8) : TestDatabases.h2InMemory();
        pools.add(pool);
        return JdbcReplayCache.of(pool, "jit_", clock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void firstUseWhenSeenBeforeItExpiresThenFalseAndAfterThenTrueAgain(String database) {
        JdbcReplayCache cache = cache(database);
        String key = "saml|idp|" + UUID.randomUUID();

        assertThat(cache.firstUse(key, clock.instant().plusSeconds(300))).isTrue();
        assertThat(cache.firstUse(key, clock.instant().plusSeconds(300))).isFalse();

        clock.advance(Duration.ofSeconds(301));
        assertThat(cache.firstUse(key, clock.instant().plusSeconds(300))).isTrue();
        assertThat(cache.firstUse(key, clock.instant().plusSeconds(300))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void firstUseWhen16ThreadsPresentOneValueThenExactlyOneIsFirst(String database) throws Exception {
        JdbcReplayCache cache = cache(database);
        String key = "oidc|idp|" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.firstUse(key, clock.instant().plusSeconds(300));
                }));
            }
            start.countDown();
            int first = 0;
            for (Future<Boolean> result : results) {
                first += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(first).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
