package io.jitprov.oidc;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.internal.RemoteCopy;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * OpenID providers found by discovery when they are first used, not at start: a provider that
 * does not answer stops nothing and delays only its own logins, by at most {@link Builder#timeout}.
 * Until its discovery document could be read, {@link #find} refuses its logins with
 * {@link JitErrorCodes#IDP_UNAVAILABLE}, and tries again on its own (after 10 seconds, doubling up
 * to 5 minutes). The document is read again every {@link Builder#refreshInterval}; a failed read
 * keeps the last good one.
 *
 * <pre>{@code
 * OidcProviders providers = OidcDiscoveryResolver.builder()
 *         .discover("https://login.acme.example", p -> p.clientId("app").clientAuthentication(secret))
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class OidcDiscoveryResolver implements OidcProviders {

    private final Map<String, OidcProvider> fixed;
    private final Map<String, RemoteCopy<OidcProvider>> discovered;

    private OidcDiscoveryResolver(Builder b) {
        this.fixed = Map.copyOf(b.fixed);
        HttpClient http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Map<String, RemoteCopy<OidcProvider>> copies = new LinkedHashMap<>();
        b.discovered.forEach((issuer, settings) -> copies.put(issuer, new RemoteCopy<>("the discovery document of ["
                + issuer + "]", previous -> new RemoteCopy.Fresh<>(settings.apply(OidcDiscovery.discover(issuer, http,
                b.clock, b.timeout, b.outbound, b.listener)).build(), b.refreshInterval), b.clock, b.timeout,
                (provider, failure) -> b.listener.refreshed(new RefreshListener.Refresh(
                        RefreshListener.Document.OIDC_DISCOVERY, issuer, failure, null)))));
        this.discovered = Map.copyOf(copies);
    }

    /** Starts a resolver. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws JitAuthenticationException {@link JitErrorCodes#IDP_UNAVAILABLE} when {@code issuer} is
     *         one of this resolver's providers but its discovery document could not be read
     */
    @Override
    public Optional<OidcProvider> find(String issuer) {
        OidcProvider known = fixed.get(issuer);
        if (known != null) {
            return Optional.of(known);
        }
        RemoteCopy<OidcProvider> copy = discovered.get(issuer);
        if (copy == null) {
            return Optional.empty();
        }
        return Optional.of(copy.get().orElseThrow(() -> new JitAuthenticationException(JitErrorCodes.IDP_UNAVAILABLE,
                "The discovery document of [" + issuer + "] could not be read: "
                        + copy.lastFailure().orElse("not read yet"))));
    }

    /** Configures an {@link OidcDiscoveryResolver}. */
    public static final class Builder {

        private final Map<String, OidcProvider> fixed = new LinkedHashMap<>();
        private final Map<String, UnaryOperator<OidcProvider.Builder>> discovered = new LinkedHashMap<>();
        private @Nullable HttpClient http;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(5);
        private Duration refreshInterval = Duration.ofHours(24);
        private @Nullable OutboundPolicy outbound;
        private RefreshListener listener = RefreshListener.NONE;

        private Builder() {
        }

        /**
         * A provider read from {@code {issuer}/.well-known/openid-configuration} on first use;
         * {@code settings} adds what discovery does not say (client ID and authentication, scopes...).
         *
         * @throws IllegalArgumentException when {@code issuer} is not an https URL, or is listed twice
         */
        public Builder discover(String issuer, UnaryOperator<OidcProvider.Builder> settings) {
            OidcDiscovery.requireHttps(issuer);
            requireNew(issuer);
            discovered.put(issuer, Objects.requireNonNull(settings, "settings cannot be null"));
            return this;
        }

        /** A provider configured endpoint by endpoint, used as given. */
        public Builder provider(OidcProvider provider) {
            requireNew(provider.issuer());
            fixed.put(provider.issuer(), provider);
            return this;
        }

        private void requireNew(String issuer) {
            if (fixed.containsKey(issuer) || discovered.containsKey(issuer)) {
                throw new IllegalArgumentException("Provider [" + issuer + "] is listed twice");
            }
        }

        /** The client discovery and the providers' key sets are read with; by default one following https redirects. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http cannot be null");
            return this;
        }

        /**
         * Fetches discovery documents and key sets under {@code policy}: for issuers given on a
         * tenant's word, so that none can reach the application's own network (the address is
         * checked where each connection is made, at every redirect).
         */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outbound = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /** Told of each read of a discovery document and of a discovered key set, and whether it succeeded (for metrics). */
        public Builder refreshListener(RefreshListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /** The clock refreshes and retries are timed with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** How long reading a discovery document may take, and a login wait for one under way; 5 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** How often a discovery document is read again; 24 hours by default. */
        public Builder refreshInterval(Duration interval) {
            this.refreshInterval = Durations.positive("refreshInterval", interval);
            return this;
        }

        public OidcDiscoveryResolver build() {
            return new OidcDiscoveryResolver(this);
        }
    }
}
