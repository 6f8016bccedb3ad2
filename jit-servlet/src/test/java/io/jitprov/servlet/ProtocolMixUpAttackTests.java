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
import io.jitprov.oidc.OidcDiscovery;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Substitution between protocols: a SAML RelayState presented as an OIDC state and the reverse,
 * in one browser session holding a pending login of each kind. Each key works only for the
 * protocol that made it, and trying it on the other neither crashes nor uses it up.
 */
class ProtocolMixUpAttackTests {

    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private TestProvider provider;
    private String issuer;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        provider = new TestProvider(TestTokens.RSA, TestTokens.CLIENT_ID);
        issuer = provider.issuer();
        app = new TestApp(this::login);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        provider.close();
    }

    private JitLogin login(String baseUrl) {
        try {
            DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
            domains.markVerified("acme", "acme.test", false);
            Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP, issuer)
                    .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
            OidcProvider op = OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), Clock.systemUTC())
                    .clientId(provider.clientId()).build();
            OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(op)).build();
            SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml")
                    .acsUrl(baseUrl + "/sso/saml/acs").build();
            SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(IdpSide.metadata())
                    .emailsVerified(true).wantAuthnRequestsSigned(false).build());
            return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                    .provisioner(Provisioner.builder()
                            .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                            .userStore(accounts).auditSink(AuditSink.NONE).build())
                    .auditSink(AuditSink.NONE)
                    .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                    .oidc(OidcLogin.builder().providers(OidcProviders.of(op)).verifier(verifier).build(), verifier)
                    .route("acme", IdpRoute.saml(IdpSide.IDP))
                    .protectedPaths("/app/")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> startSaml() throws Exception {
        HttpResponse<String> start = app.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=%2Fapp%2F");
        return query(URI.create(start.headers().firstValue("Location").orElseThrow()));
    }

    private Map<String, String> startOidc() throws Exception {
        HttpResponse<String> start = app.get("/sso/oidc/login?idp=" + enc(issuer) + "&return=%2Fapp%2F");
        Map<String, String> authorize = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        provider.answerTokenRequests(provider.idToken(authorize.get("nonce"), Instant.now()));
        return authorize;
    }

    @Test
    void samlRelayStateWhenPresentedAsOidcStateThenRefusedAndStillGoodForSaml() throws Exception {
        Map<String, String> saml = startSaml();

        HttpResponse<String> callback = app.get("/sso/oidc/callback?code=c-1&state=" + enc(saml.get("RelayState")));

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body()).contains(JitErrorCodes.STATE_MISMATCH);
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs",
                JitFilterSamlTests.requestIdOf(saml.get("SAMLRequest")), "alice", "alice@acme.test", List.of());
        HttpResponse<String> acs = app.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", saml.get("RelayState")));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
    }

    @Test
    void oidcStateWhenPresentedAsRelayStateThenTheResponseFindsNoRequestAndTheStateStillWorks() throws Exception {
        Map<String, String> saml = startSaml();
        Map<String, String> oidc = startOidc();
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs",
                JitFilterSamlTests.requestIdOf(saml.get("SAMLRequest")), "alice", "alice@acme.test", List.of());

        HttpResponse<String> acs = app.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", oidc.get("state")));

        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(400);
        assertThat(acs.body()).contains(JitErrorCodes.IN_RESPONSE_TO_MISMATCH).doesNotContain("Exception");
        HttpResponse<String> callback = app.get("/sso/oidc/callback?code=c-1&state=" + enc(oidc.get("state")));
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(app.get("/app/").body()).contains("user=");
    }
}
