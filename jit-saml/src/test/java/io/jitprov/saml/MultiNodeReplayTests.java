package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.jdbc.JdbcReplayCache;
import io.jitprov.jdbc.TestDatabases;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** One SAML response posted to two nodes at once: the shared PostgreSQL replay cache lets one through. */
class MultiNodeReplayTests {

    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }

    private SamlVerifier node() {
        HikariDataSource pool = TestDatabases.postgres(4);
        pools.add(pool);
        Clock clock = Clock.fixed(TestResponse.NOW, ZoneOffset.UTC);
        return SamlFixture.verifier(SamlFixture.idp().build())
                .replayCache(JdbcReplayCache.of(pool, "jit_", clock)).build();
    }

    @RepeatedTest(3)
    void verifyWhenOneAssertionReachesTwoNodesAtOnceThenAcceptedOnce() throws Exception {
        SamlVerifier first = node();
        SamlVerifier second = node();
        String response = TestResponse.valid().base64();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SamlVerifier node = i % 2 == 0 ? first : second;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    try {
                        return node.verify(response, SamlFixture.request()).subject();
                    } catch (JitAuthenticationException e) {
                        return e.error().code();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn("alice-0001"::equals).hasSize(1);
            assertThat(results).filteredOn(JitErrorCodes.REPLAYED::equals).hasSize(7);
        } finally {
            threads.shutdownNow();
        }
    }
}
