package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.config.JitConfigFile;
import io.jitprov.servlet.TestApp;
import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/test-idp.md's example, whole: an application configured by a jit.yaml that names this run's
 * test IdP, in a real Jetty, signing Alice in through SAML and Carol through OpenID Connect.
 */
class TestIdpGuideTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").name("Alice Liddell")
            .groups("acme-staff", "acme-admins").build();
    static final TestPerson CAROL = TestPerson.withEmail("carol@globex.test").groups("globex-users").build();

    @RegisterExtension
    static final TestIdpExtension idp = TestIdpExtension.with(b -> b.signingInAs(ALICE));

    @TempDir
    Path dir;
    private TestApp app;

    @BeforeEach
    void startTheApplication() throws Exception {
        app = new TestApp(baseUrl -> JitConfigFile.load(config(baseUrl)).build());
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private Path config(String baseUrl) {
        try {
            return Files.writeString(dir.resolve("jit.yaml"), """
                    baseUrl: %s
                    protectedPaths: [/app/]
                    identityProviders:
                      - id: test-saml
                        saml: {metadataUrl: "%s", entityId: "%s", emailsVerified: true, allowInsecureHttp: true}
                      - id: test-oidc
                        oidc: {issuer: "%s", clientId: %s, clientSecret: {file: "%s"}}
                    tenants:
                      - id: acme
                        domains: [acme.test]
                        identityProviders: [test-saml]
                        roles: {defaultRoles: [member], rules: [{group: acme-admins, role: admin}]}
                      - id: globex
                        domains: [globex.test]
                        identityProviders: [test-oidc]
                        roles: {defaultRoles: [member]}
                    """.formatted(baseUrl, idp.get().samlMetadataUrl(), idp.get().samlEntityId(), idp.get().oidcIssuer(),
                    idp.get().clientId(), Files.writeString(dir.resolve("client-secret"), idp.get().clientSecret())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a browser does: asks to sign in by email, goes to the IdP, comes back. */
    private HttpResponse<String> signIn(String email) throws Exception {
        HttpResponse<String> login = app.post("/sso/login", Map.of("email", email, "return", "/app/"));
        TestIdp.Answer answer = idp.get().answer(login.headers().firstValue("Location").orElseThrow());
        return answer.method().equals("POST") ? app.post(answer.url(), answer.fields()) : app.get(answer.url());
    }

    @Test
    void aliceSignsInThroughSamlWithTheAdminRole() throws Exception {
        HttpResponse<String> back = signIn("alice@acme.test");

        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/app/"));
        assertThat(app.get("/app/").body()).contains("user=alice@acme.test").contains("admin=true").contains("member=true");
    }

    @Test
    void carolSignsInThroughOpenIdConnect(TestIdp testIdp) throws Exception {
        testIdp.signInAs(CAROL);

        signIn("carol@globex.test");

        assertThat(app.get("/app/").body()).contains("user=carol@globex.test").contains("admin=false");
        assertThat(testIdp.sessions()).last().satisfies(s -> assertThat(s.protocol()).isEqualTo(TestIdp.Protocol.OIDC));
    }

    @Test
    void anExpiredAssertionIsRefusedAndNobodyIsSignedIn() throws Exception {
        idp.get().failNext(TestIdp.Failure.EXPIRED);

        HttpResponse<String> refused = signIn("alice@acme.test");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("assertion_expired");
        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }
}
