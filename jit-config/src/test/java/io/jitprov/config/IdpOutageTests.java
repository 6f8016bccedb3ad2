package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.servlet.TestApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One customer's IdP outage is that customer's alone, in a real Jetty: the application starts while
 * an OpenID provider answers 503 and a SAML metadata URL refuses connections, the other tenant
 * signs in, the two whose IdP is down get 503 {@code idp_unavailable}, and the OpenID provider is
 * used again on its own once it is back.
 */
class IdpOutageTests {

    private static final String DEAD_SAML_IDP = "https://idp.initech.test";

    @TempDir
    Path dir;

    private TestProvider acmeIdp;
    private TestProvider globexIdp;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        acmeIdp = new TestProvider(TestTokens.RSA, "app-at-acme");
        globexIdp = new TestProvider(TestTokens.RSA_NEXT, "app-at-globex");
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // closed again before use: connections are refused
        }
    }

    @AfterEach
    void stop() {
        acmeIdp.close();
        globexIdp.close();
    }

    private Path file() throws Exception {
        return Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: http://127.0.0.1:8080
                protectedPaths: [/app/]
                identityProviders:
                  - id: acme-idp
                    oidc: {issuer: "%s", clientId: app-at-acme}
                  - id: globex-idp
                    oidc: {issuer: "%s", clientId: app-at-globex}
                  - id: initech-idp
                    saml: {metadataUrl: "http://127.0.0.1:%d/metadata", entityId: "%s", allowInsecureHttp: true}
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                  - id: globex
                    domains: [globex.test]
                    identityProviders: [globex-idp]
                  - id: initech
                    domains: [initech.test]
                    identityProviders: [initech-idp]
                """.formatted(acmeIdp.issuer(), globexIdp.issuer(), closedPort, DEAD_SAML_IDP));
    }

    private static HttpResponse<String> startSignIn(TestApp browser, String email) throws Exception {
        return browser.post("/sso/login", Map.of("email", email, "return", "/app/"));
    }

    private static void assertUnavailable(HttpResponse<String> refused) {
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("Sign-in is unavailable").contains(JitErrorCodes.IDP_UNAVAILABLE)
                .doesNotContain("Exception").doesNotContain("127.0.0.1");
    }

    @Test
    void startWhenTwoIdpsAreDownThenTheAppStartsAndOnlyTheirTenantsAreRefusedForNow() throws Exception {
        acmeIdp.down();

        try (TestApp app = new TestApp(base -> JitConfigFile.load(uncheck(this::file)).build())) {
            assertThat(acmeIdp.discoveryRequests()).as("nothing is read at start").isZero();

            HttpResponse<String> start = startSignIn(app, "carol@globex.test");
            Map<String, String> authorize = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
            globexIdp.answerTokenRequests(globexIdp.sign(TestTokens.aliceClaims(Instant.now())
                    .issuer(globexIdp.issuer()).audience(globexIdp.clientId()).claim("email", "carol@globex.test")
                    .claim("nonce", authorize.get("nonce"))));
            assertThat(app.get("/sso/oidc/callback?code=c-1&state=" + enc(authorize.get("state"))).statusCode())
                    .isEqualTo(302);
            assertThat(app.get("/app/").body()).contains("user=carol@globex.test");

            assertUnavailable(startSignIn(app.other(), "alice@acme.test"));
            assertUnavailable(startSignIn(app.other(), "bob@initech.test"));
            assertUnavailable(app.other().get("/sso/saml/login?idp=" + enc(DEAD_SAML_IDP)));
        }
    }

    @Test
    void signInWhenTheIdpIsBackThenItsLoginsGoThroughWithoutARestart() throws Exception {
        acmeIdp.down();
        try (TestApp app = new TestApp(base -> JitConfigFile.load(uncheck(this::file)).build())) {
            assertUnavailable(startSignIn(app, "alice@acme.test"));

            acmeIdp.up();
            // jit tries again 10 seconds after the failure, on the first login that needs it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> start = startSignIn(app, "alice@acme.test");
            while (start.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                start = startSignIn(app, "alice@acme.test");
            }

            assertThat(start.statusCode()).isEqualTo(302);
            assertThat(start.headers().firstValue("Location").orElseThrow()).startsWith(acmeIdp.issuer() + "/authorize");
            assertThat(acmeIdp.discoveryRequests()).as("no request storm while it was down").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void loadWhenAMetadataUrlDoesNotNameItsIdpThenAConfigurationProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: http://127.0.0.1:8080
                identityProviders:
                  - id: initech-idp
                    saml: {metadataUrl: "http://127.0.0.1:%d/metadata", allowInsecureHttp: true}
                tenants:
                  - id: initech
                    domains: [initech.test]
                    identityProviders: [initech-idp]
                """.formatted(closedPort));

        assertThatThrownBy(() -> JitConfigFile.load(file)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                        .contains("identityProviders[0].saml.entityId").contains("required with metadataUrl")));
    }

    private interface Checked<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Checked<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
