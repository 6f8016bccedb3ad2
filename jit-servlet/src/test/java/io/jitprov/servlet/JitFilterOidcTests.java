package io.jitprov.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.oidc.OidcDiscovery;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC logins and back-channel logout through JitFilter in a real Jetty; WireMock plays the provider. */
class JitFilterOidcTests {

    private WireMockServer provider;
    private String issuer;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        issuer = "http://127.0.0.1:" + provider.port();
        provider.stubFor(get("/.well-known/openid-configuration").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"issuer\":\"" + issuer + "\","
                        + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                        + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                        + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        provider.stubFor(get("/jwks").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(TestTokens.jwks(TestTokens.RSA))));
        app = new TestApp(this::login);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        provider.stop();
    }

    private JitLogin login(String baseUrl) {
        try {
            DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
            domains.markVerified("acme", "acme.test", false);
            OidcProvider op = OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), java.time.Clock.systemUTC())
                    .clientId(TestTokens.CLIENT_ID).build();
            OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(op)).build();
            Tenant acme = Tenant.withId("acme").trustedIssuers(issuer)
                    .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
            return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                    .provisioner(Provisioner.builder()
                            .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                            .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                    .auditSink(AuditSink.NONE)
                    .oidc(OidcLogin.builder().providers(OidcProviders.of(op)).verifier(verifier).build(), verifier)
                    .route("acme", IdpRoute.oidc(issuer))
                    .protectedPaths("/app/")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a login; answers the token request as the provider would; returns state and nonce. */
    private Map<String, String> startLogin(String returnPath) throws Exception {
        HttpResponse<String> start = app.post("/sso/login", Map.of("email", "alice@acme.test", "return", returnPath));
        assertThat(start.statusCode()).isEqualTo(302);
        Map<String, String> authorize = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        assertThat(authorize.get("redirect_uri")).isEqualTo(app.baseUrl + "/sso/oidc/callback");
        Instant now = Instant.now();
        JWTClaimsSet claims = TestTokens.aliceClaims(now).issuer(issuer).claim("nonce", authorize.get("nonce"))
                .claim("sid", "sid-" + UUID.randomUUID()).expirationTime(Date.from(now.plusSeconds(300))).build();
        String idToken = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, claims);
        provider.stubFor(post("/token").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"" + idToken + "\"}")));
        return Map.of("state", authorize.get("state"), "sid", String.valueOf(claims.getClaim("sid")));
    }

    @Test
    void loginWhenProviderAnswersThenSignedInAtTheReturnPath() throws Exception {
        Map<String, String> login = startLogin("/app/home");

        HttpResponse<String> callback = app.get("/sso/oidc/callback?code=c-1&state=" + enc(login.get("state")));

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).contains("/app/home");
        assertThat(app.get("/app/home").body()).contains("user=alice@acme.test").contains("member=true");
    }

    @Test
    void callbackWhenStateIsForgedMissingOrUsedTwiceThenRefused() throws Exception {
        Map<String, String> login = startLogin("/app/");

        assertThat(app.get("/sso/oidc/callback?code=c-1&state=forged").statusCode()).isEqualTo(400);
        assertThat(app.get("/sso/oidc/callback?code=c-1").body()).contains(JitErrorCodes.STATE_MISMATCH);
        assertThat(app.get("/sso/oidc/callback?code=c-1&state=" + enc(login.get("state"))).statusCode()).isEqualTo(302);
        HttpResponse<String> again = app.get("/sso/oidc/callback?code=c-1&state=" + enc(login.get("state")));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains(JitErrorCodes.STATE_MISMATCH);
    }

    @Test
    void backchannelLogoutThenTheMatchingSessionEndsAndOnlyIt() throws Exception {
        Map<String, String> login = startLogin("/app/");
        app.get("/sso/oidc/callback?code=c-1&state=" + enc(login.get("state")));
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        String otherSession = logoutToken("sid-somebody-else");
        assertThat(backchannel(otherSession).statusCode()).isEqualTo(200);
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        assertThat(backchannel(logoutToken(login.get("sid"))).statusCode()).isEqualTo(200);
        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
        assertThat(backchannel("not-a-token").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> backchannel(String token) throws Exception {
        // The provider calls this endpoint server to server: no browser cookies.
        HttpClient server = HttpClient.newHttpClient();
        return server.send(java.net.http.HttpRequest.newBuilder(URI.create(app.baseUrl + "/sso/oidc/backchannel-logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("logout_token=" + enc(token))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String logoutToken(String sid) {
        Instant now = Instant.now();
        return TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("logout+jwt")),
                new JWTClaimsSet.Builder().issuer(issuer).audience(TestTokens.CLIENT_ID).issueTime(Date.from(now))
                        .jwtID(UUID.randomUUID().toString()).subject("248289761001").claim("sid", sid)
                        .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build());
    }
}
