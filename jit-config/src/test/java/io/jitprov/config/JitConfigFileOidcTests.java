package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OIDC settings of the configuration file, each taken per identity provider, through logins in a real Jetty. */
class JitConfigFileOidcTests {

    @TempDir
    Path dir;

    private TestProvider acmeIdp;
    private TestProvider globexIdp;

    @BeforeEach
    void start() {
        acmeIdp = new TestProvider(TestTokens.RSA, "app-at-acme");
        globexIdp = new TestProvider(TestTokens.RSA_NEXT, "app-at-globex");
    }

    @AfterEach
    void stop() {
        acmeIdp.close();
        globexIdp.close();
    }

    private TestApp app(String acmeSettings, String globexSettings) throws Exception {
        Path file = Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: http://127.0.0.1:8080
                protectedPaths: [/app/]
                identityProviders:
                  - id: acme-idp
                    oidc: {issuer: "%s", clientId: app-at-acme%s}
                  - id: globex-idp
                    oidc: {issuer: "%s", clientId: app-at-globex%s}
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    roles: {defaultRoles: [member], rules: [{group: acme-admins, role: admin}]}
                  - id: globex
                    domains: [globex.test]
                    identityProviders: [globex-idp]
                    roles: {defaultRoles: [member], rules: [{group: acme-admins, role: admin}]}
                """.formatted(acmeIdp.issuer(), acmeSettings, globexIdp.issuer(), globexSettings));
        return new TestApp(base -> JitConfigFile.load(file).build());
    }

    /** Signs in through home-realm discovery; the provider's token endpoint answers with the person's ID token. */
    private HttpResponse<String> signIn(TestApp browser, TestProvider idp, String email) throws Exception {
        HttpResponse<String> start = browser.post("/sso/login", Map.of("email", email, "return", "/app/"));
        Map<String, String> authorize = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        idp.answerTokenRequests(idp.sign(TestTokens.aliceClaims(Instant.now()).issuer(idp.issuer())
                .audience(idp.clientId()).claim("email", email).claim("groups", null)
                .claim("nonce", authorize.get("nonce"))));
        return browser.get("/sso/oidc/callback?code=c-1&state=" + enc(authorize.get("state")));
    }

    @Test
    void loadWhenOneProviderMergesUserInfoThenOnlyItsLoginsReadUserInfoAndItsGroupsGrantRoles() throws Exception {
        String userInfo = "{\"sub\":\"248289761001\",\"groups\":[\"acme-admins\"]}";
        acmeIdp.answerUserInfo(userInfo);
        globexIdp.answerUserInfo(userInfo);

        try (TestApp app = app(", mergeUserInfo: true", "")) {
            assertThat(signIn(app, acmeIdp, "alice@acme.test").statusCode()).isEqualTo(302);
            TestApp globexBrowser = app.other();
            assertThat(signIn(globexBrowser, globexIdp, "carol@globex.test").statusCode()).isEqualTo(302);

            assertThat(acmeIdp.userInfoRequests()).hasSize(1);
            assertThat(globexIdp.userInfoRequests()).isEmpty();
            assertThat(app.get("/app/").body()).contains("user=alice@acme.test").contains("admin=true");
            assertThat(globexBrowser.get("/app/").body()).contains("user=carol@globex.test").contains("admin=false");
        }
    }

    @Test
    void loadWhenAnExplicitProviderSaysItSendsIssThenACallbackWithoutIssIsRefused() throws Exception {
        String explicit = ", authorizationResponseIssParameterSupported: true, jwksUri: \"%s/jwks\","
                + " authorizationEndpoint: \"%s/authorize\", tokenEndpoint: \"%s/token\"";
        try (TestApp app = app(explicit.formatted(acmeIdp.issuer(), acmeIdp.issuer(), acmeIdp.issuer()), "")) {
            HttpResponse<String> refused = signIn(app, acmeIdp, "alice@acme.test");

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains(JitErrorCodes.ISSUER_MISMATCH);
            assertThat(acmeIdp.tokenRequests()).isEmpty();
        }
    }
}
