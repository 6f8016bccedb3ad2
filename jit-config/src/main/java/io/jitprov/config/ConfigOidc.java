package io.jitprov.config;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import io.jitprov.oidc.OidcClientAuthentication;
import io.jitprov.oidc.OidcDiscoveryResolver;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.RemoteJwkSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** The OIDC entries of {@code identityProviders}: discovered on first use, or given endpoint by endpoint. */
final class ConfigOidc {

    private final OidcDiscoveryResolver.Builder providers = OidcDiscoveryResolver.builder();
    private boolean used;
    /** For a registry document: every URL is fetched under this policy. */
    private final @Nullable OutboundPolicy registryPolicy;
    private final RefreshListener listener;

    /** For the operator's file; reads of discovery documents and key sets are told to {@code listener}. */
    ConfigOidc(RefreshListener listener) {
        this.registryPolicy = null;
        this.listener = listener;
        providers.refreshListener(listener);
    }

    /** For a registry document, written through an API: its URLs under {@code policy}. */
    ConfigOidc(OutboundPolicy registryPolicy, HttpClient http, RefreshListener listener) {
        this.registryPolicy = registryPolicy;
        this.listener = listener;
        providers.outboundPolicy(registryPolicy).httpClient(http).refreshListener(listener);
    }

    /** Reads one {@code identityProviders[i].oidc}, its secret from the environment or a file. */
    Optional<String> identityProvider(ConfigNode oidc, Function<String, @Nullable String> environment) {
        return identityProviderWithSecrets(oidc, secret -> secret.secret(environment));
    }

    /**
     * Reads one {@code identityProviders[i].oidc}; returns the issuer when the provider is usable.
     *
     * @param secrets reads the {@code clientSecret} node
     */
    Optional<String> identityProviderWithSecrets(ConfigNode oidc, Function<ConfigNode, Optional<String>> secrets) {
        oidc.allowOnly("issuer", "clientId", "clientSecret", "clientAuthentication", "scopes", "groupsClaim",
                "authorizationEndpoint", "tokenEndpoint", "jwksUri", "userInfoEndpoint", "mergeUserInfo",
                "authorizationResponseIssParameterSupported");
        String issuer = oidc.get("issuer").requiredText();
        String clientId = oidc.get("clientId").requiredText();
        OidcClientAuthentication authentication = authentication(oidc, secrets);
        List<String> scopes = oidc.get("scopes").texts();
        Optional<String> groupsClaim = oidc.get("groupsClaim").text();
        Optional<String> jwksUri = oidc.get("jwksUri").text();
        if (jwksUri.isEmpty()) {
            // With discovery the provider's own endpoints count: one written here would be silently unused.
            for (String endpoint : List.of("authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint")) {
                if (oidc.get(endpoint).text().isPresent()) {
                    oidc.problem(endpoint, "is only read with jwksUri; without it the endpoints come from the"
                            + " provider's discovery document");
                }
            }
        }
        if (issuer.isEmpty() || clientId.isEmpty() || authentication == null) {
            return Optional.empty();
        }
        UnaryOperator<OidcProvider.Builder> settings = provider -> {
            provider.clientId(clientId).clientAuthentication(authentication)
                    .mergeUserInfo(oidc.get("mergeUserInfo").bool(false));
            if (registryPolicy != null) {
                provider.outboundPolicy(registryPolicy);
            }
            // The file can make a provider's RFC 9207 iss required, never waive what discovery says.
            if (oidc.get("authorizationResponseIssParameterSupported").bool(false)) {
                provider.authorizationResponseIssParameterSupported(true);
            }
            if (!scopes.isEmpty()) {
                provider.scopes(scopes.toArray(String[]::new));
            }
            groupsClaim.ifPresent(provider::groupsClaim);
            return provider;
        };
        try {
            if (jwksUri.isPresent()) {
                providers.provider(settings.apply(explicit(oidc, issuer, URI.create(jwksUri.get()))).build());
            } else {
                // Discovered on the first login through it: a provider that does not answer stops nothing.
                providers.discover(issuer, settings);
            }
            used = true;
            return Optional.of(issuer);
        } catch (IllegalArgumentException e) {
            oidc.problem("issuer", "cannot be used: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static @Nullable OidcClientAuthentication authentication(ConfigNode oidc,
            Function<ConfigNode, Optional<String>> secrets) {
        Optional<String> secret = secrets.apply(oidc.get("clientSecret"));
        String method = oidc.get("clientAuthentication").text()
                .orElse(secret.isPresent() ? "client_secret_basic" : "none");
        OidcClientAuthentication authentication = switch (method) {
            case "client_secret_basic" -> secret.map(s -> OidcClientAuthentication.secretBasic(() -> s)).orElse(null);
            case "client_secret_post" -> secret.map(s -> OidcClientAuthentication.secretPost(() -> s)).orElse(null);
            case "none" -> OidcClientAuthentication.none();
            default -> null;
        };
        if (authentication == null) {
            oidc.problem("clientAuthentication", "must be client_secret_basic or client_secret_post (with a clientSecret)"
                    + " or none, not [" + method + "]");
        }
        return authentication;
    }

    private OidcProvider.Builder explicit(ConfigNode oidc, String issuer, URI jwksUri) {
        RemoteJwkSet.Builder keys = RemoteJwkSet.builder(jwksUri).refreshListener(listener);
        if (registryPolicy != null) {
            keys.outboundPolicy(registryPolicy);
        }
        OidcProvider.Builder provider = OidcProvider.withIssuer(issuer).jwks(keys.build());
        oidc.get("authorizationEndpoint").text().map(URI::create).ifPresent(provider::authorizationEndpoint);
        oidc.get("tokenEndpoint").text().map(URI::create).ifPresent(provider::tokenEndpoint);
        oidc.get("userInfoEndpoint").text().map(URI::create).ifPresent(provider::userInfoEndpoint);
        return provider;
    }

    boolean used() {
        return used;
    }

    /** The providers read so far, for a registry document's one. */
    OidcProviders providers(Clock clock) {
        return providers.clock(clock).build();
    }

    OidcParts build(JitStores stores) {
        return build(stores, providers.clock(stores.clock()).build());
    }

    /** The login and verifier over {@code providers}. */
    static OidcParts build(JitStores stores, OidcProviders providers) {
        OidcVerifier verifier = OidcVerifier.builder().stores(stores).providers(providers).build();
        return new OidcParts(OidcLogin.builder().providers(providers).verifier(verifier).build(), verifier);
    }

    record OidcParts(OidcLogin login, OidcVerifier verifier) { }
}
