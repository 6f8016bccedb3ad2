package io.jitprov.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand; shared with the other modules' tests through the test-jar.
 *
 * @since 0.1
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock showing {@code start} until moved. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** A clock showing the ISO-8601 {@code instant} until moved. */
    public static MutableClock at(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
