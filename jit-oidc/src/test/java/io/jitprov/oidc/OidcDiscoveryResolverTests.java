package io.jitprov.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.wiring.OutboundPolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Providers discovered on first use: one that is down delays and refuses only its own logins, and comes back. */
class OidcDiscoveryResolverTests {

    private final MutableClock clock = new MutableClock(TestTokens.NOW);
    private TestProvider acme;
    private TestProvider globex;

    @BeforeEach
    void start() {
        acme = new TestProvider(TestTokens.RSA, "app-at-acme");
        globex = new TestProvider(TestTokens.RSA_NEXT, "app-at-globex");
    }

    @AfterEach
    void stop() {
        acme.close();
        globex.close();
    }

    private OidcDiscoveryResolver resolver() {
        return OidcDiscoveryResolver.builder().clock(clock)
                .discover(acme.issuer(), p -> p.clientId("app-at-acme"))
                .discover(globex.issuer(), p -> p.clientId("app-at-globex").scopes("openid", "groups"))
                .build();
    }

    @Test
    void buildWhenProvidersAreListedThenNoneIsAskedBeforeItsFirstLogin() {
        OidcDiscoveryResolver resolver = resolver();

        assertThat(acme.discoveryRequests()).isZero();
        OidcProvider found = resolver.find(acme.issuer()).orElseThrow();
        assertThat(found.clientId()).isEqualTo("app-at-acme");
        assertThat(found.tokenEndpoint()).contains(URI.create(acme.issuer() + "/token"));
        resolver.find(acme.issuer());
        assertThat(acme.discoveryRequests()).isEqualTo(1);
        assertThat(globex.discoveryRequests()).isZero();
    }

    @Test
    void findWhenAProviderIsDownThenItsLoginsAreRefusedAsUnavailableAndTheOthersAreServed() {
        acme.down();
        OidcDiscoveryResolver resolver = resolver();

        assertThatThrownBy(() -> resolver.find(acme.issuer())).isInstanceOfSatisfying(JitAuthenticationException.class,
                e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.IDP_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(acme.issuer()).contains("HTTP 503");
                });
        assertThat(resolver.find(globex.issuer()).orElseThrow().scopes()).containsExactly("openid", "groups");
        assertThat(resolver.find("https://unknown.example")).isEmpty();
    }

    @Test
    void findWhenTheProviderComesBackThenItIsUsedAtTheNextTryWithoutARestart() {
        acme.down();
        OidcDiscoveryResolver resolver = resolver();
        assertThatThrownBy(() -> resolver.find(acme.issuer())).isInstanceOf(JitAuthenticationException.class);

        acme.up();
        assertThatThrownBy(() -> resolver.find(acme.issuer())).as("not asked again before its next try")
                .isInstanceOf(JitAuthenticationException.class);
        assertThat(acme.discoveryRequests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(resolver.find(acme.issuer())).isPresent();
    }

    @Test
    void findWhenTheDocumentIsDueAndTheProviderIsDownThenTheLastGoodOneIsKept() throws Exception {
        OidcDiscoveryResolver resolver = resolver();
        OidcProvider first = resolver.find(acme.issuer()).orElseThrow();
        acme.down();

        clock.advance(Duration.ofHours(24));
        assertThat(resolver.find(acme.issuer())).containsSame(first);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (acme.discoveryRequests() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            resolver.find(acme.issuer());
        }
        assertThat(acme.discoveryRequests()).as("read again in the background, and failed").isEqualTo(2);
        assertThat(resolver.find(acme.issuer())).containsSame(first);
    }

    @Test
    void findWhenTheDocumentNamesAnotherIssuerThenUnavailableNotAccepted() {
        acme.server().stubFor(get("/.well-known/openid-configuration")
                .atPriority(1).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"issuer\":\"" + globex.issuer() + "\",\"jwks_uri\":\"" + globex.issuer()
                                + "/jwks\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":"
                                + "[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        OidcDiscoveryResolver resolver = resolver();

        assertThatThrownBy(() -> resolver.find(acme.issuer())).isInstanceOfSatisfying(JitAuthenticationException.class,
                e -> assertThat(e.getMessage()).contains("is not the configured"));
    }

    @Test
    void findWhenTheIssuerPointsInsideTheNetworkThenRefusedUnderTheOutboundPolicy() {
        OidcDiscoveryResolver guarded = OidcDiscoveryResolver.builder().clock(clock)
                .outboundPolicy(OutboundPolicy.builder().allowHttp().build())
                .discover(acme.issuer(), p -> p.clientId("app-at-acme")).build();

        assertThatThrownBy(() -> guarded.find(acme.issuer())).isInstanceOfSatisfying(JitAuthenticationException.class,
                e -> assertThat(e.getMessage()).contains("Refused to connect").contains("loopback"));
        assertThat(acme.discoveryRequests()).isZero();

        OidcProvider allowed = OidcDiscoveryResolver.builder().clock(clock)
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build())
                .discover(acme.issuer(), p -> p.clientId("app-at-acme")).build().find(acme.issuer()).orElseThrow();
        assertThat(allowed.jwks().current().getKeys()).as("the key set, fetched under the policy too").hasSize(1);
    }

    @Test
    void builderWhenAnIssuerIsNotHttpsOrListedTwiceThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OidcDiscoveryResolver.builder()
                .discover("http://op.example", p -> p)).withMessageContaining("must use https");
        assertThatIllegalArgumentException().isThrownBy(() -> OidcDiscoveryResolver.builder()
                .discover(acme.issuer(), p -> p).discover(acme.issuer(), p -> p)).withMessageContaining("listed twice");
    }
}
