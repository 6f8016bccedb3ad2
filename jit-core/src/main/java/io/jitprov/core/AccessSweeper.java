package io.jitprov.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The periodic job that keeps the stored state honest: grants past their expiry are marked
 * expired (and audited), requests nobody approved in time expire. Access never depends on it:
 * every check compares grants with the clock, so a sweeper that runs late, or not at all, cannot
 * extend anything. Run {@link #sweep()} every minute or so from a scheduler; several nodes may
 * run it at once (each grant ends once).
 *
 * @since 0.1
 */
public final class AccessSweeper {

    private final Elevation elevation;
    private final int batch;

    private AccessSweeper(Builder b) {
        this.elevation = Objects.requireNonNull(b.elevation, "elevation must be set");
        this.batch = b.batch;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What one sweep did.
     *
     * @param grantsEnded grants and requests marked expired
     */
    public record Report(int grantsEnded) {
    }

    /** Runs one sweep, in batches until nothing is due. */
    public Report sweep() {
        int total = 0;
        int ended;
        do {
            ended = elevation.expireDue(batch);
            total += ended;
        } while (ended >= batch);
        return new Report(total);
    }

    /** Configures an {@link AccessSweeper}. */
    public static final class Builder {

        private @Nullable Elevation elevation;
        private int batch = 500;

        private Builder() {
        }

        public Builder elevation(Elevation elevation) {
            this.elevation = elevation;
            return this;
        }

        /** How many grants one store query returns; 500 by default. */
        public Builder batch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive, not " + batch);
            }
            this.batch = batch;
            return this;
        }

        public AccessSweeper build() {
            return new AccessSweeper(this);
        }
    }
}
