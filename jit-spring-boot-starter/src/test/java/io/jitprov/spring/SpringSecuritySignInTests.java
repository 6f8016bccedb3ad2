package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
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
    static final int PORT = freePort();

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> { });

    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void jit(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
        properties.add("jit.base-url", () -> "http://127.0.0.1:" + PORT);
        properties.add("jit.identity-providers[0].id", () -> "test");
        properties.add("jit.identity-providers[0].saml.metadata-url", () -> IDP.get().samlMetadataUrl());
        properties.add("jit.identity-providers[0].saml.entity-id", () -> IDP.get().samlEntityId());
        properties.add("jit.identity-providers[0].saml.emails-verified", () -> "true");
        properties.add("jit.identity-providers[0].saml.allow-insecure-http", () -> "true");
        properties.add("jit.tenants[0].id", () -> "acme");
        properties.add("jit.tenants[0].domains[0]", () -> "acme.test");
        properties.add("jit.tenants[0].identity-providers[0]", () -> "test");
        properties.add("jit.tenants[0].roles.default-roles[0]", () -> "member");
        properties.add("jit.tenants[0].roles.rules[0].group", () -> "acme-admins");
        properties.add("jit.tenants[0].roles.rules[0].role", () -> "admin");
    }

    @BeforeEach
    void signOutOfEverything() {
        cookies.getCookieStore().removeAll();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
        return browser.send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base() + url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signIn(TestPerson person) throws Exception {
        IDP.get().signInAs(person);
        HttpResponse<String> login = post("/sso/login", Map.of("email", person.email(), "return", "/me"));
        TestIdp.Answer answer = IDP.get().answer(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> back = post(answer.url(), answer.fields());
        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/me"));
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
    }

    private static double accepted(MeterRegistry meters) {
        return meters.find("jit.sign.ins").tags("protocol", "saml", "code", "none").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
