package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Boot application with Spring Security and the starter, in a real Tomcat, people signing in
 * through the test IdP: they are Authentications whose authorities are their roles.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SpringSecuritySignInTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").groups("acme-admins").build();
    static final TestPerson BOB = TestPerson.withEmail("bob@acme.test").groups("acme-staff").build();
    static final int PORT = BootBrowser.freePort();

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> { });

    private final BootBrowser browser = new BootBrowser(PORT);

    @DynamicPropertySource
    static void jit(DynamicPropertyRegistry properties) {
        BootBrowser.oneTenant(properties, PORT, IDP);
    }

    @BeforeEach
    void signOutOfEverything() {
        browser.forget();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.get(path);
    }

    private HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return browser.post(url, form);
    }

    private void signIn(TestPerson person) throws Exception {
        browser.signIn(IDP.get(), person);
    }

    @Test
    void aPageThatNeedsASignInSendsTheBrowserToJitsLoginAndBack() throws Exception {
        HttpResponse<String> challenged = get("/admin/report?x=1");

        assertThat(challenged.statusCode()).isEqualTo(302);
        assertThat(challenged.headers().firstValue("Location")).hasValue("/sso/login?return=%2Fadmin%2Freport%3Fx%3D1");
        assertThat(get("/public").body()).isEqualTo("open to all");
    }

    @Test
    void aliceIsAnAuthenticationWithHerMappedRolesAsAuthorities() throws Exception {
        signIn(ALICE);

        assertThat(get("/me").body()).isEqualTo("name=alice@acme.test tenant=acme authorities=ROLE_admin,ROLE_member");
        assertThat(get("/admin/report").body()).isEqualTo("the admin report");
        assertThat(get("/method").body()).isEqualTo("admins only, by annotation");
    }

    @Test
    void bobWithoutTheAdminGroupIsRefusedTheAdminPagesByRoleAndByAnnotation() throws Exception {
        signIn(BOB);

        assertThat(get("/me").body()).isEqualTo("name=bob@acme.test tenant=acme authorities=ROLE_member");
        assertThat(get("/admin/report").statusCode()).isEqualTo(403);
        assertThat(get("/method").statusCode()).isEqualTo(403);
    }

    @Test
    void signInsAreCountedInTheApplicationsMeterRegistry(@Autowired MeterRegistry meters) throws Exception {
        double before = accepted(meters);

        signIn(BOB);

        assertThat(accepted(meters)).isEqualTo(before + 1);
        assertThat(meters.find("jit.sign.in.verification").tags("protocol", "saml", "result", "accepted").timer().count())
                .isPositive();
        assertThat(meters.find("jit.idp.refreshes").tags("document", "saml_metadata", "result", "success").counter()
                .count()).as("the IdP's metadata, read from its URL on the first sign-in").isPositive();
        assertThat(meters.get("jit.grants.active").gauge().value()).as("counted in jit's store").isZero();
    }

    private static double accepted(MeterRegistry meters) {
        return meters.find("jit.sign.ins").tags("protocol", "saml", "code", "none").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void aGrantedRoleIsAnAuthorityUntilTheGrantExpiresAndNotOneRequestLonger(@Autowired DataSource dataSource)
            throws Exception {
        signIn(ALICE);
        String grantId = askForDbAdmin();

        assertThat(get("/me").body()).contains("ROLE_db-admin");

        // Its time runs out: the row says so, as it would half an hour later.
        try (var connection = dataSource.getConnection();
                var expire = connection.prepareStatement("UPDATE jit_access_grant SET expires_at = ? WHERE id = ?")) {
            expire.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
            expire.setString(2, grantId);
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }

        assertThat(get("/me").body()).isEqualTo("name=alice@acme.test tenant=acme authorities=ROLE_admin,ROLE_member");
    }

    @Test
    void signingOutThroughSpringsLogoutEndsTheGrantsAskedForInTheSession(@Autowired DataSource dataSource)
            throws Exception {
        signIn(ALICE);
        String grantId = askForDbAdmin();
        String springCsrf = get("/spring-csrf").body();

        HttpResponse<String> forged = post("/logout", Map.of("_csrf", "forged-by-another-site"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(grantStatus(dataSource, grantId)).as("a forged sign-out ends nothing").isEqualTo("ACTIVE");

        HttpResponse<String> out = post("/logout", Map.of("_csrf", springCsrf));

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(get("/me").statusCode()).as("signed out").isEqualTo(302);
        assertThat(grantStatus(dataSource, grantId)).isEqualTo("REVOKED");
    }

    private static String grantStatus(DataSource dataSource, String grantId) throws Exception {
        try (var connection = dataSource.getConnection();
                var status = connection.prepareStatement("SELECT status FROM jit_access_grant WHERE id = ?")) {
            status.setString(1, grantId);
            try (var rows = status.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    /** Alice asks for db-admin through jit's elevation API, as a front end does; the grant's id. */
    private String askForDbAdmin() throws Exception {
        String csrf = json(browser.getJson("/sso/elevation").body()).path("csrf").asText();
        HttpResponse<String> granted = browser.send(HttpRequest.newBuilder(URI.create(base() + "/sso/elevation/request"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("role=db-admin&minutes=30")));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        return json(granted.body()).path("id").asText();
    }

    private static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    @Test
    void signingOutThroughJitEndsTheAuthentication() throws Exception {
        signIn(ALICE);
        HttpResponse<String> confirm = get("/sso/logout");
        String csrf = confirm.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");

        post("/sso/logout", Map.of("csrf", csrf));

        assertThat(get("/me").statusCode()).isEqualTo(302);
    }

    @Test
    void jitsOwnEndpointsAreServedBeforeSpringsCsrfAndAuthorization() throws Exception {
        HttpResponse<String> metadata = get("/sso/saml/metadata");
        HttpResponse<String> forged = post("/sso/saml/acs", Map.of("SAMLResponse", "bm90IGEgcmVzcG9uc2U="));

        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("entityID=\"" + base() + "/sso/saml\"");
        assertThat(forged.statusCode()).as("jit's refusal, not Spring's 403 for a missing CSRF token").isEqualTo(400);
        assertThat(forged.body()).contains("Reference:");
    }

    private static String base() {
        return "http://127.0.0.1:" + PORT;
    }

}
