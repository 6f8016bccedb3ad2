package io.jitprov.config;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.servlet.JitFilterSamlTests;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IdP step for an OpenID provider: its discovery document read and checked, its secret sealed. */
class SetupOidcTests extends SetupTestBase {

    private WireMockServer provider;
    private String issuer;

    @BeforeEach
    void startProvider() {
        provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        issuer = "http://127.0.0.1:" + provider.port() + "/realms/initech";
    }

    @AfterEach
    void stopProvider() {
        provider.stop();
    }

    private void discovery(String named) {
        provider.stubFor(get("/realms/initech/.well-known/openid-configuration").willReturn(okJson("""
                {"issuer": "%s", "authorization_endpoint": "%s/auth", "token_endpoint": "%s/token",
                 "jwks_uri": "%s/certs"}""".formatted(named, issuer, issuer, issuer))));
    }

    @Test
    void idpWhenDiscoveryNamesAnotherIssuerThenSaysWhichToUse() throws Exception {
        discovery(issuer + "/other");
        TestApp admin = opened(issueLink("initech"));

        HttpResponse<String> refused = submit(admin, "/idp/keycloak", csrf(admin), "issuer", issuer, "clientId", "app",
                "clientSecret", "s3cr3t-value");

        assertPlainPage(refused, 422);
        assertThat(refused.body()).contains("The discovery document&#39;s issuer is " + issuer + "/other, not " + issuer
                + ": use exactly " + issuer + "/other as the issuer URL.");
        assertThat(refused.body()).doesNotContain("s3cr3t-value");
        assertThat(nodes.backOffice.connectionsOf("initech")).isEmpty();
    }

    @Test
    void idpWhenDiscoveryMatchesThenDraftKeepsOnlyTheSealedSecretAndKeepsItWhenLeftEmpty() throws Exception {
        discovery(issuer);
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        HttpResponse<String> saved = submit(admin, "/idp/oidc", csrf, "issuer", issuer + "/.well-known/openid-configuration",
                "clientId", "app", "clientSecret", "s3cr3t-value");
        HttpResponse<String> form = admin.get(SETUP + "/idp/oidc");
        HttpResponse<String> again = submit(admin, "/idp/oidc", csrf, "issuer", issuer, "clientId", "app",
                "clientSecret", "");
        HttpResponse<String> movedWithoutSecret = submit(admin, "/idp/oidc", csrf, "issuer", issuer, "clientId",
                "another-app", "clientSecret", "");

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(form.body()).contains("value=\"" + issuer + "\"").contains("value=\"app\"")
                .contains("Leave empty to keep the secret saved before.").doesNotContain("s3cr3t");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(303);
        assertPlainPage(movedWithoutSecret, 422);
        assertThat(movedWithoutSecret.body()).contains("Give the client secret.");
        JsonNode draft = connectionOf("initech");
        assertThat(draft.toString()).doesNotContain("s3cr3t");
        assertThat(draft.path("oidc").path("clientSecret").path("sealed").asText()).startsWith("aes-gcm:k1:");
        assertThat(draft.path("oidc").path("clientId").asText()).isEqualTo("app");
        assertThat(nodes.backOffice.connectionsOf("initech").get(0).key()).isNull();
    }

    @Test
    void testSignInWhenProviderAnswersThenEveryCheckPassesAndNobodyIsSignedIn() throws Exception {
        try (TestProvider op = new TestProvider(TestTokens.RSA, "initech-app")) {
            TestApp admin = opened(issueLink("initech"));
            String csrf = csrf(admin);
            submit(admin, "/domain", csrf, "domain", "initech.test");
            publishProof("initech", "initech.test");
            submit(admin, "/domain/check", csrf, "domain", "initech.test");
            submit(admin, "/idp/oidc", csrf, "issuer", op.issuer(), "clientId", op.clientId(), "clientSecret",
                    "s3cr3t-value");

            HttpResponse<String> started = submit(admin, "/test", csrf);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
            Map<String, String> authorize = JitFilterSamlTests.query(URI.create(
                    started.headers().firstValue("Location").orElseThrow()));
            assertThat(authorize.get("prompt")).isEqualTo("login");
            assertThat(authorize.get("redirect_uri")).isEqualTo(app.baseUrl + "/sso/oidc/callback");
            op.answerTokenRequests(op.sign(TestTokens.aliceClaims(Instant.now()).issuer(op.issuer())
                    .audience(op.clientId()).claim("nonce", authorize.get("nonce")).claim("email", "ann@initech.test")));
            HttpResponse<String> back = admin.get("/sso/oidc/callback?code=c1&state="
                    + URLEncoder.encode(authorize.get("state"), StandardCharsets.UTF_8));
            assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
            HttpResponse<String> result = admin.get(back.headers().firstValue("Location").orElseThrow());

            assertPlainPage(result, 200);
            assertThat(result.body()).contains("Every check passed").contains("The answer comes from " + op.issuer())
                    .contains("Issued to client initech-app").contains("initech.test is verified for your organisation.")
                    .contains("A new account would be created for ann@initech.test.");
            assertThat(op.tokenRequests()).singleElement().satisfies(token ->
                    assertThat(token.getHeader("Authorization")).startsWith("Basic "));
            assertThat(admin.get("/app/whoami").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void idpWhenProviderDoesNotAnswerThenSaysSoPlainly() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        HttpResponse<String> refused = submit(admin, "/idp/oidc", csrf(admin), "issuer", issuer, "clientId", "app",
                "clientSecret", "s3cr3t-value");

        assertPlainPage(refused, 422);
        assertThat(refused.body()).contains(issuer + "/.well-known/openid-configuration answered with HTTP status 404");
    }
}
