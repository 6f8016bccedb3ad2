package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.internal.RemoteCopy;
import io.jitprov.core.wiring.RefreshListener;
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
import org.jspecify.annotations.Nullable;

/**
 * Identity providers read from metadata sources and kept fresh: metadata is read again when its
 * {@code cacheDuration} or {@code validUntil} says so (within bounds), and at once (at most every
 * 30 seconds) when a message carries a signature no known key verifies, so an IdP's key rotation
 * needs no restart. A failed read keeps the keys last read and tries again later (10 seconds,
 * doubling up to 5 minutes).
 *
 * <p>A URL source that names its IdP ({@link SamlMetadataSource.Builder#entityId}) is read on the
 * first login through that IdP, not at start: an IdP that does not answer stops nothing, and
 * delays only its own logins, by at most {@link Builder#timeout}. Until its metadata could be read,
 * {@link #find} refuses its logins with {@link JitErrorCodes#IDP_UNAVAILABLE}. Refreshes happen on
 * the login path, in the thread that notices they are due; other threads go on with the keys they
 * have meanwhile.
 *
 * @since 0.1
 */
public final class SamlMetadataResolver implements SamlIdentityProviders {

    /** How long a text source's metadata is kept: it never changes. */
    private static final Duration FOREVER = Duration.ofDays(36_500);

    private final List<Entry> entries;
    private final Clock clock;
    private final HttpClient http;
    private final Duration minRefresh;
    private final Duration maxRefresh;
    private final Duration defaultRefresh;
    private final Duration forcedRefreshInterval;
    private final Duration timeout;
    private final int maxBytes;

    /** One source and the last good copy of what it says. */
    private record Entry(SamlMetadataSource source, RemoteCopy<SamlIdentityProvider> copy) {

        /** Whether this source describes {@code entityId}: it says so, or its metadata did. */
        boolean describes(String entityId) {
            String named = source.entityId();
            return named != null ? named.equals(entityId)
                    : copy.peek().map(idp -> idp.entityId().equals(entityId)).orElse(false);
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
        for (SamlMetadataSource source : b.sources) {
            list.add(new Entry(source, new RemoteCopy<>("SAML metadata from " + source, previous -> read(source,
                    previous), clock, timeout, (idp, failure) -> b.listener.refreshed(refresh(source, idp, failure)))));
        }
        this.entries = List.copyOf(list);
    }

    /** Starts a resolver; at least one source is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws JitAuthenticationException {@link JitErrorCodes#IDP_UNAVAILABLE} when {@code entityId}
     *         is one of this resolver's IdPs but its metadata could not be read
     */
    @Override
    public Optional<SamlIdentityProvider> find(String entityId) {
        for (Entry entry : entries) {
            if (entry.describes(entityId)) {
                Optional<SamlIdentityProvider> idp = entry.copy().get().filter(i -> i.entityId().equals(entityId));
                if (idp.isEmpty()) {
                    throw new JitAuthenticationException(JitErrorCodes.IDP_UNAVAILABLE, "The metadata of IdP ["
                            + entityId + "] could not be read: " + entry.copy().lastFailure().orElse("not read yet"));
                }
                return idp;
            }
        }
        // Sources that do not say which IdP they describe, and could not be read so far.
        for (Entry entry : entries) {
            if (entry.source().entityId() == null && entry.copy().peek().isEmpty()) {
                Optional<SamlIdentityProvider> idp = entry.copy().get().filter(i -> i.entityId().equals(entityId));
                if (idp.isPresent()) {
                    return idp;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why the last read of {@code entityId}'s metadata failed, while no later read succeeded:
     * whoever runs the IdP learns that its metadata URL stopped answering before its keys change.
     */
    public Optional<String> refreshFailure(String entityId) {
        return entries.stream().filter(entry -> entry.describes(entityId)).findFirst()
                .flatMap(entry -> entry.copy().lastFailure());
    }

    /** Whether {@code entityId}'s metadata is read from a URL, and so refreshed. */
    public boolean refreshed(String entityId) {
        return entries.stream().anyMatch(entry -> entry.describes(entityId) && entry.source().refreshable());
    }

    /** The entityIDs of the identity providers this resolver serves: named by their source, or read. */
    public Set<String> entityIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Entry entry : entries) {
            String named = entry.source().entityId();
            if (named != null) {
                ids.add(named);
            } else {
                entry.copy().peek().ifPresent(idp -> ids.add(idp.entityId()));
            }
        }
        return ids;
    }

    @Override
    public Optional<SamlIdentityProvider> refreshKeys(String entityId) {
        for (Entry entry : entries) {
            if (entry.describes(entityId) && entry.source().refreshable()) {
                // Within the fetch timeout, or not at all: a stalled metadata URL must not queue every login.
                return entry.copy().readNow(forcedRefreshInterval).filter(idp -> idp.entityId().equals(entityId));
            }
        }
        return Optional.empty();
    }

    /**
     * One read, told under the same name whether it failed or not: the entity ID the source names,
     * else the one its metadata gave (a URL source that names none is told by its URL, which stays
     * the same when a first read fails and a later one succeeds).
     */
    private RefreshListener.Refresh refresh(SamlMetadataSource source, @Nullable SamlIdentityProvider idp,
            @Nullable String failure) {
        String named = source.entityId();
        String name = named != null ? named : source.remote() ? source.toString()
                : idp != null ? idp.entityId() : source.toString();
        Instant firstExpiry = idp == null ? null : idp.signingCertificates().stream()
                .map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElse(null);
        return new RefreshListener.Refresh(RefreshListener.Document.SAML_METADATA, name, failure, firstExpiry);
    }

    private RemoteCopy.Fresh<SamlIdentityProvider> read(SamlMetadataSource source,
            @Nullable SamlIdentityProvider previous) throws IOException {
        String xml = source.read(http, maxBytes, timeout);
        SamlMetadata.Parsed parsed = SamlMetadata.parse(xml, source.entityId(), source.signers());
        SamlIdentityProvider idp = source.configure(parsed.identityProvider()).build();
        if (previous != null && !previous.entityId().equals(idp.entityId())) {
            throw new IllegalArgumentException("entityID changed from [" + previous.entityId() + "] to ["
                    + idp.entityId() + "]");
        }
        Instant now = clock.instant();
        return new RemoteCopy.Fresh<>(idp, source.refreshable() ? interval(parsed, now) : FOREVER);
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
        private Duration timeout = Duration.ofSeconds(5);
        private int maxBytes = 10 * 1024 * 1024;
        private RefreshListener listener = RefreshListener.NONE;

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

        /** The client for URL sources; by default one with the {@link #timeout} to connect that follows https redirects. */
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

        /** How long a metadata download may take, and a login wait for one under way; 5 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** Told of each read of a source's metadata: whether it succeeded, and when its certificates expire. */
        public Builder refreshListener(RefreshListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /** The largest metadata document read; 10 MiB by default. */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Reads the text and file sources, and the URL sources that do not name their IdP (to learn
         * it); a URL source that names its IdP is read on its first use.
         *
         * @throws IllegalArgumentException when a text or file source is not usable metadata
         */
        public SamlMetadataResolver build() {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("A metadata resolver needs at least one source");
            }
            SamlMetadataResolver resolver = new SamlMetadataResolver(this);
            for (Entry entry : resolver.entries) {
                if (!entry.source().remote()) {
                    entry.copy().get().orElseThrow(() -> new IllegalArgumentException("SAML metadata from "
                            + entry.source() + " is not usable: " + entry.copy().lastFailure().orElse("")));
                } else if (entry.source().entityId() == null) {
                    entry.copy().get();
                }
            }
            return resolver;
        }
    }
}
