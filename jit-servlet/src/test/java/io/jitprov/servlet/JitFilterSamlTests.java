package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.Account;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.NewAccount;
import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SAML logins through JitFilter in a real Jetty, the IdP's side played by signed test responses. */
public class JitFilterSamlTests {

    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private UserStore store = accounts;
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private JitLogin login(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        domains.claim("mallory", "pending.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP).roleMapping(RoleMapping.builder()
                .rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build()).build();
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml").acsUrl(baseUrl + "/sso/saml/acs")
                .sloUrl(baseUrl + "/sso/saml/slo").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(IdpSide.metadata())
                .emailsVerified(true).groupAttributes("memberOf").wantAuthnRequestsSigned(false).build());
        UserStore delegating = new Delegating();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder()
                        .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(delegating).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .samlSingleLogout(SamlSingleLogout.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", io.jitprov.servlet.IdpRoute.saml(IdpSide.IDP))
                .protectedPaths("/app/")
                .build();
    }

    /** Starts a login at the filter and returns the IdP redirect's AuthnRequest ID and RelayState. */
    private String[] startLogin(String returnPath) throws Exception {
        HttpResponse<String> start = app.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=" + enc(returnPath));
        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://idp.acme.test/sso?SAMLRequest=");
        Map<String, String> query = query(URI.create(location));
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(inflate(query.get("SAMLRequest")));
        assertThat(id.find()).isTrue();
        return new String[] {id.group(1), query.get("RelayState")};
    }

    private HttpResponse<String> postResponse(String requestId, String relayState, String subject, String email,
            List<String> groups) throws Exception {
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", requestId, subject,
                email, groups);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SAMLResponse", response);
        if (relayState != null) {
            form.put("RelayState", relayState);
        }
        return app.post("/sso/saml/acs", form);
    }

    @Test
    void loginWhenIdpAnswersThenAccountSessionRotatedAndAppSeesThePrincipal() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/reports?month=3");
        String sessionBefore = app.sessionCookie();

        HttpResponse<String> acs = postResponse(request[0], request[1], "alice-0001", "Alice@ACME.test",
                List.of("acme-admins"));

        assertThat(acs.statusCode()).isEqualTo(302);
        assertThat(acs.headers().firstValue("Location")).contains("/app/reports?month=3");
        assertThat(app.sessionCookie()).isNotEmpty().isNotEqualTo(sessionBefore);
        HttpResponse<String> page = app.get("/app/reports?month=3");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("user=alice@acme.test").contains("admin=true").contains("member=true");
        assertThat(accounts.accountsOf("acme")).hasSize(1);
    }

    @Test
    void acsWhenTheSameResponseIsPostedAgainThenRefused() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", request[0],
                "alice-0001", "alice@acme.test", List.of());
        assertThat(app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", request[1])).statusCode())
                .isEqualTo(302);

        HttpResponse<String> replay = app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", request[1]));

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains(JitErrorCodes.IN_RESPONSE_TO_MISMATCH).contains("Reference:")
                .doesNotContain("Exception").doesNotContain("at io.jitprov");
    }

    @Test
    void loginWhenReturnPathPointsElsewhereThenThePersonLandsOnTheDefault() throws Exception {
        app = new TestApp(this::login);
        for (String hostile : List.of("//evil.test/x", "https://evil.test/", "/\\evil.test", "javascript:alert(1)")) {
            String[] request = startLogin(hostile);
            HttpResponse<String> acs = postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());
            assertThat(acs.headers().firstValue("Location").orElseThrow()).as(hostile).isEqualTo("/");
        }
    }

    @Test
    void protectedPathWhenNotSignedInThenBrowsersGoToLoginAndApisGet401() throws Exception {
        app = new TestApp(this::login);

        HttpResponse<String> browser = app.get("/app/settings");
        HttpResponse<String> api = app.get("/app/api/items", "application/json");
        HttpResponse<String> open = app.get("/public");

        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).contains("/sso/login?return=%2Fapp%2Fsettings");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("user=null");
    }

    @Test
    void homeRealmDiscoveryWhenDomainIsVerifiedThenToTheIdpAndOtherwiseOneNeutralAnswer() throws Exception {
        app = new TestApp(this::login);

        HttpResponse<String> known = app.post("/sso/login", Map.of("email", "bob@acme.test", "return", "/app/"));
        HttpResponse<String> unknown = app.post("/sso/login", Map.of("email", "bob@unknown.test"));
        HttpResponse<String> pending = app.post("/sso/login", Map.of("email", "bob@pending.test"));
        HttpResponse<String> garbage = app.post("/sso/login", Map.of("email", "<script>alert(1)</script>"));

        assertThat(known.statusCode()).isEqualTo(302);
        assertThat(known.headers().firstValue("Location").orElseThrow()).startsWith("https://idp.acme.test/sso?");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(pending.body()).isEqualTo(unknown.body());
        assertThat(garbage.body()).isEqualTo(unknown.body()).doesNotContain("<script>");
    }

    @Test
    void disabledAccountWhenTheFilterWasGivenNoUserStoreThenSignedOutAnywayOnTheNextRequest() throws Exception {
        // login(...) hands JitLogin a provisioner and no userStore: it must read the provisioner's.
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        accounts.disable(accounts.accountsOf("acme").get(0).id());

        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }

    @Test
    void logoutThenTheSessionIsGone() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        assertThat(app.signOut().statusCode()).isEqualTo(302);

        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }

    @Test
    void singleLogoutFromTheIdpEndsTheSessionAndAnswersTheIdp() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        HttpResponse<String> slo = app.post("/sso/saml/slo", Map.of("SAMLRequest", IdpSide.logoutRequest(
                app.baseUrl + "/sso/saml/slo", "alice-0001", IdpSide.sessionIndex(), false), "RelayState", "idp-state"));

        assertThat(slo.statusCode()).isEqualTo(302);
        assertThat(slo.headers().firstValue("Location").orElseThrow()).startsWith("https://idp.acme.test/slo?SAMLResponse=")
                .contains("RelayState=idp-state");
        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }

    @Test
    void singleLogoutWhenTheRequestIsForgedThenRefusedAndTheSessionStays() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());

        HttpResponse<String> slo = app.post("/sso/saml/slo", Map.of("SAMLRequest", IdpSide.logoutRequest(
                app.baseUrl + "/sso/saml/slo", "alice-0001", IdpSide.sessionIndex(), true)));

        assertThat(slo.statusCode()).isEqualTo(400);
        assertThat(slo.body()).contains(JitErrorCodes.INVALID_SIGNATURE);
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);
    }

    @Test
    void acsWhenTheStoreIsDownThenServiceUnavailable() throws Exception {
        app = new TestApp(this::login);
        String[] request = startLogin("/app/");
        store = new Down();

        HttpResponse<String> acs = postResponse(request[0], request[1], "alice-0001", "alice@acme.test", List.of());

        assertThat(acs.statusCode()).isEqualTo(503);
        assertThat(acs.body()).contains(JitErrorCodes.STORE_UNAVAILABLE).contains("Try again in a minute.");
    }

    @Test
    void metadataThenTheServiceProvidersEntityAndAcs() throws Exception {
        app = new TestApp(this::login);

        HttpResponse<String> metadata = app.get("/sso/saml/metadata");

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("entityID=\"" + app.baseUrl + "/sso/saml\"")
                .contains("Location=\"" + app.baseUrl + "/sso/saml/acs\"");
    }

    /** The store the test can swap for one that is down. */
    private final class Delegating implements UserStore {
        @Override
        public Optional<Account> findById(String id) {
            return store.findById(id);
        }

        @Override
        public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
            return store.findByIdentity(tenantId, issuer, subject);
        }

        @Override
        public Optional<Account> findByEmail(String tenantId, String email) {
            return store.findByEmail(tenantId, email);
        }

        @Override
        public Account create(NewAccount account, int seatLimit) {
            return store.create(account, seatLimit);
        }

        @Override
        public Account update(Account account) {
            return store.update(account);
        }

    }

    /** A store whose database cannot be reached. */
    private static final class Down implements UserStore {
        private static JitStoreException down() {
            return new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "connection refused");
        }

        @Override
        public Optional<Account> findById(String id) {
            throw down();
        }

        @Override
        public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
            throw down();
        }

        @Override
        public Optional<Account> findByEmail(String tenantId, String email) {
            throw down();
        }

        @Override
        public Account create(NewAccount account, int seatLimit) {
            throw down();
        }

        @Override
        public Account update(Account account) {
            throw down();
        }

    }

    public static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The ID of the AuthnRequest in a redirect's deflated {@code SAMLRequest}. */
    public static String requestIdOf(String samlRequest) throws Exception {
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(inflate(samlRequest));
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    public static String inflate(String base64) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(base64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
