package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.oidc.OidcClientAuthentication;
import io.jitprov.oidc.OidcDiscovery;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The test IdP's OpenID provider signing people into JitFilter in a real Jetty: code flow, PKCE, the token endpoint over HTTP. */
class TestIdpOidcTests {

    private static final TestPerson ALICE = TestIdpSamlTests.ALICE;
    private final HttpClient http = HttpClient.newHttpClient();
    private TestIdp idp;
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private void start(TestIdp.Builder builder) throws Exception {
        idp = builder.start();
        app = new TestApp(this::login);
    }

    private JitLogin login(String baseUrl) {
        try {
            DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
            domains.markVerified("acme", "acme.test", false);
            OidcProvider provider = OidcDiscovery.discover(idp.oidcIssuer(), HttpClient.newHttpClient(), Clock.systemUTC())
                    .clientId(idp.clientId())
                    .clientAuthentication(OidcClientAuthentication.secretBasic(idp::clientSecret)).build();
            OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(provider)).build();
            Tenant acme = Tenant.withId("acme").trustedIssuers(idp.oidcIssuer()).roleMapping(RoleMapping.builder()
                    .rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build()).build();
            return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                    .provisioner(Provisioner.builder()
                            .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                            .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                    .auditSink(AuditSink.NONE)
                    .oidc(OidcLogin.builder().providers(OidcProviders.of(provider)).verifier(verifier).build(), verifier)
                    .route("acme", IdpRoute.oidc(idp.oidcIssuer()))
                    .protectedPaths("/app/")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app redirects to the IdP, the IdP redirects back with a code, the app redeems it over HTTP. */
    private HttpResponse<String> signInThroughTheIdp() throws Exception {
        String toIdp = Browser.location(app.post("/sso/login", Map.of("email", "alice@acme.test", "return", "/app/home")));
        assertThat(toIdp).startsWith(idp.oidcIssuer() + "/authorize?");
        String back = Browser.location(Browser.get(app, toIdp));
        assertThat(back).startsWith(app.baseUrl + "/sso/oidc/callback?");
        return Browser.get(app, back);
    }

    @ParameterizedTest
    @EnumSource(TestIdp.TokenSigning.class)
    void signInWhenAliceIsChosenThenTheAppSignsHerInWhateverTheTokensAlgorithm(TestIdp.TokenSigning signing)
            throws Exception {
        start(TestIdp.builder().signingInAs(ALICE).tokenSigning(signing));

        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");

        assertThat(app.get("/app/home").body()).contains("user=alice@acme.test").contains("admin=true");
        assertThat(idp.sessions()).singleElement().satisfies(session -> {
            assertThat(session.protocol()).isEqualTo(TestIdp.Protocol.OIDC);
            assertThat(session.audience()).isEqualTo(idp.clientId());
        });
        assertThat(JSONObjectUtils.parse(Browser.get(app, idp.oidcIssuer() + "/.well-known/openid-configuration").body())
                .get("id_token_signing_alg_values_supported")).isEqualTo(List.of(signing.name()));
    }

    @ParameterizedTest
    @CsvSource({
            "SIGN_IN_REFUSED, provider_error",
            "UNKNOWN_KEY, invalid_signature",
            "WRONG_AUDIENCE, audience_mismatch",
            "WRONG_RECIPIENT, issuer_mismatch",
            "EXPIRED, token_expired",
            "TOKEN_ENDPOINT_ERROR, provider_unavailable"})
    void failNextWhenAskedThenTheAppRefusesWithTheCodeARealProviderFaultGets(TestIdp.Failure failure, String code)
            throws Exception {
        start(TestIdp.builder().signingInAs(ALICE));
        idp.failNext(failure);

        HttpResponse<String> refused = signInThroughTheIdp();

        assertThat(refused.statusCode()).isBetween(400, 599);
        assertThat(refused.body()).contains(code);
        assertThat(Browser.location(signInThroughTheIdp())).as("one sign-in only").endsWith("/app/home");
    }

    @Test
    void tokenEndpointWhenACodeIsRedeemedTwiceOrWithoutItsVerifierThenInvalidGrant() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE));
        String verifier = "v".repeat(50);
        Map<String, String> back = query(idp.answer(authorizeUrl(verifier)).url());

        HttpResponse<String> wrongSecret = token(back.get("code"), verifier, "not-the-secret");
        HttpResponse<String> noVerifier = token(back.get("code"), "w".repeat(50), idp.clientSecret());
        Map<String, String> again = query(idp.answer(authorizeUrl(verifier)).url());
        HttpResponse<String> first = token(again.get("code"), verifier, idp.clientSecret());
        HttpResponse<String> second = token(again.get("code"), verifier, idp.clientSecret());

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(noVerifier.statusCode()).isEqualTo(400);
        assertThat(noVerifier.body()).contains("invalid_grant");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(400);
        Map<String, Object> tokens = JSONObjectUtils.parse(first.body());
        SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
        assertThat(idToken.getJWTClaimsSet().getClaim("nonce")).isEqualTo("n-1");
        assertThat(idToken.getJWTClaimsSet().getStringClaim("department")).isEqualTo("Finance");

        HttpResponse<String> userInfo = http.send(HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/userinfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/userinfo"))
                .header("Authorization", "Bearer made-up").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSONObjectUtils.parse(userInfo.body())).containsEntry("sub", ALICE.subject())
                .containsEntry("email", "alice@acme.test").containsEntry("groups", List.of("acme-staff", "acme-admins"));
        assertThat(stranger.statusCode()).isEqualTo(401);
    }

    @Test
    void backChannelLogoutWhenSentThenTheAppEndsAlicesSession() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE));
        signInThroughTheIdp();
        assertThat(app.get("/app/home").body()).contains("user=alice@acme.test");

        int status = idp.backChannelLogout(idp.sessions().get(0), app.baseUrl + "/sso/oidc/backchannel-logout");

        assertThat(status).isEqualTo(200);
        assertThat(app.get("/app/home").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void rotateKeysWhenTheAppKnowsOnlyTheOldKeyThenItFetchesTheNewOneAndAliceStillSignsIn() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE));
        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");

        idp.rotateKeys();

        assertThat(JSONObjectUtils.parse(Browser.get(app, idp.oidcIssuer() + "/jwks").body()).get("keys"))
                .asList().hasSize(2);
        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");
        idp.retirePreviousKeys();
        assertThat(JSONObjectUtils.parse(Browser.get(app, idp.oidcIssuer() + "/jwks").body()).get("keys"))
                .asList().hasSize(1);
    }

    @Test
    void downWhenAskedThenEveryEndpointAnswers503UntilUp() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE));

        idp.down();

        for (String path : List.of("/.well-known/openid-configuration", "/jwks", "/authorize")) {
            assertThat(Browser.get(app, idp.oidcIssuer() + path).statusCode()).isEqualTo(503);
        }
        assertThat(Browser.get(app, idp.samlMetadataUrl()).statusCode()).isEqualTo(503);
        idp.up();
        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");
    }

    @Test
    void endSessionWhenARedirectIsGivenThenItGoesBackWithTheState() throws Exception {
        start(TestIdp.builder());

        HttpResponse<String> out = Browser.get(app, idp.oidcIssuer() + "/logout?post_logout_redirect_uri="
                + TestIdpSamlTests.enc(app.baseUrl + "/bye") + "&state=s1");
        HttpResponse<String> elsewhere = Browser.get(app, idp.oidcIssuer() + "/logout?post_logout_redirect_uri="
                + TestIdpSamlTests.enc("https://evil.example/") + "&state=s1");

        assertThat(Browser.location(out)).isEqualTo(app.baseUrl + "/bye?state=s1");
        assertThat(elsewhere.statusCode()).as("no open redirect").isEqualTo(200);
        assertThat(elsewhere.body()).contains("signed out");
    }

    private String authorizeUrl(String verifier) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return idp.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=" + idp.clientId()
                + "&redirect_uri=" + TestIdpSamlTests.enc("http://127.0.0.1/cb") + "&state=s-1&nonce=n-1"
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    private HttpResponse<String> token(String code, String verifier, String secret) throws Exception {
        String form = "grant_type=authorization_code&code=" + TestIdpSamlTests.enc(code) + "&redirect_uri="
                + TestIdpSamlTests.enc("http://127.0.0.1/cb") + "&code_verifier=" + verifier;
        return http.send(HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((idp.clientId() + ":" + secret)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> query(String url) {
        return IdpServer.parameters(URI.create(url).getRawQuery());
    }
}
