package io.jitprov.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.wiring.OutboundPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by a fresh-eyes review (high, now closed): the token_endpoint and userinfo_endpoint a
 * tenant's discovery document names were called with a plain HttpClient, outside the
 * OutboundPolicy the discovery itself was fetched under. Here the application allows only 127.0.0.1/32 (standing for
 * the tenant's public IdP); the tenant's discovery document names a token endpoint on 127.0.0.5
 * (standing for 10.x / 169.254.169.254), which the policy refuses; one login POSTs the code, the
 * client credentials and the PKCE verifier there, and the internal service's JSON error comes back
 * quoted in the exception.
 */
class OutboundPolicyEndpointsAttackTests {

    private TestProvider tenant;
    private HttpServer internal;
    private final List<String> internalRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        tenant = new TestProvider(TestTokens.RSA, TestTokens.CLIENT_ID);
        internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), 0), 0);
        internal.createContext("/", exchange -> {
            internalRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"error\":\"invalid_grant\",\"error_description\":\"internal admin API v2, db-7.corp\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        internal.start();
        String inside = "http://127.0.0.5:" + internal.getAddress().getPort();
        String issuer = tenant.issuer();
        tenant.server().stubFor(get("/.well-known/openid-configuration").atPriority(1).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                        + "\"token_endpoint\":\"" + inside + "/admin/token\",\"userinfo_endpoint\":\"" + inside
                        + "/admin/userinfo\",\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                        + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
    }

    @AfterEach
    void stop() {
        tenant.close();
        internal.stop(0);
    }

    @Test
    void completeWhenTheTenantsDiscoveryNamesAnInternalTokenEndpointThenNothingIsSentThere() {
        OutboundPolicy policy = OutboundPolicy.builder().allowHttp().allow("127.0.0.1/32").build();
        URI inside = URI.create("http://127.0.0.5:" + internal.getAddress().getPort() + "/admin/token");
        assertThatThrownBy(() -> policy.fetch(inside, "*/*")).as("the policy itself refuses the internal address")
                .hasMessageContaining("Refused to connect");

        OidcDiscoveryResolver providers = OidcDiscoveryResolver.builder().outboundPolicy(policy)
                .discover(tenant.issuer(), p -> p.clientId(TestTokens.CLIENT_ID)
                        .clientAuthentication(OidcClientAuthentication.secretBasic(() -> "s3cret")))
                .build();
        OidcLogin login = OidcLogin.builder().providers(providers)
                .verifier(OidcVerifier.builder().providers(providers).build()).build();
        OidcRedirect redirect = login.start(tenant.issuer(), URI.create("https://app.example/cb"),
                OidcLoginOptions.defaults());
        Throwable outcome = null;
        try {
            login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending());
        } catch (RuntimeException e) {
            outcome = e;
        }
        assertThat(internalRequests).as("requests jit sent to the internal address during one login").isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(JitStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(JitErrorCodes.PROVIDER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("Refused to connect").doesNotContain("db-7.corp");
        });
    }
}
