package io.jitprov.servlet;

import io.jitprov.core.provisioning.AccessSweeper;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an {@link AccessSweeper} on a daemon thread from filter start to filter stop. */
final class Sweeps {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeps.class);

    private @Nullable ScheduledExecutorService executor;

    synchronized void start(AccessSweeper sweeper, Duration interval) {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jit-access-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweep();
            } catch (RuntimeException e) {
                LOG.warn("The access sweep failed; it runs again in {}", interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
