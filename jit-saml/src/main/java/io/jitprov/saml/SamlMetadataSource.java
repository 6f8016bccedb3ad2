package io.jitprov.saml;

import io.jitprov.core.internal.BoundedHttp;
import io.jitprov.core.wiring.OutboundPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where one identity provider's metadata comes from (a string, a file or an HTTPS URL), how it
 * is trusted (optionally its own signature), and what this SP decides about the IdP on top of
 * it, applied again after every refresh.
 *
 * <pre>{@code
 * SamlMetadataSource okta = SamlMetadataSource.url(URI.create("https://acme.okta.com/app/abc/sso/saml/metadata"))
 *         .configure(idp -> idp.emailsVerified(true).groupAttributes("groups"))
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class SamlMetadataSource {

    private enum Kind { STRING, FILE, URL }

    private static final String ACCEPT = "application/samlmetadata+xml, application/xml;q=0.9, */*;q=0.1";

    private final Kind kind;
    private final String location;
    private final @Nullable String entityId;
    private final List<X509Certificate> signers;
    private final boolean insecureHttpAllowed;
    private final @Nullable OutboundPolicy outbound;
    private final UnaryOperator<SamlIdentityProvider.Builder> settings;

    private SamlMetadataSource(Builder b) {
        this.kind = b.kind;
        this.location = b.location;
        this.entityId = b.entityId;
        this.signers = List.copyOf(b.signers);
        this.insecureHttpAllowed = b.insecureHttpAllowed;
        this.outbound = b.outbound;
        this.settings = b.settings;
    }

    /** Metadata given as text: read once. */
    public static Builder string(String metadataXml) {
        return new Builder(Kind.STRING, Objects.requireNonNull(metadataXml, "metadataXml cannot be null"));
    }

    /** Metadata in a file, read again when it says its cache duration has passed. */
    public static Builder file(Path file) {
        return new Builder(Kind.FILE, Objects.requireNonNull(file, "file cannot be null").toString());
    }

    /** Metadata at an HTTPS URL, fetched again when its cache duration or validity says so. */
    public static Builder url(URI url) {
        Objects.requireNonNull(url, "url cannot be null");
        return new Builder(Kind.URL, url.toString());
    }

    boolean refreshable() {
        return kind != Kind.STRING;
    }

    boolean remote() {
        return kind == Kind.URL;
    }

    @Nullable String entityId() {
        return entityId;
    }

    List<X509Certificate> signers() {
        return signers;
    }

    SamlIdentityProvider.Builder configure(SamlIdentityProvider.Builder builder) {
        return settings.apply(builder);
    }

    /** Reads the metadata text, at most {@code maxBytes}. */
    String read(HttpClient http, int maxBytes, Duration timeout) throws IOException {
        switch (kind) {
            case STRING:
                return location;
            case FILE:
                Path path = Path.of(location);
                if (Files.size(path) > maxBytes) {
                    throw new IOException("Metadata file is larger than " + maxBytes + " bytes");
                }
                return Files.readString(path, StandardCharsets.UTF_8);
            case URL:
            default:
                return fetch(http, maxBytes, timeout);
        }
    }

    private String fetch(HttpClient http, int maxBytes, Duration timeout) throws IOException {
        if (outbound != null) {
            OutboundPolicy.Answer answer = outbound.fetch(URI.create(location), ACCEPT);
            if (answer.status() != 200) {
                throw new IOException("HTTP " + answer.status());
            }
            return new String(answer.body(), StandardCharsets.UTF_8);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(location)).timeout(timeout)
                .header("Accept", ACCEPT).GET().build();
        try {
            BoundedHttp.Answer response = BoundedHttp.send(http, request, maxBytes, timeout);
            if (response.status() != 200) {
                throw new IOException("HTTP " + response.status());
            }
            return new String(response.body(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while fetching metadata", e);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.STRING ? "metadata text" : kind.name().toLowerCase(Locale.ROOT) + " " + location;
    }

    /** Configures a {@link SamlMetadataSource}. */
    public static final class Builder {

        private final Kind kind;
        private final String location;
        private @Nullable String entityId;
        private final List<X509Certificate> signers = new ArrayList<>();
        private boolean insecureHttpAllowed;
        private @Nullable OutboundPolicy outbound;
        private UnaryOperator<SamlIdentityProvider.Builder> settings = UnaryOperator.identity();

        private Builder(Kind kind, String location) {
            this.kind = kind;
            this.location = location;
        }

        /** Picks this entity from metadata that describes several. */
        public Builder entityId(String entityId) {
            this.entityId = Objects.requireNonNull(entityId, "entityId cannot be null");
            return this;
        }

        /** Requires the metadata to be signed by one of these certificates (SAML metadata 3). */
        public Builder signedBy(X509Certificate... certificates) {
            signers.addAll(List.of(certificates));
            return this;
        }

        /** Allows a plain {@code http} URL: for tests and loopback IdPs only. */
        public Builder allowInsecureHttp() {
            this.insecureHttpAllowed = true;
            return this;
        }

        /**
         * Fetches the URL under {@code policy}: for a URL given on a tenant's word, so that it cannot
         * reach the application's own network (the address is checked where the connection is
         * made, at every redirect); the policy's scheme, time and size limits apply.
         */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outbound = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /** This SP's decisions about the IdP (IdP-initiated SSO, verified emails, group attributes). */
        public Builder configure(UnaryOperator<SamlIdentityProvider.Builder> settings) {
            this.settings = Objects.requireNonNull(settings, "settings cannot be null");
            return this;
        }

        /** The source; refuses a metadata URL that is not https (unless insecure HTTP was allowed for tests). */
        public SamlMetadataSource build() {
            if (kind == Kind.URL) {
                String scheme = URI.create(location).getScheme();
                boolean https = "https".equalsIgnoreCase(scheme);
                boolean http = "http".equalsIgnoreCase(scheme);
                boolean httpAllowed = outbound != null ? outbound.httpAllowed() : insecureHttpAllowed;
                if (!https && !(http && httpAllowed)) {
                    throw new IllegalArgumentException("Metadata URL [" + location + "] must use https"
                            + (http ? " (or allowInsecureHttp() for tests)" : ""));
                }
            }
            return new SamlMetadataSource(this);
        }
    }
}
