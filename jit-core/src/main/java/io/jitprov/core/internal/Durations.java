package io.jitprov.core.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks every builder makes of the durations it is given, in the same words everywhere. */
public final class Durations {

    private Durations() {
    }

    /** {@code value}, refused when zero or negative. */
    public static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name + " cannot be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    /** {@code value}, refused when negative. */
    public static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name + " cannot be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative, not " + value);
        }
        return value;
    }
}
