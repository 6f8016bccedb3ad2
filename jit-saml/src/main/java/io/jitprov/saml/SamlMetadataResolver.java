package io.jitprov.saml;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity providers read from metadata sources and kept fresh: metadata is read again when its
 * {@code cacheDuration} or {@code validUntil} says so (within bounds), and at once (at most every
 * 30 seconds) when a message carries a signature no known key verifies, so an IdP's key rotation
 * needs no restart. A failed refresh keeps the keys last read and tries again a minute later.
 *
 * <p>Refreshes happen on the login path, in the thread that notices they are due; other threads
 * go on with the keys they have meanwhile.
 *
 * @since 0.1
 */
public final class SamlMetadataResolver implements SamlIdentityProviders {

    private static final Logger LOG = LoggerFactory.getLogger(SamlMetadataResolver.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final List<Entry> entries;
    private final Clock clock;
    private final HttpClient http;
    private final Duration minRefresh;
    private final Duration maxRefresh;
    private final Duration defaultRefresh;
    private final Duration forcedRefreshInterval;
    private final Duration timeout;
    private final int maxBytes;

    /** One source and what was last read from it. */
    private static final class Entry {
        final SamlMetadataSource source;
        final ReentrantLock lock = new ReentrantLock();
        volatile @Nullable SamlIdentityProvider idp;
        volatile Instant nextRefresh = Instant.MIN;
        volatile Instant lastForced = Instant.MIN;
        volatile @Nullable String lastFailure;

        Entry(SamlMetadataSource source) {
            this.source = source;
        }
    }

    private SamlMetadataResolver(Builder b) {
        this.clock = b.clock;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.minRefresh = b.minRefresh;
        this.maxRefresh = b.maxRefresh;
        this.defaultRefresh = b.defaultRefresh;
        this.forcedRefreshInterval = b.forcedRefreshInterval;
        this.timeout = b.timeout;
        this.maxBytes = b.maxBytes;
        List<Entry> list = new ArrayList<>();
        b.sources.forEach(source -> list.add(new Entry(source)));
        this.entries = List.copyOf(list);
    }

    /** Starts a resolver; at least one source is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<SamlIdentityProvider> find(String entityId) {
        for (Entry entry : entries) {
            SamlIdentityProvider known = entry.idp;
            if (known == null || known.entityId().equals(entityId)) {
                refreshIfDue(entry);
                SamlIdentityProvider current = entry.idp;
                if (current != null && current.entityId().equals(entityId)) {
                    return Optional.of(current);
                }
            }
        }
        return Optional.empty();
    }

    /** The entityIDs of the identity providers whose metadata has been read. */
    public Set<String> entityIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Entry entry : entries) {
            SamlIdentityProvider idp = entry.idp;
            if (idp != null) {
                ids.add(idp.entityId());
            }
        }
        return ids;
    }

    @Override
    public Optional<SamlIdentityProvider> refreshKeys(String entityId) {
        for (Entry entry : entries) {
            SamlIdentityProvider known = entry.idp;
            if (known != null && known.entityId().equals(entityId) && entry.source.refreshable()) {
                // Within the fetch timeout, or not at all: a stalled metadata URL must not queue every login.
                if (!lockWithin(entry, timeout)) {
                    return Optional.ofNullable(entry.idp);
                }
                try {
                    Instant now = clock.instant();
                    if (now.isBefore(entry.lastForced.plus(forcedRefreshInterval))) {
                        return Optional.ofNullable(entry.idp);
                    }
                    entry.lastForced = now;
                    load(entry, now);
                    return Optional.ofNullable(entry.idp);
                } finally {
                    entry.lock.unlock();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean lockWithin(Entry entry, Duration timeout) {
        try {
            return entry.lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void refreshIfDue(Entry entry) {
        if (clock.instant().isBefore(entry.nextRefresh) || !entry.lock.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (!now.isBefore(entry.nextRefresh)) {
                load(entry, now);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    /** Reads the source; on failure keeps what it had. Called with the entry's lock held. */
    private void load(Entry entry, Instant now) {
        try {
            String xml = entry.source.read(http, maxBytes, timeout);
            SamlMetadata.Parsed parsed = SamlMetadata.parse(xml, entry.source.entityId(), entry.source.signers());
            SamlIdentityProvider idp = entry.source.configure(parsed.identityProvider()).build();
            SamlIdentityProvider previous = entry.idp;
            if (previous != null && !previous.entityId().equals(idp.entityId())) {
                throw new IllegalArgumentException("entityID changed from [" + previous.entityId() + "] to ["
                        + idp.entityId() + "]");
            }
            entry.idp = idp;
            entry.lastFailure = null;
            entry.nextRefresh = entry.source.refreshable() ? now.plus(interval(parsed, now)) : Instant.MAX;
        } catch (IOException | RuntimeException e) {
            entry.nextRefresh = now.plus(RETRY_AFTER_FAILURE);
            entry.lastFailure = e.getMessage();
            LOG.warn("Reading SAML metadata from {} failed ({}); {}", entry.source, e.getMessage(),
                    entry.idp == null ? "the IdP stays unavailable" : "keeping the keys read before");
        }
    }

    private Duration interval(SamlMetadata.Parsed parsed, Instant now) {
        Duration interval = parsed.cacheDuration() != null ? parsed.cacheDuration() : defaultRefresh;
        if (parsed.validUntil() != null) {
            Duration untilInvalid = Duration.between(now, parsed.validUntil());
            interval = untilInvalid.compareTo(interval) < 0 ? untilInvalid : interval;
        }
        if (interval.compareTo(minRefresh) < 0) {
            return minRefresh;
        }
        return interval.compareTo(maxRefresh) > 0 ? maxRefresh : interval;
    }

    /** Configures a {@link SamlMetadataResolver}. */
    public static final class Builder {

        private final List<SamlMetadataSource> sources = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private @Nullable HttpClient http;
        private Duration minRefresh = Duration.ofMinutes(5);
        private Duration maxRefresh = Duration.ofHours(24);
        private Duration defaultRefresh = Duration.ofHours(6);
        private Duration forcedRefreshInterval = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(10);
        private int maxBytes = 10 * 1024 * 1024;

        private Builder() {
        }

        /** Adds an IdP's metadata source. */
        public Builder source(SamlMetadataSource source) {
            sources.add(Objects.requireNonNull(source, "source cannot be null"));
            return this;
        }

        /** The clock refresh times are computed with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The client for URL sources; by default one with a 10 s connect timeout that follows https redirects. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http cannot be null");
            return this;
        }

        /** Bounds on how often metadata is read again, whatever it says (5 minutes to 24 hours by default). */
        public Builder refreshBounds(Duration min, Duration max) {
            if (min.isNegative() || min.compareTo(max) > 0) {
                throw new IllegalArgumentException("refreshBounds need 0 <= min <= max");
            }
            this.minRefresh = min;
            this.maxRefresh = max;
            return this;
        }

        /** How often to read metadata that states no cache duration; 6 hours by default. */
        public Builder defaultRefresh(Duration interval) {
            this.defaultRefresh = Objects.requireNonNull(interval, "interval cannot be null");
            return this;
        }

        /** The least time between two reads caused by unknown signing keys; 30 seconds by default. */
        public Builder forcedRefreshInterval(Duration interval) {
            this.forcedRefreshInterval = Objects.requireNonNull(interval, "interval cannot be null");
            return this;
        }

        /** How long a metadata download may take. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
            return this;
        }

        /** The largest metadata document read; 10 MiB by default. */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Reads every source once. Text and file sources that cannot be read are configuration
         * errors; an unreachable URL is logged and tried again on use.
         *
         * @throws IllegalArgumentException when a text or file source is not usable metadata
         */
        public SamlMetadataResolver build() {
            SamlMetadataResolver resolver = new SamlMetadataResolver(this);
            for (Entry entry : resolver.entries) {
                entry.lock.lock();
                try {
                    resolver.load(entry, resolver.clock.instant());
                } finally {
                    entry.lock.unlock();
                }
                if (entry.idp == null && !entry.source.remote()) {
                    throw new IllegalArgumentException("SAML metadata from " + entry.source + " is not usable: "
                            + entry.lastFailure);
                }
            }
            return resolver;
        }
    }
}
