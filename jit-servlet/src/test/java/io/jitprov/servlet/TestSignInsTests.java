package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.inflate;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test sign-ins through JitFilter in a real Jetty: a mounted servlet starts one through an IdP the
 * application does not take logins from, the IdP's answer comes back to the ACS, and every check
 * is reported while nothing is provisioned, audited as a login, or signed in.
 */
class TestSignInsTests {

    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private Tenant tested = acme().build();
    private TestApp app;
    private final TestProvider op = new TestProvider(TestTokens.RSA, "acme-app");

    private static Tenant.Builder acme() {
        return Tenant.withId("acme").trustedIssuers(IdpSide.IDP).roleMapping(RoleMapping.builder()
                .rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build());
    }

    @BeforeEach
    void start() throws Exception {
        app = new TestApp(this::login, "", context -> { }, false);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        op.close();
    }

    private JitLogin login(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        SamlServiceProvider sp = SamlServiceProvider.at(baseUrl + "/sso").build();
        // The application takes logins from no IdP yet: the one under test is handed to the test sign-in only.
        SamlIdentityProviders none = SamlIdentityProviders.of(List.of());
        OidcProviders noProviders = issuer -> java.util.Optional.empty();
        OidcVerifier oidcVerifier = OidcVerifier.builder().providers(noProviders).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .oidc(OidcLogin.builder().providers(noProviders).verifier(oidcVerifier).build(), oidcVerifier)
                .provisioner(Provisioner.builder()
                        .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme().build())))
                        .userStore(accounts).auditSink(audit::add).build())
                .auditSink(audit::add)
                .saml(sp, none, SamlVerifier.builder().serviceProvider(sp).identityProviders(none).build())
                .mount("/tester", new Tester())
                .protectedPaths("/app/")
                .build();
    }

    /** What an application's setup page does: starts a test sign-in, and shows its result as text. */
    private final class Tester extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            TestSignIns tests = (TestSignIns) request.getAttribute(TestSignIns.ATTRIBUTE);
            if (request.getParameter("oidc") != null) {
                tests.startOidc(request, response, op.discover("s3cr3t").build(), tested.toBuilder()
                        .trustedIssuers(op.issuer()).build(), "/sso/tester");
                return;
            }
            if (request.getParameter("start") != null) {
                SamlIdentityProvider idp = SamlMetadata.parseIdentityProvider(IdpSide.metadata()).emailsVerified(true)
                        .groupAttributes("memberOf").wantAuthnRequestsSigned(false).build();
                try {
                    tests.startSaml(request, response, idp, tested, request.getParameter("start"));
                } catch (IllegalArgumentException e) {
                    response.sendError(400);
                }
                return;
            }
            response.setContentType("text/plain;charset=UTF-8");
            List<String> lines = new ArrayList<>();
            tests.result(request, String.valueOf(request.getParameter("test"))).ifPresentOrElse(result -> {
                lines.add("passed=" + result.passed() + " idp=" + result.idp());
                result.checks().forEach(c -> lines.add(c.name() + " " + c.status() + " " + c.code() + " | "
                        + c.detail() + " | " + c.fix()));
            }, () -> lines.add("none"));
            response.getWriter().print(String.join("\n", lines));
        }
    }

    /** Starts a test sign-in; the AuthnRequest's ID and the RelayState. */
    private String[] startTest() throws Exception {
        HttpResponse<String> started = app.get("/sso/tester?start=%2Fsso%2Ftester");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Map<String, String> redirect = query(URI.create(started.headers().firstValue("Location").orElseThrow()));
        String request = inflate(redirect.get("SAMLRequest"));
        assertThat(request).contains("ForceAuthn=\"true\"");
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(request);
        assertThat(id.find()).isTrue();
        return new String[] {id.group(1), redirect.get("RelayState")};
    }

    private String result(String[] started, String audience, String email, List<String> groups) throws Exception {
        String response = IdpSide.response(audience, app.baseUrl + "/sso/saml/acs", started[0], "sub-1", email, groups);
        HttpResponse<String> posted = app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState",
                started[1]));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/sso/tester?test=");
        return app.get(location).body();
    }

    @Test
    void testSignInWhenAllIsRightThenEveryCheckPassesAndNothingHappensToAccountsOrSessions() throws Exception {
        String[] started = startTest();

        String result = result(started, app.baseUrl + "/sso/saml", "alice@acme.test", List.of("acme-admins"));

        assertThat(result).startsWith("passed=true idp=" + IdpSide.IDP)
                .contains("signature PASSED null | Signed by the identity provider with the certificate CN=idp.acme.test")
                .contains("roles PASSED null | The person would get: admin, member.")
                .contains("account PASSED null | A new account would be created for alice@acme.test.");
        assertThat(accounts.accountsOf("acme")).isEmpty();
        assertThat(audit).as("no login was recorded").isEmpty();
        assertThat(app.get("/app/").statusCode()).as("nobody is signed in").isEqualTo(302);
    }

    @Test
    void testSignInWhenAddressedToAnotherServiceThenThatCheckFailsWithItsFix() throws Exception {
        String[] started = startTest();

        String result = result(started, "https://other.example/saml", "alice@acme.test", List.of());

        assertThat(result).startsWith("passed=false")
                .contains("issuer PASSED").contains("signature PASSED")
                .contains("addressed FAILED " + JitErrorCodes.AUDIENCE_MISMATCH)
                .contains("Set the Audience URI (SP entity ID, Identifier) at your identity provider")
                .contains("account NOT_CHECKED");
    }

    @Test
    void testSignInWhenTenantRequiresAGroupThenPolicyFailsAndRolesAreNotShown() throws Exception {
        tested = acme().requireAnyGroup("acme-staff").build();
        String[] started = startTest();

        String result = result(started, app.baseUrl + "/sso/saml", "alice@acme.test", List.of("acme-admins"));

        assertThat(result).contains("attributes PASSED").contains("domain PASSED")
                .contains("policy FAILED " + JitErrorCodes.REQUIRED_GROUP_MISSING)
                .contains("roles NOT_CHECKED").contains("account NOT_CHECKED");
    }

    @Test
    void testSignInWhenEmailDomainIsNotTheTenantsThenDomainFails() throws Exception {
        String[] started = startTest();

        String result = result(started, app.baseUrl + "/sso/saml", "mallory@elsewhere.test", List.of());

        assertThat(result).contains("domain FAILED " + JitErrorCodes.DOMAIN_NOT_VERIFIED)
                .contains("elsewhere.test is not a domain your organisation has proved.");
    }

    @Test
    void testSignInWhenItsRelayStateIsReplayedOrUsedAsALoginThenNothingMore() throws Exception {
        String[] started = startTest();
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", started[0],
                "sub-1", "alice@acme.test", List.of());
        app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", started[1]));

        HttpResponse<String> again = app.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", started[1]));

        assertThat(again.statusCode()).isNotEqualTo(302);
        assertThat(accounts.accountsOf("acme")).isEmpty();
        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }

    @Test
    void testSignInWhenOpenIdProviderAnswersThenItsChecksPassAndNothingIsProvisioned() throws Exception {
        HttpResponse<String> started = app.get("/sso/tester?oidc=1");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Map<String, String> authorize = query(URI.create(started.headers().firstValue("Location").orElseThrow()));
        assertThat(authorize.get("prompt")).isEqualTo("login");
        op.answerTokenRequests(op.sign(TestTokens.aliceClaims(Instant.now()).issuer(op.issuer()).audience(op.clientId())
                .claim("nonce", authorize.get("nonce"))));

        HttpResponse<String> back = app.get("/sso/oidc/callback?code=c1&state=" + authorize.get("state"));
        String result = app.get(back.headers().firstValue("Location").orElseThrow()).body();

        assertThat(result).startsWith("passed=true idp=" + op.issuer()).contains("addressed PASSED null | Issued to client"
                + " acme-app").contains("clock PASSED null | The identity provider says the person signed in at");
        assertThat(accounts.accountsOf("acme")).isEmpty();
    }

    @Test
    void testSignInWhenTokenIsForAnotherClientThenAddressedFails() throws Exception {
        HttpResponse<String> started = app.get("/sso/tester?oidc=1");
        Map<String, String> authorize = query(URI.create(started.headers().firstValue("Location").orElseThrow()));
        op.answerTokenRequests(op.sign(TestTokens.aliceClaims(Instant.now()).issuer(op.issuer()).audience("other-app")
                .claim("nonce", authorize.get("nonce"))));

        HttpResponse<String> back = app.get("/sso/oidc/callback?code=c1&state=" + authorize.get("state"));
        String result = app.get(back.headers().firstValue("Location").orElseThrow()).body();

        assertThat(result).startsWith("passed=false").contains("addressed FAILED");
    }

    @Test
    void startWhenAnotherTenantStartsManyThenOursIsKeptAndTheirsOnlyPushOutTheirOwn() throws Exception {
        String[] ours = startTest();
        tested = Tenant.withId("globex").trustedIssuers(IdpSide.IDP).build();
        List<TestApp> browsers = new ArrayList<>();
        List<String[]> theirs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            TestApp browser = app.other(); // a session each: a session keeps only its last few pending logins
            HttpResponse<String> started = browser.get("/sso/tester?start=%2Fsso%2Ftester");
            Map<String, String> redirect = query(URI.create(started.headers().firstValue("Location").orElseThrow()));
            Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(inflate(redirect.get("SAMLRequest")));
            assertThat(id.find()).isTrue();
            browsers.add(browser);
            theirs.add(new String[] {id.group(1), redirect.get("RelayState")});
        }

        String result = result(ours, app.baseUrl + "/sso/saml", "alice@acme.test", List.of());
        HttpResponse<String> theirOldest = answer(browsers.get(0), theirs.get(0));
        HttpResponse<String> theirNewest = answer(browsers.get(24), theirs.get(24));

        assertThat(result).as("ours, after another tenant started 25").startsWith("passed=true");
        assertThat(theirOldest.statusCode()).as("their oldest, pushed out by their own").isEqualTo(410);
        assertThat(theirNewest.statusCode()).isEqualTo(302);
    }

    private HttpResponse<String> answer(TestApp browser, String[] started) throws Exception {
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", started[0], "s",
                "dan@globex.test", List.of());
        return browser.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", started[1]));
    }

    @Test
    void resultWhenAskedFromAnotherSessionThenNone() throws Exception {
        String[] started = startTest();
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", started[0],
                "sub-1", "alice@acme.test", List.of());
        String location = app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", started[1]))
                .headers().firstValue("Location").orElseThrow();

        assertThat(app.other().get(location).body()).isEqualTo("none");
    }

    @Test
    void startWhenResultPathLeavesTheApplicationThenRefused() throws Exception {
        for (String path : new String[] {"%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example%2F", "%2Fa%5C%2Fb",
                "%2Fa%0D%0ALocation%3A+x"}) {
            assertThat(app.get("/sso/tester?start=" + path).statusCode()).as(path).isEqualTo(400);
        }
    }
}
