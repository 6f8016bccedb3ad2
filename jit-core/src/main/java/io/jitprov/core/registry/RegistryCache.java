package io.jitprov.core.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node knows of the registry's entries of one kind, parsed, and kept current by following
 * the store's changes ({@link #refresh}, or {@link #startPolling} every second or so). Nothing is
 * read at start: an entry is read and parsed on first use, and dropped when a change names it, so
 * the next use reads it again. At most {@code capacity} parsed entries are kept, the least recently
 * used going first.
 *
 * <p>A tenant is also read again when one of its connections changes (what the tenant's parser
 * makes of it may include its connections). A connection can be found by its {@link
 * RegistryEntry#key key} too (its IdP), through the same bounded cache.
 *
 * <p>An entry whose document no longer parses is, for this node, absent (its tenant's logins are
 * refused as for an unknown tenant) and logged once per version; every other entry is unaffected.
 *
 * @param <T> what a document is parsed into (a tenant, a connection)
 * @since 0.1
 */
public final class RegistryCache<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCache.class);
    private static final int CHANGES_PER_READ = 500;

    private final RegistryStore store;
    private final RegistryKind kind;
    private final Function<RegistryEntry, T> parser;
    private final Map<String, Optional<T>> parsed;
    /** Which entry holds a key, or none: asked by whoever presents a key, so bounded like {@code parsed}. */
    private final Map<String, Optional<String>> idsByKey;
    private final Object lock = new Object();
    /** The last change applied; changes after it are read by {@link #refresh}. */
    private long cursor;
    /** Counts invalidations: a read that started before one must not be cached after it. */
    private long generation;
    private ScheduledExecutorService poller;

    /**
     * @param parser turns a stored document into what the node uses; throws
     *     (IllegalArgumentException) when the document is not valid
     * @param capacity how many parsed entries are kept at most
     */
    public RegistryCache(RegistryStore store, RegistryKind kind, Function<RegistryEntry, T> parser, int capacity) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.kind = Objects.requireNonNull(kind, "kind cannot be null");
        this.parser = Objects.requireNonNull(parser, "parser cannot be null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.parsed = bounded(capacity);
        this.idsByKey = bounded(capacity);
        this.cursor = store.lastChange();
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The entry with this id, parsed; empty when there is none or its document does not parse. */
    public Optional<T> find(String id) {
        long seenGeneration;
        synchronized (lock) {
            Optional<T> known = parsed.get(id);
            if (known != null) {
                return known;
            }
            seenGeneration = generation;
        }
        Optional<T> loaded = store.find(kind, id).flatMap(this::parse);
        synchronized (lock) {
            if (generation == seenGeneration) {
                parsed.put(id, loaded);
            }
        }
        return loaded;
    }

    /** The entry holding {@code key}, parsed; empty when none does or its document does not parse. */
    public Optional<T> findByKey(String key) {
        if (key.length() > RegistryEntry.MAX_KEY_LENGTH) {
            return Optional.empty(); // no entry has it, and remembering it would let a sender fill memory
        }
        long seenGeneration;
        synchronized (lock) {
            Optional<String> known = idsByKey.get(key);
            if (known != null) {
                if (known.isEmpty()) {
                    return Optional.empty();
                }
                Optional<T> entry = parsed.get(known.get());
                if (entry != null) {
                    return entry;
                }
            }
            seenGeneration = generation;
        }
        Optional<RegistryEntry> entry = store.findByKey(kind, key);
        Optional<T> loaded = entry.flatMap(this::parse);
        synchronized (lock) {
            if (generation == seenGeneration) {
                idsByKey.put(key, entry.map(RegistryEntry::id));
                entry.ifPresent(e -> parsed.put(e.id(), loaded));
            }
        }
        return loaded;
    }

    /**
     * Applies the changes committed since the last refresh: every entry they name is dropped, to be
     * read again on its next use. Returns how many changes were applied.
     */
    public int refresh() {
        int applied = 0;
        while (true) {
            long from;
            synchronized (lock) {
                from = cursor;
            }
            List<RegistryChange> changes = store.changesSince(from, CHANGES_PER_READ);
            if (changes.isEmpty()) {
                return applied;
            }
            synchronized (lock) {
                for (RegistryChange change : changes) {
                    if (change.sequence() > cursor) {
                        forget(change);
                        cursor = change.sequence();
                        applied++;
                    }
                }
            }
            if (changes.size() < CHANGES_PER_READ) {
                return applied;
            }
        }
    }

    private void forget(RegistryChange change) {
        if (kind == RegistryKind.TENANT) {
            parsed.remove(change.tenantId());
            generation++;
        } else if (change.kind() == kind) {
            parsed.remove(change.id());
            // The entry may have let go of its key, and a key no entry held may now have one.
            idsByKey.values().removeIf(id -> id.isEmpty() || id.get().equals(change.id()));
            generation++;
        }
    }

    /**
     * Calls {@link #refresh} every {@code interval} on a daemon thread of its own, until
     * {@link #close}. A failing refresh (the database away) is logged and tried again at the next
     * tick; what the node knows meanwhile stays in use.
     */
    public void startPolling(Duration interval) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, not " + interval);
        }
        synchronized (lock) {
            if (poller != null) {
                throw new IllegalStateException("Already polling");
            }
            poller = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "jit-registry-" + kind.name().toLowerCase(Locale.ROOT));
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (poller != null) {
                poller.shutdownNow();
                poller = null;
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Following the registry's changes failed ({}); trying again at the next tick", e.getMessage());
        }
    }

    private Optional<T> parse(RegistryEntry entry) {
        try {
            return Optional.of(parser.apply(entry));
        } catch (RuntimeException | StackOverflowError e) {
            // A document nested deeper than the parser's stack is as invalid as any other.
            LOG.warn("{} [{}] version {} is not valid and is ignored on this node: {}", entry.kind(), entry.id(),
                    entry.version(), e instanceof StackOverflowError ? "nested too deeply" : e.getMessage());
            return Optional.empty();
        }
    }
}
