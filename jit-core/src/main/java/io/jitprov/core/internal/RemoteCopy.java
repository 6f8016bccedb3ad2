package io.jitprov.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last good copy of something read over the network (an IdP's metadata, an OpenID provider's
 * discovery document), read again when it is due. A failed read keeps the copy and waits longer
 * before the next try: 10 seconds, doubling up to 5 minutes, so an IdP that is down is neither
 * hammered nor forgotten, and is used again on its own once it answers.
 *
 * <p>One thread reads at a time. A copy that is due is read again in the background: nobody
 * waits for it. While there is no copy yet, callers wait for the read under way at most
 * {@code wait}, then go on without. Nothing is read before the first {@link #get}: an IdP nobody
 * signs in with costs nothing, and one that does not answer delays only the logins that need it.
 */
public final class RemoteCopy<T> {

    /** Reads a fresh copy; {@code previous} is the copy kept so far, for checks against it. */
    @FunctionalInterface
    public interface Reader<T> {
        Fresh<T> read(@Nullable T previous) throws IOException;
    }

    /** Told after each read: the fresh copy, or why the read failed. */
    @FunctionalInterface
    public interface ReadListener<T> {
        void read(@Nullable T fresh, @Nullable String failure);
    }

    /** A copy and how long it may be used before it is read again. */
    public record Fresh<T>(T value, Duration keepFor) {
        public Fresh {
            Objects.requireNonNull(value, "value cannot be null");
            Objects.requireNonNull(keepFor, "keepFor cannot be null");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCopy.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    /** Reads due copies again off the login path; a few daemon threads for the whole JVM. */
    private static final Executor BACKGROUND = background();

    private final String what;
    private final Reader<T> reader;
    private final Clock clock;
    private final Duration wait;
    private final Executor refresher;
    private final ReadListener<T> onRead;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile @Nullable T copy;
    private volatile Instant due = Instant.MIN;
    private volatile Instant lastForced = Instant.MIN;
    private volatile int failures;
    private volatile @Nullable String lastFailure;

    /**
     * @param what what is read, for the log (never a secret)
     * @param wait how long a caller waits for a read under way when there is no copy yet
     */
    public RemoteCopy(String what, Reader<T> reader, Clock clock, Duration wait) {
        this(what, reader, clock, wait, (fresh, failure) -> { });
    }

    /**
     * @param onRead told after each read what it read, or why it failed (for metrics and health); what
     *     it throws is logged and ignored
     */
    public RemoteCopy(String what, Reader<T> reader, Clock clock, Duration wait, ReadListener<T> onRead) {
        this(what, reader, clock, wait, onRead, BACKGROUND);
    }

    /** @param refresher where a due copy is read again while callers go on with the old one */
    RemoteCopy(String what, Reader<T> reader, Clock clock, Duration wait, ReadListener<T> onRead,
            Executor refresher) {
        this.what = Objects.requireNonNull(what, "what cannot be null");
        this.reader = Objects.requireNonNull(reader, "reader cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.wait = Durations.notNegative("wait", wait);
        this.onRead = Objects.requireNonNull(onRead, "onRead cannot be null");
        this.refresher = Objects.requireNonNull(refresher, "refresher cannot be null");
    }

    /**
     * The copy; empty while none could be read. The first copy is read here (waiting at most
     * {@code wait} for a read under way); a copy that is due is read again in the background, and
     * this call, like every other meanwhile, gets the copy as it is.
     */
    public Optional<T> get() {
        // due before copy: a read sets the copy first and due after it, so whoever sees the new due
        // sees the new copy too (read the other way round, a copy could look absent but fresh).
        Instant dueAt = due;
        T kept = copy;
        if (clock.instant().isBefore(dueAt)) {
            return Optional.ofNullable(kept);
        }
        if (kept != null) {
            refreshInBackground();
            return Optional.of(kept);
        }
        if (!lockWithin(wait)) {
            return Optional.ofNullable(copy);
        }
        try {
            if (copy == null && !clock.instant().isBefore(due)) {
                read();
            }
            return Optional.ofNullable(copy);
        } finally {
            lock.unlock();
        }
    }

    private static Executor background() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                task -> {
                    Thread thread = new Thread(task, "jit-idp-refresh");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.execute(() -> {
                lock.lock();
                try {
                    if (!clock.instant().isBefore(due)) {
                        read();
                    }
                } finally {
                    lock.unlock();
                    refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
        }
    }

    /**
     * Reads again now, however fresh the copy (a signature by a key the copy does not have), unless
     * that was done less than {@code minInterval} ago or a failed read waits for its next try.
     */
    public Optional<T> readNow(Duration minInterval) {
        if (!lockWithin(wait)) {
            return Optional.ofNullable(copy);
        }
        try {
            Instant now = clock.instant();
            boolean failing = failures > 0 && now.isBefore(due);
            if (!failing && !now.isBefore(lastForced.plus(minInterval))) {
                lastForced = now;
                read();
            }
            return Optional.ofNullable(copy);
        } finally {
            lock.unlock();
        }
    }

    /** The copy as it is, without reading. */
    public Optional<T> peek() {
        return Optional.ofNullable(copy);
    }

    /** Why the last read failed, while the next one has not succeeded. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Called with the lock held. */
    private void read() {
        Instant now = clock.instant();
        T previous = copy;
        try {
            Fresh<T> fresh = reader.read(previous);
            copy = fresh.value();
            failures = 0;
            lastFailure = null;
            due = now.plus(fresh.keepFor());
            tell(fresh.value(), null);
        } catch (IOException | RuntimeException e) {
            failures++;
            // A refused connection says nothing more than its class.
            lastFailure = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            Duration retry = retryAfter(failures);
            due = now.plus(retry);
            LOG.warn("Reading {} failed ({}); {}, next try in {} s", what, lastFailure,
                    previous == null ? "nothing was read before" : "keeping the copy read before", retry.toSeconds());
            tell(null, lastFailure);
        }
    }

    private void tell(@Nullable T fresh, @Nullable String failure) {
        try {
            onRead.read(fresh, failure);
        } catch (RuntimeException e) {
            LOG.warn("The listener of reads of {} failed: {}", what, e.toString());
        }
    }

    static Duration retryAfter(int failures) {
        Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return retry.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry;
    }

    private boolean lockWithin(Duration timeout) {
        try {
            return lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
