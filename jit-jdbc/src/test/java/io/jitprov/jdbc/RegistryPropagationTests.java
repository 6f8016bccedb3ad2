package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.registry.RegistryCache;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL: a change written through one is used by the other within 2 seconds,
 * without a restart, by following the store's changes every 500 ms.
 */
class RegistryPropagationTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.postgres(6);
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void updateWhenWrittenOnOneNodeThenTheOtherUsesItWithinTwoSeconds() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        JdbcRegistryStore nodeA = JdbcRegistryStore.of(dataSource);
        JdbcRegistryStore nodeB = JdbcRegistryStore.of(dataSource);
        nodeA.create(RegistryKind.TENANT, tenant, tenant, null, "{\"seatLimit\":10}", Instant.now());
        try (RegistryCache<String> seenByB = new RegistryCache<>(nodeB, RegistryKind.TENANT, RegistryEntry::document,
                1000)) {
            seenByB.startPolling(Duration.ofMillis(500));
            assertThat(seenByB.find(tenant)).contains("{\"seatLimit\":10}");

            nodeA.update(RegistryKind.TENANT, tenant, 1, null, "{\"seatLimit\":20}", Instant.now());
            long written = System.nanoTime();
            Optional<String> seen = seenByB.find(tenant);
            while (!seen.equals(Optional.of("{\"seatLimit\":20}"))
                    && System.nanoTime() - written < Duration.ofSeconds(2).toNanos()) {
                Thread.sleep(50);
                seen = seenByB.find(tenant);
            }

            assertThat(seen).contains("{\"seatLimit\":20}");
            nodeA.delete(RegistryKind.TENANT, tenant, 2);
            long deleted = System.nanoTime();
            while (seenByB.find(tenant).isPresent() && System.nanoTime() - deleted < Duration.ofSeconds(2).toNanos()) {
                Thread.sleep(50);
            }
            assertThat(seenByB.find(tenant)).isEmpty();
        }
    }
}
