package io.jitprov.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.jitprov.core.internal.BoundedHttp;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a provider's configuration from {@code {issuer}/.well-known/openid-configuration}
 * (OIDC Discovery 1.0, section 4) into an {@link OidcProvider} builder, with a
 * {@link RemoteJwkSet} for its {@code jwks_uri} and whether it sends {@code iss} with its
 * authorization responses (RFC 9207). The discovered {@code issuer} must equal the configured one
 * exactly (section 4.3), or nothing is trusted.
 *
 * @since 0.1
 */
public final class OidcDiscovery {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** More than any discovery document: 256 KiB. */
    private static final int MAX_BYTES = 256 * 1024;

    private OidcDiscovery() {
    }

    /**
     * Reads {@code {issuer}/.well-known/openid-configuration} (OIDC Discovery 1.0, section 4) with a new HTTP
     * client on the system clock.
     */
    public static OidcProvider.Builder discover(String issuer) throws IOException {
        return discover(issuer, HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Clock.systemUTC());
    }

    /**
     * @throws IOException when the configuration cannot be fetched
     * @throws IllegalArgumentException when it is not OpenID provider metadata of {@code issuer}
     */
    public static OidcProvider.Builder discover(String issuer, HttpClient http, Clock clock) throws IOException {
        return discover(issuer, http, clock, TIMEOUT);
    }

    static OidcProvider.Builder discover(String issuer, HttpClient http, Clock clock, Duration timeout)
            throws IOException {
        return discover(issuer, http, clock, timeout, null, RefreshListener.NONE);
    }

    /**
     * With {@code outbound}, the document and the key set are fetched under that policy; the key
     * set's reads are told to {@code listener}.
     */
    static OidcProvider.Builder discover(String issuer, HttpClient http, Clock clock, Duration timeout,
            @Nullable OutboundPolicy outbound, RefreshListener listener) throws IOException {
        requireHttps(issuer);
        String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI location = URI.create(trimmed + "/.well-known/openid-configuration");
        String json = outbound != null ? fetch(outbound, location) : fetch(http, location, timeout);
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("[" + location + "] is not OpenID provider metadata: " + e.getMessage(), e);
        }
        if (!issuer.equals(metadata.getIssuer().getValue())) {
            throw new IllegalArgumentException("Discovered issuer [" + metadata.getIssuer().getValue()
                    + "] is not the configured [" + issuer + "]");
        }
        OidcProvider.Builder builder = OidcProvider.withIssuer(issuer)
                .jwks(jwks(metadata.getJWKSetURI(), http, clock, timeout, outbound, listener))
                .authorizationResponseIssParameterSupported(metadata.supportsAuthorizationResponseIssuerParam());
        if (outbound != null) {
            builder.outboundPolicy(outbound);
        }
        if (metadata.getAuthorizationEndpointURI() != null) {
            builder.authorizationEndpoint(metadata.getAuthorizationEndpointURI());
        }
        if (metadata.getTokenEndpointURI() != null) {
            builder.tokenEndpoint(metadata.getTokenEndpointURI());
        }
        if (metadata.getUserInfoEndpointURI() != null) {
            builder.userInfoEndpoint(metadata.getUserInfoEndpointURI());
        }
        return builder;
    }

    private static String fetch(HttpClient http, URI location, Duration timeout) throws IOException {
        try {
            BoundedHttp.Answer response = BoundedHttp.send(http, HttpRequest.newBuilder(location).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), MAX_BYTES, timeout);
            if (response.status() != 200) {
                throw new IOException("HTTP " + response.status() + " from " + location);
            }
            return new String(response.body(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading " + location, e);
        }
    }

    private static String fetch(OutboundPolicy outbound, URI location) throws IOException {
        OutboundPolicy.Answer answer = outbound.fetch(location, "application/json");
        if (answer.status() != 200) {
            throw new IOException("HTTP " + answer.status() + " from " + location);
        }
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static RemoteJwkSet jwks(URI uri, HttpClient http, Clock clock, Duration timeout,
            @Nullable OutboundPolicy outbound, RefreshListener listener) {
        RemoteJwkSet.Builder jwks = RemoteJwkSet.builder(uri).httpClient(http).clock(clock).timeout(timeout)
                .refreshListener(listener);
        return (outbound != null ? jwks.outboundPolicy(outbound) : jwks).build();
    }

    /** Refuses an issuer that is not an https URL (plain http on loopback aside, for tests). */
    static void requireHttps(String issuer) {
        Objects.requireNonNull(issuer, "issuer cannot be null");
        URI base = URI.create(issuer);
        if (!"https".equalsIgnoreCase(base.getScheme()) && !RemoteJwkSet.isLoopbackHttp(base)) {
            throw new IllegalArgumentException("Issuer [" + issuer + "] must use https");
        }
    }
}
