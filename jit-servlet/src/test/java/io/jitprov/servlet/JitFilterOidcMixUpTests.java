package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IdP mix-up through JitFilter in a real Jetty (OIDC Core 3.1.3.7, RFC 9207). Provider A, trusted
 * by tenant acme, is honest and sends {@code iss} with its responses; provider B belongs to the
 * attacker, who administers tenant evil, which trusts B. A login sent to one provider must never
 * end with the other's identity.
 */
class JitFilterOidcMixUpTests {

    private TestProvider honest;
    private TestProvider attacker;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        honest = new TestProvider(TestTokens.RSA, "app-at-a", "\"authorization_response_iss_parameter_supported\":true");
        attacker = new TestProvider(TestTokens.RSA_NEXT, "app-at-b");
        app = new TestApp(this::login);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        honest.close();
        attacker.close();
    }

    private JitLogin login(String baseUrl) {
        try {
            DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
            domains.markVerified("acme", "acme.test", false);
            domains.markVerified("evil", "evil.test", false);
            OidcProviders providers = OidcProviders.of(honest.discover("secret-a").build(),
                    attacker.discover("secret-b").build());
            OidcVerifier verifier = OidcVerifier.builder().providers(providers).build();
            RoleMapping members = RoleMapping.builder().defaultRoles("member").build();
            TenantDirectory tenants = TenantDirectory.of(
                    Tenant.withId("acme").trustedIssuers(honest.issuer()).roleMapping(members).build(),
                    Tenant.withId("evil").trustedIssuers(attacker.issuer()).roleMapping(members).build());
            return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                    .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, tenants))
                            .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                    .auditSink(AuditSink.NONE)
                    .oidc(OidcLogin.builder().providers(providers).verifier(verifier).build(), verifier)
                    .route("acme", IdpRoute.oidc(honest.issuer()))
                    .route("evil", IdpRoute.oidc(attacker.issuer()))
                    .protectedPaths("/app/")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs in by email at home-realm discovery; returns the authorization request's parameters. */
    private Map<String, String> startLogin(String email, TestProvider expected) throws Exception {
        HttpResponse<String> start = app.post("/sso/login", Map.of("email", email, "return", "/app/home"));
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(expected.issuer() + "/authorize?");
        return query(authorize);
    }

    private static String mallorysToken(TestProvider provider, String nonce) {
        return provider.sign(TestTokens.aliceClaims(Instant.now()).issuer(provider.issuer()).audience(provider.clientId())
                .subject("mallory-1").claim("email", "mallory@evil.test").claim("nonce", nonce));
    }

    private HttpResponse<String> callback(Map<String, String> authorize, String iss) throws Exception {
        return app.get("/sso/oidc/callback?code=c-1&state=" + enc(authorize.get("state"))
                + (iss == null ? "" : "&iss=" + enc(iss)));
    }

    private void assertSignedOut() throws Exception {
        assertThat(app.get("/app/home").statusCode()).isEqualTo(302);
    }

    @Test
    void callbackWhenTheAttackersProviderRedeemsTheVictimsLoginAtTheHonestOneThenRefusedAndNobodySignedIn()
            throws Exception {
        // The attacker starts a login in their own tenant, has the victim sign in at A with that
        // request's nonce and PKCE challenge, redeems the victim's code at A, and B's token
        // endpoint hands A's ID token of the victim back to the application.
        Map<String, String> authorize = startLogin("mallory@evil.test", attacker);
        attacker.answerTokenRequests(honest.idToken(authorize.get("nonce"), Instant.now()));

        HttpResponse<String> refused = callback(authorize, null);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(JitErrorCodes.ISSUER_MISMATCH).doesNotContain("alice");
        assertSignedOut();
        assertThat(honest.tokenRequests()).isEmpty();
    }

    @Test
    void callbackWhenALoginSentToTheHonestProviderComesBackWithTheAttackersTokenThenRefused() throws Exception {
        Map<String, String> authorize = startLogin("alice@acme.test", honest);
        honest.answerTokenRequests(mallorysToken(attacker, authorize.get("nonce")));

        HttpResponse<String> refused = callback(authorize, honest.issuer());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(JitErrorCodes.ISSUER_MISMATCH);
        assertSignedOut();
    }

    @Test
    void callbackWhenTheHonestProviderSendsIssAndTheCallbackLacksOrChangesItThenRefusedBeforeTheCodeIsRedeemed()
            throws Exception {
        Map<String, String> withoutIss = startLogin("alice@acme.test", honest);
        Map<String, String> otherIss = startLogin("alice@acme.test", honest);

        assertThat(callback(withoutIss, null).body()).contains(JitErrorCodes.ISSUER_MISMATCH);
        assertThat(callback(otherIss, attacker.issuer()).body()).contains(JitErrorCodes.ISSUER_MISMATCH);
        assertSignedOut();
        assertThat(honest.tokenRequests()).isEmpty();
        assertThat(attacker.tokenRequests()).isEmpty();
    }

    @Test
    void callbackWhenEachProviderAnswersItsOwnLoginThenEachPersonSignedInToTheirTenant() throws Exception {
        Map<String, String> alice = startLogin("alice@acme.test", honest);
        honest.answerTokenRequests(honest.idToken(alice.get("nonce"), Instant.now()));
        assertThat(callback(alice, honest.issuer()).statusCode()).isEqualTo(302);
        assertThat(app.get("/app/home").body()).contains("JitPrincipal[alice@acme.test of acme");

        TestApp mallorysBrowser = app.other();
        HttpResponse<String> start = mallorysBrowser.post("/sso/login", Map.of("email", "mallory@evil.test"));
        Map<String, String> mallory = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        attacker.answerTokenRequests(mallorysToken(attacker, mallory.get("nonce")));
        assertThat(mallorysBrowser.get("/sso/oidc/callback?code=c-2&state=" + enc(mallory.get("state"))).statusCode())
                .isEqualTo(302);
        assertThat(mallorysBrowser.get("/app/").body()).contains("JitPrincipal[mallory@evil.test of evil");
    }
}
