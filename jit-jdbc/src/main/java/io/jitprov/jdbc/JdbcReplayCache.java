package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.ReplayCache;
import io.jitprov.core.internal.Sha256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link ReplayCache} in the application's database ({@code jit_replay}), shared by every node:
 * the primary key decides which node saw a value first. Keys are stored hashed (SHA-256), so
 * their length is bounded and no assertion ID or token ID is kept in clear. Expired entries are
 * removed every thousand inserts.
 *
 * @since 0.1
 */
public final class JdbcReplayCache implements ReplayCache {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int PURGE_EVERY = 1000;

    private final DataSource dataSource;
    private final Clock clock;
    private final String insert;
    private final String rearm;
    private final String purge;
    private final AtomicLong inserts = new AtomicLong();

    private JdbcReplayCache(DataSource dataSource, Clock clock, JdbcTables tables) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.insert = tables.sql("INSERT INTO %TABLE_PREFIX%replay (key_hash, expires_at) VALUES (?, ?)");
        this.rearm = tables.sql("UPDATE %TABLE_PREFIX%replay SET expires_at = ? WHERE key_hash = ? AND expires_at <= ?");
        this.purge = tables.sql("DELETE FROM %TABLE_PREFIX%replay WHERE expires_at <= ?");
    }

    /** Used IDs in {@code jit_replay} through {@code dataSource}, on the system clock. */
    public static JdbcReplayCache of(DataSource dataSource) {
        return of(dataSource, JdbcTables.DEFAULT_PREFIX, Clock.systemUTC());
    }

    /** Used IDs in the replay table of the tables named with {@code tablePrefix}, on {@code clock}. */
    public static JdbcReplayCache of(DataSource dataSource, String tablePrefix, Clock clock) {
        return new JdbcReplayCache(Objects.requireNonNull(dataSource, "dataSource cannot be null"),
                Objects.requireNonNull(clock, "clock cannot be null"), new JdbcTables(tablePrefix));
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        String hash = Sha256.hex(key);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(insert)) {
                s.setString(1, hash);
                s.setObject(2, JdbcTimes.utc(expiresAt));
                s.executeUpdate();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // Seen before: a first use again only if that entry has expired (and nobody else re-armed it).
                try (PreparedStatement s = c.prepareStatement(rearm)) {
                    s.setObject(1, JdbcTimes.utc(expiresAt));
                    s.setString(2, hash);
                    s.setObject(3, JdbcTimes.utc(now));
                    return s.executeUpdate() == 1;
                }
            }
            if (inserts.incrementAndGet() % PURGE_EVERY == 0) {
                try (PreparedStatement s = c.prepareStatement(purge)) {
                    s.setObject(1, JdbcTimes.utc(now));
                    s.executeUpdate();
                }
            }
            return true;
        } catch (SQLException e) {
            throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "The replay cache failed: " + e.getMessage(), e);
        }
    }
}
