package io.jitprov.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import io.jitprov.core.wiring.OutboundPolicy;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OpenID provider as this client knows it: issuer, client registration, endpoints, signing
 * keys and the rules for its tokens. Build it by hand, or start from {@link OidcDiscovery}.
 *
 * @since 0.1
 */
public final class OidcProvider {

    /** Asymmetric algorithms only: never {@code none}, never HMAC with a public key as secret. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final String issuer;
    private final String clientId;
    private final OidcClientAuthentication clientAuthentication;
    private final List<String> scopes;
    private final String groupsClaim;
    private final Set<JWSAlgorithm> algorithms;
    private final JwkSetSource jwks;
    private final @Nullable URI authorizationEndpoint;
    private final @Nullable URI tokenEndpoint;
    private final @Nullable URI userInfoEndpoint;
    private final boolean authorizationResponseIssParameterSupported;
    private final boolean mergeUserInfo;
    private final @Nullable OutboundPolicy outbound;

    private OidcProvider(Builder b) {
        this.issuer = b.issuer;
        this.clientId = Objects.requireNonNull(b.clientId, "clientId cannot be null");
        this.clientAuthentication = b.clientAuthentication;
        this.scopes = List.copyOf(b.scopes);
        this.groupsClaim = b.groupsClaim;
        this.algorithms = Set.copyOf(b.algorithms);
        this.jwks = Objects.requireNonNull(b.jwks, "jwks cannot be null");
        this.authorizationEndpoint = b.authorizationEndpoint;
        this.tokenEndpoint = b.tokenEndpoint;
        this.userInfoEndpoint = b.userInfoEndpoint;
        this.authorizationResponseIssParameterSupported = b.authorizationResponseIssParameterSupported;
        this.mergeUserInfo = b.mergeUserInfo;
        this.outbound = b.outbound;
    }

    /** The policy the token and UserInfo endpoints are called under, when the provider came from a tenant. */
    Optional<OutboundPolicy> outboundPolicy() {
        return Optional.ofNullable(outbound);
    }

    /** Starts a provider with this issuer identifier, which ID tokens' {@code iss} must equal exactly. */
    public static Builder withIssuer(String issuer) {
        return new Builder(issuer);
    }

    /** The issuer identifier, compared exactly with {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** This application's client ID at the provider: the audience its ID tokens must name. */
    public String clientId() {
        return clientId;
    }

    /** How this client authenticates at the token endpoint. */
    public OidcClientAuthentication clientAuthentication() {
        return clientAuthentication;
    }

    /** The scopes requested; {@code openid email profile} by default. */
    public List<String> scopes() {
        return scopes;
    }

    /** The claim that carries group memberships; {@code groups} by default. */
    public String groupsClaim() {
        return groupsClaim;
    }

    /** The signature algorithms accepted from this provider; asymmetric ones only. */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** Where its signing keys come from. */
    public JwkSetSource jwks() {
        return jwks;
    }

    /** Where people are sent to sign in, if known. */
    public Optional<URI> authorizationEndpoint() {
        return Optional.ofNullable(authorizationEndpoint);
    }

    /** Where the authorization code is exchanged, if known. */
    public Optional<URI> tokenEndpoint() {
        return Optional.ofNullable(tokenEndpoint);
    }

    /** Where further claims may be read, if known. */
    public Optional<URI> userInfoEndpoint() {
        return Optional.ofNullable(userInfoEndpoint);
    }

    /**
     * Whether the provider puts {@code iss} in every authorization response (RFC 9207 section 3,
     * discovery's {@code authorization_response_iss_parameter_supported}). When it does, a callback
     * without {@code iss} is refused; whether it does or not, an {@code iss} present must be this
     * provider's.
     */
    public boolean authorizationResponseIssParameterSupported() {
        return authorizationResponseIssParameterSupported;
    }

    /**
     * Whether a login at this provider also reads its UserInfo endpoint (OIDC Core 5.3) and adds
     * the claims the ID token lacks; false by default.
     */
    public boolean mergeUserInfo() {
        return mergeUserInfo;
    }

    @Override
    public String toString() {
        return "OidcProvider[" + issuer + ", client " + clientId + "]";
    }

    /** Configures an {@link OidcProvider}; the client ID and a key source are required. */
    public static final class Builder {

        private final String issuer;
        private @Nullable String clientId;
        private OidcClientAuthentication clientAuthentication = OidcClientAuthentication.none();
        private List<String> scopes = List.of("openid", "email", "profile");
        private String groupsClaim = "groups";
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private @Nullable JwkSetSource jwks;
        private @Nullable URI authorizationEndpoint;
        private @Nullable URI tokenEndpoint;
        private @Nullable URI userInfoEndpoint;
        private boolean authorizationResponseIssParameterSupported;
        private boolean mergeUserInfo;
        private @Nullable OutboundPolicy outbound;

        Builder(String issuer) {
            Objects.requireNonNull(issuer, "issuer cannot be null");
            if (issuer.isEmpty()) {
                throw new IllegalArgumentException("issuer cannot be empty");
            }
            this.issuer = issuer;
        }

        /** See {@link OidcProvider#clientId()}; required. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
            return this;
        }

        /** See {@link OidcProvider#clientAuthentication()}. */
        public Builder clientAuthentication(OidcClientAuthentication authentication) {
            this.clientAuthentication = Objects.requireNonNull(authentication, "authentication cannot be null");
            return this;
        }

        /** The scopes to ask for; {@code openid} is added when missing. */
        public Builder scopes(String... scopes) {
            Set<String> all = new LinkedHashSet<>(List.of("openid"));
            all.addAll(List.of(scopes));
            this.scopes = List.copyOf(all);
            return this;
        }

        /** The claim that carries groups; {@code groups} by default. No other claim then gives groups. */
        public Builder groupsClaim(String claim) {
            this.groupsClaim = Objects.requireNonNull(claim, "claim cannot be null");
            return this;
        }

        /** Narrows the accepted signing algorithms; only asymmetric ones from the defaults are possible. */
        public Builder algorithms(JWSAlgorithm... algorithms) {
            Set<JWSAlgorithm> chosen = Set.of(algorithms);
            for (JWSAlgorithm algorithm : chosen) {
                if (!DEFAULT_ALGORITHMS.contains(algorithm)) {
                    throw new IllegalArgumentException("Algorithm [" + algorithm + "] is not allowed for ID tokens");
                }
            }
            this.algorithms = chosen;
            return this;
        }

        /** See {@link OidcProvider#jwks()}; required. */
        public Builder jwks(JwkSetSource jwks) {
            this.jwks = Objects.requireNonNull(jwks, "jwks cannot be null");
            return this;
        }

        /** See {@link OidcProvider#authorizationEndpoint()}. */
        public Builder authorizationEndpoint(URI uri) {
            this.authorizationEndpoint = uri;
            return this;
        }

        /** See {@link OidcProvider#tokenEndpoint()}. */
        public Builder tokenEndpoint(URI uri) {
            this.tokenEndpoint = uri;
            return this;
        }

        /** See {@link OidcProvider#userInfoEndpoint()}. */
        public Builder userInfoEndpoint(URI uri) {
            this.userInfoEndpoint = uri;
            return this;
        }

        /** See {@link OidcProvider#authorizationResponseIssParameterSupported()}; false by default. */
        public Builder authorizationResponseIssParameterSupported(boolean supported) {
            this.authorizationResponseIssParameterSupported = supported;
            return this;
        }

        /** See {@link OidcProvider#mergeUserInfo()}; needs a UserInfo endpoint to have an effect. */
        public Builder mergeUserInfo(boolean merge) {
            this.mergeUserInfo = merge;
            return this;
        }

        /**
         * Calls the token and UserInfo endpoints under {@code policy}: for a provider described on a
         * tenant's word (its endpoints may name any address). {@link OidcDiscoveryResolver} sets it
         * on the providers it discovers under a policy.
         */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outbound = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /** The provider. */
        public OidcProvider build() {
            return new OidcProvider(this);
        }
    }
}
