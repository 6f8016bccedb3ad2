package io.jitprov.core.memory;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.ReplayCache;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ReplayCache} in this JVM's memory, bounded: when it holds {@code maxEntries} live
 * entries it refuses to answer ({@link JitStoreException}) rather than forget one early, because
 * forgetting is what would let a replay through. For one node; several nodes share a JDBC cache.
 *
 * @since 0.1
 */
public final class InMemoryReplayCache implements ReplayCache {

    /** Entries held at most unless configured otherwise. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final Map<String, Instant> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    /** A cache on the system clock holding at most {@link #DEFAULT_MAX_ENTRIES} entries. */
    public InMemoryReplayCache() {
        this(Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
    }

    /** A cache on {@code clock} holding at most {@code maxEntries}; when full, it refuses rather than forgets. */
    public InMemoryReplayCache(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        Instant now = clock.instant();
        Instant known = entries.get(key);
        if (known != null && known.isAfter(now)) {
            return false; // a replay is a replay, full cache or not
        }
        if (entries.size() >= maxEntries) {
            evictExpired(now);
            if (entries.size() >= maxEntries) {
                throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE,
                        "Replay cache holds " + maxEntries + " unexpired entries and cannot take more");
            }
        }
        boolean[] first = {false};
        entries.compute(key, (k, existing) -> {
            if (existing == null || !existing.isAfter(now)) {
                first[0] = true;
                return expiresAt;
            }
            return existing;
        });
        return first[0];
    }

    /** Entries currently held, expired ones included until the next eviction. */
    public int size() {
        return entries.size();
    }

    private void evictExpired(Instant now) {
        for (Iterator<Instant> it = entries.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
    }
}
