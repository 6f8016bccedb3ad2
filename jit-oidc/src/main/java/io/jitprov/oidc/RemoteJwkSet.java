package io.jitprov.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.BoundedHttp;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID provider's {@code jwks_uri}, fetched and cached for as long as its
 * {@code Cache-Control: max-age} says (within a floor and a ceiling; one hour when it says
 * nothing). A token with an unknown {@code kid} causes one re-fetch, at most once per
 * {@code minRefreshInterval}, so a flood of invented key IDs cannot hammer the provider. When a
 * fetch fails the last good set stays in use; a refusal comes only when no set was ever read.
 *
 * @since 0.1
 */
public final class RemoteJwkSet implements JwkSetSource {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwkSet.class);
    private static final int MAX_BYTES = 512 * 1024;
    private static final String ACCEPT = "application/jwk-set+json, application/json";

    private final URI uri;
    private final HttpClient http;
    private final Clock clock;
    private final Duration floor;
    private final Duration ceiling;
    private final Duration defaultTtl;
    private final Duration minRefreshInterval;
    private final Duration timeout;
    private final @Nullable OutboundPolicy outbound;
    private final RefreshListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable JWKSet keys;
    private volatile Instant expiresAt = Instant.MIN;
    private volatile Instant lastFetch = Instant.MIN;
    // Only fetches caused by unknown key IDs count against their rate limit, so a rotation just
    // after a routine fetch is still picked up at once.
    private volatile Instant lastForcedFetch = Instant.MIN;

    private RemoteJwkSet(Builder b) {
        this.uri = b.uri;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.clock = b.clock;
        this.floor = b.floor;
        this.ceiling = b.ceiling;
        this.defaultTtl = b.defaultTtl;
        this.minRefreshInterval = b.minRefreshInterval;
        this.timeout = b.timeout;
        this.outbound = b.outbound;
        this.listener = b.listener;
    }

    /** Starts a key set read from {@code jwksUri}: https, or http on a loopback address only (tests). */
    public static Builder builder(URI jwksUri) {
        return new Builder(jwksUri);
    }

    @Override
    public JWKSet current() {
        JWKSet known = keys;
        if (known == null || !clock.instant().isBefore(expiresAt)) {
            fetch(false);
            known = keys;
        }
        if (known == null) {
            throw new JitAuthenticationException(JitErrorCodes.JWKS_UNAVAILABLE,
                    "The signing keys at [" + uri + "] could not be read");
        }
        return known;
    }

    @Override
    public Optional<JWKSet> refreshForUnknownKey() {
        return fetch(true) ? Optional.ofNullable(keys) : Optional.empty();
    }

    /**
     * Fetches unless another thread just did; returns whether this call fetched a new set. A
     * thread that cannot have the lock within the fetch timeout gives up (the keys it has stay in
     * use): one stalled provider must never queue every request behind it.
     */
    private boolean fetch(boolean forced) {
        try {
            if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            Instant now = clock.instant();
            Instant limitFrom = forced ? lastForcedFetch : lastFetch;
            boolean rateLimited = !limitFrom.equals(Instant.MIN) && now.isBefore(limitFrom.plus(minRefreshInterval));
            boolean due = forced || keys == null ? !rateLimited : !now.isBefore(expiresAt);
            if (!due) {
                return false;
            }
            lastFetch = now;
            if (forced) {
                lastForcedFetch = now;
            }
            try {
                int status;
                byte[] body;
                @Nullable String cacheControl;
                if (outbound != null) {
                    OutboundPolicy.Answer answer = outbound.fetch(uri, ACCEPT);
                    status = answer.status();
                    body = answer.body();
                    cacheControl = answer.header("Cache-Control").orElse(null);
                } else {
                    BoundedHttp.Answer answer = BoundedHttp.send(http, HttpRequest.newBuilder(uri).timeout(timeout)
                            .header("Accept", ACCEPT).GET().build(), MAX_BYTES, timeout);
                    status = answer.status();
                    body = answer.body();
                    cacheControl = answer.headers().firstValue("Cache-Control").orElse(null);
                }
                if (status != 200) {
                    throw new IOException("HTTP " + status);
                }
                keys = JWKSet.parse(new String(body, StandardCharsets.UTF_8)).toPublicJWKSet();
                expiresAt = now.plus(ttl(cacheControl));
                tell(null);
                return true;
            } catch (IOException | ParseException e) {
                expiresAt = now.plus(minRefreshInterval);
                LOG.warn("Fetching signing keys from {} failed ({}); {}", uri, e.getMessage(),
                        keys == null ? "no keys yet" : "keeping the keys read before");
                tell(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    private void tell(@Nullable String failure) {
        try {
            listener.refreshed(new RefreshListener.Refresh(RefreshListener.Document.JWKS, uri.toString(), failure, null));
        } catch (RuntimeException e) {
            LOG.warn("The refresh listener failed on the keys of {}: {}", uri, e.toString());
        }
    }

    /** The cache lifetime Cache-Control asks for, within [floor, ceiling]. */
    Duration ttl(@Nullable String cacheControl) {
        Duration ttl = defaultTtl;
        if (cacheControl != null) {
            for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
                String d = directive.trim();
                if (d.equals("no-cache") || d.equals("no-store")) {
                    ttl = Duration.ZERO;
                } else if (d.startsWith("max-age=")) {
                    try {
                        ttl = Duration.ofSeconds(Long.parseLong(d.substring("max-age=".length()).trim()));
                    } catch (NumberFormatException e) {
                        // an unreadable max-age leaves the default
                    }
                }
            }
        }
        if (ttl.compareTo(floor) < 0) {
            return floor;
        }
        return ttl.compareTo(ceiling) > 0 ? ceiling : ttl;
    }

    @Override
    public String toString() {
        return "RemoteJwkSet[" + uri + "]";
    }

    /** Configures a {@link RemoteJwkSet}. */
    public static final class Builder {

        private final URI uri;
        private @Nullable HttpClient http;
        private Clock clock = Clock.systemUTC();
        private Duration floor = Duration.ofMinutes(1);
        private Duration ceiling = Duration.ofHours(24);
        private Duration defaultTtl = Duration.ofHours(1);
        private Duration minRefreshInterval = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(5);
        private @Nullable OutboundPolicy outbound;
        private RefreshListener listener = RefreshListener.NONE;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri cannot be null");
        }

        /** The HTTP client keys are fetched with. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http cannot be null");
            return this;
        }

        /** The clock cache lifetimes and refresh limits are measured with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Bounds on the cache lifetime, whatever Cache-Control says (1 minute to 24 hours by default). */
        public Builder cacheBounds(Duration floor, Duration ceiling) {
            if (floor.isNegative() || floor.compareTo(ceiling) > 0) {
                throw new IllegalArgumentException("cacheBounds need 0 <= floor <= ceiling");
            }
            this.floor = floor;
            this.ceiling = ceiling;
            return this;
        }

        /** The least time between two fetches caused by unknown key IDs or failures; 30 seconds by default. */
        public Builder minRefreshInterval(Duration interval) {
            this.minRefreshInterval = Objects.requireNonNull(interval, "interval cannot be null");
            return this;
        }

        /**
         * Fetches the key set under {@code policy} (a URL given on a tenant's word: no internal
         * addresses, checked where the connection is made); its time and size limits apply.
         */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outbound = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /** Told of each fetch of the key set, and whether it succeeded (for metrics). */
        public Builder refreshListener(RefreshListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /** How long one fetch may take, and a request wait for one under way; 5 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** The key set; refuses a {@code jwks_uri} that is neither https nor loopback http. */
        public RemoteJwkSet build() {
            String scheme = uri.getScheme();
            if (!"https".equalsIgnoreCase(scheme) && !isLoopbackHttp(uri)) {
                throw new IllegalArgumentException("jwks_uri [" + uri + "] must use https");
            }
            return new RemoteJwkSet(this);
        }
    }

    /** Plain http is tolerated for loopback providers only (tests, a local Keycloak). */
    static boolean isLoopbackHttp(URI uri) {
        String host = uri.getHost();
        return "http".equalsIgnoreCase(uri.getScheme()) && host != null
                && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }
}
