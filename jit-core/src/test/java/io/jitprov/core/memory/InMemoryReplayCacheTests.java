package io.jitprov.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryReplayCacheTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void firstUseWhenSeenBeforeAndUnexpiredThenFalseAfterExpiryTrueAgain() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 10);
        Instant expires = clock.instant().plus(Duration.ofMinutes(5));

        assertThat(cache.firstUse("assertion-1", expires)).isTrue();
        assertThat(cache.firstUse("assertion-1", expires)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.firstUse("assertion-1", clock.instant().plusSeconds(60))).isTrue();
    }

    @Test
    void firstUseWhenFullOfLiveEntriesThenRefusesRatherThanForgets() {
        InMemoryReplayCache cache = new InMemoryReplayCache(clock, 2);
        cache.firstUse("a", clock.instant().plusSeconds(60));
        cache.firstUse("b", clock.instant().plusSeconds(120));

        assertThatThrownBy(() -> cache.firstUse("c", clock.instant().plusSeconds(60)))
                .isInstanceOfSatisfying(JitStoreException.class, e -> assertThat(e.code())
                        .isEqualTo(JitErrorCodes.STORE_UNAVAILABLE));
        assertThat(cache.firstUse("a", clock.instant().plusSeconds(60))).as("still remembered").isFalse();

        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.firstUse("c", clock.instant().plusSeconds(60))).as("the expired one made room").isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void constructorWhenNoRoomThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryReplayCache(clock, 0))
                .withMessage("maxEntries must be at least 1");
        assertThat(new InMemoryReplayCache().size()).isZero();
    }
}
