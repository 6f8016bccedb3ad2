package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.AuditSink;
import io.jitprov.core.DomainRegistry;
import io.jitprov.core.DomainTenantResolver;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.InMemoryUserStore;
import io.jitprov.core.Provisioner;
import io.jitprov.core.RoleMapping;
import io.jitprov.core.Tenant;
import io.jitprov.core.TenantDirectory;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestTokens;
import io.jitprov.saml.IdpSide;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Findings of a fresh-eyes attack on the web layer: each test fails on the code as it stands and
 * passes once the defect is fixed. The deployment is {@link FreshEyesApp}: several identity
 * providers, one of them the attacker's, as the threat model allows.
 */
class FreshEyesAttackTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FreshEyesApp target;
    private TestApp victim;
    private TestApp attacker;

    @BeforeEach
    void start() throws Exception {
        target = new FreshEyesApp();
        victim = target.app;
        attacker = victim.other();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    // ---------------------------------------------------------------------------------------------
    // SAML single logout: whoever presents a LogoutRequest is signed out, whoever it names
    // ---------------------------------------------------------------------------------------------

    /**
     * Mallory, an ordinary user, signs out of the IdP; the IdP hands her browser a signed
     * LogoutRequest for <em>her</em> session, addressed to jit's SLO endpoint. She does not follow
     * it: she makes Alice's browser post it (an auto-submitting form on any site; the README asks for
     * {@code SameSite=None} session cookies, so the cookie goes along). jit verifies the request,
     * ends the sessions it names (Mallory's), and then also invalidates the session of the browser
     * that presented it: Alice's. A link or a form on another site signs Alice out, which is what the
     * CSRF-protected {@code /logout} promises cannot happen.
     */
    @Test
    void sloWhenALogoutRequestForAnotherPersonIsPostedFromTheVictimsBrowserThenTheVictimStaysSignedIn()
            throws Exception {
        target.signIn(attacker, null, "mallory", "mallory@acme.test", List.of());
        target.signIn(victim, null, "alice", "alice@acme.test", List.of("acme-admins"));
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");
        String malloryOwnLogout = IdpSide.logoutRequest(victim.baseUrl + "/sso/saml/slo", "mallory",
                IdpSide.sessionIndex(), false);

        HttpResponse<String> csrf = victim.post("/sso/saml/slo", Map.of("SAMLRequest", malloryOwnLogout));

        assertThat(csrf.statusCode()).isEqualTo(302); // accepted: it is a genuine LogoutRequest, for Mallory
        assertThat(FreshEyesApp.whoIs(attacker)).as("Mallory's own session ends, as her IdP asked").isNull();
        assertThat(FreshEyesApp.whoIs(victim)).as("Alice's session was not named by the LogoutRequest")
                .isEqualTo("alice@acme.test");
    }

    /**
     * An IdP whose metadata offers single logout by HTTP-POST only (Keycloak's "Logout Service POST
     * Binding URL", or an attacker's IdP trusted by another tenant) sends a genuine LogoutRequest:
     * jit ends the sessions, then {@code responseRedirectUrl} throws IllegalStateException ("no
     * HTTP-Redirect SingleLogoutService") and the filter answers 500 and logs at ERROR. Every IdP
     * logout of such an IdP does it, and anyone holding one of its LogoutRequests can repeat it.
     */
    @Test
    void sloWhenTheIdpOffersSingleLogoutByPostOnlyThenNo500AndNoErrorLog() throws Exception {
        target.signIn(victim, FreshEyesApp.ACME_SECOND, "bob-2", "bob@acme.test", List.of());
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("bob@acme.test");
        String logout = FreshEyesApp.ACME_SECOND.logoutRequest(victim.baseUrl + "/sso/saml/slo", "bob-2");

        HttpResponse<String> slo;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            slo = victim.post("/sso/saml/slo", Map.of("SAMLRequest", logout, "RelayState", "idp-state"));
            errors = log.errors();
        }

        assertThat(FreshEyesApp.whoIs(victim)).isNull(); // the logout itself happened
        assertThat(slo.statusCode()).as(slo.body()).isNotEqualTo(500);
        assertThat(errors).as("ERROR lines").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // 500s and ERROR lines anyone can cause
    // ---------------------------------------------------------------------------------------------

    /**
     * A SAML-only deployment (the README's minimum configuration) still routes {@code /oidc/*} to
     * the sign-in endpoints, where {@code requireOidc} throws IllegalStateException: an anonymous
     * GET answers 500 and logs a stack trace at ERROR, as often as anyone likes.
     */
    @Test
    void oidcEndpointsWhenOnlySamlIsConfiguredThenNotFoundAndNoErrorLog() throws Exception {
        List<TestApp.Raw> answers;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            answers = List.of(
                    victim.raw("GET", "/sso/oidc/login?idp=x", Map.of("Accept", "text/html"), ""),
                    victim.raw("GET", "/sso/oidc/callback?code=c&state=s", Map.of("Accept", "text/html"), ""),
                    victim.raw("POST", "/sso/oidc/backchannel-logout",
                            Map.of("Content-Type", "application/x-www-form-urlencoded"), "logout_token=x"));
            errors = log.errors();
        }

        for (TestApp.Raw answer : answers) {
            assertThat(answer.status()).as(answer.head()).isIn(400, 404);
        }
        assertThat(errors).as("ERROR lines").isEmpty();
    }

    /** The same the other way round: an OIDC-only deployment answers {@code /saml/*} with 500 and an ERROR. */
    @Test
    void samlEndpointsWhenOnlyOidcIsConfiguredThenNotFoundAndNoErrorLog() throws Exception {
        try (TestApp oidcOnly = new TestApp(FreshEyesAttackTests::oidcOnly)) {
            List<TestApp.Raw> answers;
            List<String> errors;
            try (ErrorLog log = new ErrorLog()) {
                answers = List.of(
                        oidcOnly.raw("GET", "/sso/saml/metadata", Map.of(), ""),
                        oidcOnly.raw("GET", "/sso/saml/login?idp=x", Map.of("Accept", "text/html"), ""),
                        oidcOnly.raw("POST", "/sso/saml/acs", Map.of("Content-Type",
                                "application/x-www-form-urlencoded"), "SAMLResponse=eA%3D%3D"),
                        oidcOnly.raw("GET", "/sso/saml/slo?SAMLRequest=x", Map.of(), ""));
                errors = log.errors();
            }

            for (TestApp.Raw answer : answers) {
                assertThat(answer.status()).as(answer.head()).isIn(400, 404);
            }
            assertThat(errors).as("ERROR lines").isEmpty();
        }
    }

    private static JitLogin oidcOnly(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        OidcProvider op = TestTokens.provider(TestTokens.RSA).authorizationEndpoint(URI.create(TestTokens.ISSUER
                + "/authorize")).tokenEndpoint(URI.create(TestTokens.ISSUER + "/token")).build();
        OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(op)).build();
        Tenant acme = Tenant.withId("acme").trustedIssuers(TestTokens.ISSUER)
                .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .oidc(OidcLogin.builder().providers(OidcProviders.of(op)).verifier(verifier).build(), verifier)
                .route("acme", IdpRoute.oidc(TestTokens.ISSUER))
                .protectedPaths("/app/")
                .build();
    }

    /**
     * An IdP trusted by tenant initech publishes metadata whose only SingleSignOnService uses the
     * HTTP-Artifact binding (the operator fetches it by URL, so whoever runs that IdP decides what
     * it says, and can change it at the next refresh). {@code /saml/login?idp=} for it, or
     * {@code POST /login} with any initech.test address, makes {@code SamlAuthnRequests.post} throw
     * IllegalStateException: 500 and an ERROR line per anonymous request.
     */
    @Test
    void samlLoginWhenTheIdpsMetadataOffersNoBindingJitSpeaksThenARefusalNotA500() throws Exception {
        List<TestApp.Raw> answers;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            answers = List.of(
                    victim.raw("GET", "/sso/saml/login?idp=" + enc(FreshEyesApp.ARTIFACT.entityId()),
                            Map.of("Accept", "text/html"), ""),
                    victim.raw("POST", "/sso/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                            "email=" + enc("anyone@initech.test")));
            errors = log.errors();
        }

        for (TestApp.Raw answer : answers) {
            assertThat(answer.status()).as(answer.head()).isNotEqualTo(500);
        }
        assertThat(errors).as("ERROR lines").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // SCIM: the endpoint of one IdP links its subjects to accounts of another
    // ---------------------------------------------------------------------------------------------

    private HttpResponse<String> scim(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(victim.baseUrl + path))
                .header("Authorization", "Bearer " + FreshEyesApp.SCIM_TOKEN).header("Accept", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        return victim.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Tenant acme trusts two IdPs; its SCIM endpoint belongs to the first ({@code identityProvider}:
     * "whose logins the pushed users make"). Carol, an admin, signs in through the second. The
     * holder of acme's SCIM token lists the Users (Carol shows with her account id as userName, as
     * she has no identity of the SCIM IdP), then PUTs Carol's resource with the userName of a
     * subject they control at the first IdP. jit "renames" by adding that identity to Carol's
     * account, so Mallory signs in through the first IdP and lands in Carol's account: an account
     * link made without any IdP having verified anything, although the tenant's {@code linkPolicy}
     * is {@code never}.
     */
    @Test
    void scimPutWhenTheAccountHasNoIdentityOfTheScimIdpThenItIsNotLinkedToOne() throws Exception {
        target.signIn(victim, FreshEyesApp.ACME_SECOND, "carol-2", "carol@acme.test", List.of("acme-admins"));
        String carol = target.accountOf("acme", FreshEyesApp.ACME_SECOND.entityId(), "carol-2");
        JsonNode listed = JSON.readTree(scim("GET", "/sso/scim/acme/v2/Users", null).body());
        assertThat(listed.get("Resources").findValuesAsText("id")).contains(carol);

        HttpResponse<String> put = scim("PUT", "/sso/scim/acme/v2/Users/" + carol,
                "{\"userName\":\"mallory-1\",\"emails\":[{\"value\":\"carol@acme.test\",\"primary\":true}]}");
        target.signIn(attacker, null, "mallory-1", "mallory@acme.test", List.of());

        assertThat(target.accounts.findById(carol).orElseThrow().identities())
                .as("Carol's account after the SCIM PUT (answered %s)", put.statusCode())
                .doesNotContain(new ExternalIdentity(IdpSide.IDP, "mallory-1"));
        assertThat(target.accountOf("acme", IdpSide.IDP, "mallory-1")).as("the account Mallory signed in to")
                .isNotEqualTo(carol);
    }
}
