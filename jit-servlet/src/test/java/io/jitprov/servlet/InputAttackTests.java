package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.internal.ParsedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oversized, malformed and duplicated input at jit's endpoints of a running filter: every one gets
 * a short 4xx answer that reveals nothing and changes nothing, never a 500, a stack trace or a
 * container's error page; a genuine message inside the documented limits always gets through.
 */
class InputAttackTests {

    private AttackedApp target;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        target = new AttackedApp();
        app = target.app;
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    private static void assertShortRefusal(TestApp.Raw answer, int status) {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.jitprov")
                .doesNotContain("org.eclipse").doesNotContain("<script");
    }

    private TestApp.Raw postForm(String target, String body) throws Exception {
        return app.raw("POST", target, Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    /** The groups of a member of many: enough to make a genuine signed response of about 180 KB. */
    private static List<String> manyGroups() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            groups.add(String.format("cn=engineering-platform-team-%04d,ou=groups,dc=acme,dc=test", i));
        }
        return groups;
    }

    @Test
    void acsWhenAGenuineResponseIsLargerThanTheContainersFormLimitThenItIsStillRead() throws Exception {
        HttpResponse<String> start = app.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=%2Fapp%2F");
        Map<String, String> query = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        String requestId = JitFilterSamlTests.requestIdOf(query.get("SAMLRequest"));
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", requestId,
                "alice", "alice@acme.test", manyGroups());
        assertThat(response.length()).isBetween(170_000, 256 * 1024);

        HttpResponse<String> acs = app.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", query.get("RelayState")));

        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(302);
        assertThat(app.get("/app/").body()).contains("user=alice@acme.test");
    }

    @Test
    void acsWhenTheFormIsOverTheLimitThen413() throws Exception {
        String body = "SAMLResponse=" + "A".repeat(JitLogin.MAX_SAML_FORM_BYTES);

        assertShortRefusal(postForm("/sso/saml/acs", body), 413);
    }

    @Test
    void formWhenOverItsLimitOrWithTooManyFieldsThenRefused() throws Exception {
        StringJoiner many = new StringJoiner("&");
        for (int i = 0; i < 5_000; i++) {
            many.add("f" + i + "=x");
        }

        assertShortRefusal(postForm("/sso/login", "email=" + "a".repeat(JitLogin.MAX_FORM_BYTES)), 413);
        assertShortRefusal(postForm("/sso/login", many.toString()), 400);
        assertShortRefusal(app.raw("GET", "/sso/login?" + "f=x&".repeat(ParsedRequest.MAX_PARAMETERS + 1), Map.of(), ""),
                400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"return=%zz", "return=%", "return=%e0%80", "email=a%00b&return=%2F%0d%0aSet-Cookie:x=1",
        "return=%2Fapp%2F&return=%2F%2Fevil.test", "idp=%C0%AF"})
    void queryWhenMalformedOrDuplicatedThenRefusedOrIgnoredNeverCrashed(String query) throws Exception {
        TestApp.Raw login = app.raw("GET", "/sso/login?" + query, Map.of("Accept", "text/html"), "");
        TestApp.Raw saml = app.raw("GET", "/sso/saml/login?" + query, Map.of("Accept", "text/html"), "");

        for (TestApp.Raw answer : List.of(login, saml)) {
            assertThat(answer.status()).as(answer.head()).isIn(200, 302, 400);
            assertThat(answer.head()).doesNotContain("Set-Cookie: x=1");
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("evil.test");
        }
    }

    @Test
    void acsWhenTheResponseComesInTheAddressThenRefused() throws Exception {
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", null,
                "alice", "alice@acme.test", List.of());

        TestApp.Raw get = app.raw("GET", "/sso/saml/acs?SAMLResponse=" + enc(response), Map.of(), "");
        TestApp.Raw postInQuery = postForm("/sso/saml/acs?SAMLResponse=" + enc(response), "");

        assertShortRefusal(get, 405);
        assertThat(get.head()).contains("Allow: POST");
        assertShortRefusal(postInQuery, 400);
        assertThat(target.accounts.accountsOf("acme")).isEmpty();
    }

    @Test
    void acsWhenSamlResponseIsPostedTwiceThenRefused() throws Exception {
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", null,
                "alice", "alice@acme.test", List.of());

        TestApp.Raw twice = postForm("/sso/saml/acs", "SAMLResponse=" + enc(response) + "&SAMLResponse=x");

        assertShortRefusal(twice, 400);
        assertThat(target.accounts.accountsOf("acme")).isEmpty();
    }

    @Test
    void everyPageOfJitForbidsFraming() throws Exception {
        AttackedApp.signIn(app, "bob", List.of("acme-eng"));
        List<TestApp.Raw> pages = List.of(app.raw("GET", "/sso/login", Map.of(), ""),
                app.raw("GET", "/sso/logout", Map.of(), ""),
                app.raw("GET", "/sso/elevation", Map.of("Accept", "application/json"), ""),
                postForm("/sso/saml/acs", "SAMLResponse=bm90IHhtbA=="),
                app.raw("GET", "/sso/login?return=%zz", Map.of(), ""));

        for (TestApp.Raw page : pages) {
            assertThat(page.head()).as(page.head()).contains("X-Frame-Options: DENY")
                    .contains("X-Content-Type-Options: nosniff").contains("Cache-Control: no-store");
            if (page.head().contains("text/html")) {
                assertThat(page.head()).contains("frame-ancestors 'none'");
            }
        }
    }

    @Test
    void hostileReturnPathsAreNeverReflectedUnescaped() throws Exception {
        String hostile = "/app/\"><script>alert(1)</script>";

        TestApp.Raw login = app.raw("GET", "/sso/login?return=" + enc(hostile), Map.of(), "");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).doesNotContain("<script>alert").contains("&lt;script&gt;");
    }

    @Test
    void returnPathWithCharactersBeyondAsciiThenTheRedirectIsPercentEncoded() throws Exception {
        HttpResponse<String> start = app.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return="
                + enc("/app/caf\u00e9 \u20ac?q=\ud83d\ude00"));
        Map<String, String> query = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs",
                JitFilterSamlTests.requestIdOf(query.get("SAMLRequest")), "alice", "alice@acme.test", List.of());

        TestApp.Raw acs = postForm("/sso/saml/acs", "SAMLResponse=" + enc(response) + "&RelayState="
                + enc(query.get("RelayState")));

        assertThat(acs.status()).isEqualTo(302);
        assertThat(acs.head()).contains("Location: /app/caf%C3%A9%20%E2%82%AC?q=%F0%9F%98%80");
    }
}
