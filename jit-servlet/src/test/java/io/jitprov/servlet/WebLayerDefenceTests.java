package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.saml.IdpSide;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks of the fresh-eyes review that the web layer withstands, in a deployment where the
 * attacker runs an IdP that another tenant trusts ({@link FreshEyesApp}): kept as regression tests
 * for what the existing attack tests do not already cover.
 */
class WebLayerDefenceTests {

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

    private static String csrfOf(TestApp browser) throws Exception {
        return JSON.readTree(browser.get("/sso/elevation", "application/json").body()).get("csrf").asText();
    }

    // --- the attacker's own IdP ------------------------------------------------------------------

    @Test
    void acsWhenTheAttackersIdpAssertsAnotherTenantsDomainThenRefusedAndNoAccountIsMade() throws Exception {
        HttpResponse<String> acs = target.signIn(attacker, FreshEyesApp.ROGUE, "alice", "alice@acme.test",
                List.of("acme-admins"));

        assertThat(acs.statusCode()).isEqualTo(403);
        assertThat(acs.body()).contains(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT);
        assertThat(target.accounts.accountsOf("acme")).isEmpty();
        assertThat(FreshEyesApp.whoIs(attacker)).isNull();
    }

    @Test
    void acsWhenTheAttackersIdpAnswersARequestSentToAnotherIdpThenRefused() throws Exception {
        String[] request = FreshEyesApp.requestOf(victim.get("/sso/saml/login?idp=" + enc(IdpSide.IDP)));
        String forged = FreshEyesApp.ROGUE.response(victim.baseUrl + "/sso/saml", victim.baseUrl + "/sso/saml/acs",
                request[0], "mallory", "mallory@evil.test", List.of());

        HttpResponse<String> acs = victim.post("/sso/saml/acs", Map.of("SAMLResponse", forged, "RelayState", request[1]));

        assertThat(acs.statusCode()).isEqualTo(400);
        assertThat(acs.body()).contains(JitErrorCodes.ISSUER_MISMATCH);
        assertThat(FreshEyesApp.whoIs(victim)).isNull();
    }

    /** The attacker's IdP names a subject that also exists at acme's IdP: acme's person is another person. */
    @Test
    void sloWhenTheAttackersIdpNamesTheSameSubjectAsAnotherIdpThenThatPersonStaysSignedIn() throws Exception {
        target.signIn(victim, null, "alice", "alice@acme.test", List.of());
        TestApp idp = victim.other(); // the IdP posts from a browser of its own, with no session here

        HttpResponse<String> slo = idp.post("/sso/saml/slo", Map.of("SAMLRequest",
                FreshEyesApp.ROGUE.logoutRequest(victim.baseUrl + "/sso/saml/slo", "alice")));

        assertThat(slo.statusCode()).isEqualTo(302);
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");
    }

    // --- cross-tenant elevation and review ----------------------------------------------------------

    @Test
    void elevationDecisionsWhenTheGrantIsAnotherTenantsThenRefusedAndTheGrantStaysPending() throws Exception {
        target.signIn(victim, null, "bob", "bob@acme.test", List.of("acme-eng"));
        JsonNode asked = JSON.readTree(victim.post("/sso/elevation/request", Map.of("role", "db-admin",
                "csrf", csrfOf(victim)), "application/json").body());
        String grant = asked.get("id").asText();
        target.signIn(attacker, FreshEyesApp.ROGUE, "mallory", "mallory@evil.test", List.of("acme-admins"));
        String csrf = csrfOf(attacker);

        assertThat(JSON.readTree(attacker.get("/sso/elevation", "application/json").body()).get("awaitingYourApproval"))
                .isEmpty();
        for (String decision : List.of("approve", "deny", "revoke")) {
            HttpResponse<String> answer = attacker.post("/sso/elevation/" + grant + "/" + decision, Map.of("csrf", csrf),
                    "application/json");
            assertThat(answer.statusCode()).as(decision).isEqualTo(403);
            assertThat(answer.body()).contains(JitErrorCodes.APPROVER_NOT_ALLOWED);
        }
        assertThat(target.grants.findById(grant).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
    }

    @Test
    void reviewWhenAnAdminOfAnotherTenantAsksForThisOneThenForbiddenAndTheirOwnHoldsNoneOfIt() throws Exception {
        target.signIn(victim, null, "alice", "alice@acme.test", List.of("acme-admins"));
        target.signIn(attacker, FreshEyesApp.ROGUE, "mallory", "mallory@evil.test", List.of("acme-admins"));

        HttpResponse<String> acme = attacker.get("/sso/review?tenant=acme", "application/json");
        HttpResponse<String> acmeCsv = attacker.get("/sso/review?tenant=acme&format=csv", "text/csv");
        HttpResponse<String> own = attacker.get("/sso/review", "application/json");

        assertThat(acme.statusCode()).isEqualTo(403);
        assertThat(acmeCsv.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).doesNotContain("alice").contains("mallory@evil.test");
    }

    // --- SCIM filter and tenant spelling -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"userName eq \"carol-2\" or userName pr", "userName eq \"x\") or (id pr",
        "userName eq \"carol-2\"]", "emails.value eq \"carol@acme.test\"", "userName ne \"\""})
    void scimFilterWhenItTriesToWidenTheSearchThenRefusedOrEmpty(String filter) throws Exception {
        target.signIn(victim, FreshEyesApp.ACME_SECOND, "carol-2", "carol@acme.test", List.of());

        HttpResponse<String> found = victim.browser.send(HttpRequest.newBuilder(URI.create(victim.baseUrl
                        + "/sso/scim/acme/v2/Users?filter=" + enc(filter)))
                .header("Authorization", "Bearer " + FreshEyesApp.SCIM_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(found.statusCode()).isIn(200, 400);
        assertThat(found.body()).doesNotContain("carol@acme.test");
    }

    @Test
    void scimWhenTheTenantIsSpelledInAnotherCaseThenUnauthorized() throws Exception {
        HttpResponse<String> upper = victim.browser.send(HttpRequest.newBuilder(URI.create(victim.baseUrl
                        + "/sso/scim/ACME/v2/Users")).header("Authorization", "Bearer " + FreshEyesApp.SCIM_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(upper.statusCode()).isEqualTo(401);
    }

    // --- where redirects and absolute URLs point -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"//evil.test/x", "/\\evil.test", "https://evil.test/", "javascript:alert(1)",
        " //evil.test", "/%0d%0aLocation:%20https://evil.test", "\t/\t/evil.test", "/\u3000/evil.test"})
    void returnParameterWhenHostileThenEveryRedirectStaysInTheApplication(String hostile) throws Exception {
        target.signIn(victim, null, "bob", "bob@acme.test", List.of("acme-eng"));
        String csrf = csrfOf(victim);
        JsonNode asked = JSON.readTree(victim.post("/sso/elevation/request", Map.of("role", "db-admin", "csrf", csrf),
                "application/json").body());

        HttpResponse<String> revoke = victim.post("/sso/elevation/" + asked.get("id").asText() + "/revoke",
                Map.of("csrf", csrf, "return", hostile), "text/html");
        HttpResponse<String> logout = victim.post("/sso/logout", Map.of("csrf", csrf, "return", hostile));

        for (HttpResponse<String> answer : List.of(revoke, logout)) {
            assertThat(answer.statusCode()).isEqualTo(302);
            String location = answer.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/").doesNotStartWith("//").doesNotContain("\r").doesNotContain("\n");
        }
    }

    @Test
    void hostHeaderWhenForgedThenAbsoluteUrlsStillUseTheConfiguredBaseUrl() throws Exception {
        Map<String, String> forged = Map.of("X-Forwarded-Host", "evil.test", "X-Forwarded-Proto", "https",
                "Forwarded", "host=evil.test;proto=https", "Accept", "text/html");

        TestApp.Raw login = victim.raw("GET", "/sso/saml/login?idp=" + enc(IdpSide.IDP), forged, "");
        TestApp.Raw metadata = victim.raw("GET", "/sso/saml/metadata", forged, "");
        TestApp.Raw challenge = victim.raw("GET", "/app/x", forged, "");
        TestApp.Raw scim = victim.raw("POST", "/sso/scim/acme/v2/Users", Map.of("Authorization", "Bearer "
                + FreshEyesApp.SCIM_TOKEN, "Content-Type", "application/scim+json", "X-Forwarded-Host", "evil.test"),
                "{\"userName\":\"dave\",\"emails\":[{\"value\":\"dave@acme.test\"}]}");

        Matcher location = Pattern.compile("Location: (\\S+)").matcher(login.head());
        assertThat(location.find()).isTrue();
        String authnRequest = JitFilterSamlTests.inflate(JitFilterSamlTests.query(URI.create(location.group(1)))
                .get("SAMLRequest"));
        assertThat(authnRequest).contains(victim.baseUrl + "/sso/saml/acs").doesNotContain("evil.test");
        assertThat(metadata.body()).contains(victim.baseUrl + "/sso/saml/acs").doesNotContain("evil.test");
        assertThat(challenge.head()).contains("Location: /sso/login?return=").doesNotContain("evil.test");
        assertThat(scim.status()).as(scim.body()).isEqualTo(201);
        assertThat(scim.head()).contains("Location: " + victim.baseUrl + "/sso/scim/acme/v2/Users/")
                .doesNotContain("evil.test");
    }

    // --- step-up keys belong to their session --------------------------------------------------------

    @Test
    void stepUpKeyWhenPresentedByAnotherPersonsSessionThenUnknownAndStillGoodForItsOwner() throws Exception {
        try (AttackedApp app = new AttackedApp()) {
            TestApp bob = app.app;
            AttackedApp.signIn(bob, "bob", List.of("acme-eng"));
            String bobCsrf = JSON.readTree(bob.get("/sso/elevation", "application/json").body()).get("csrf").asText();
            HttpResponse<String> ask = bob.post("/sso/elevation/request", Map.of("role", "deployer", "csrf", bobCsrf),
                    "application/json");
            String stepUp = JSON.readTree(ask.body()).get("stepUp").asText();
            String key = stepUp.substring(stepUp.indexOf("resume=") + "resume=".length());
            TestApp mallory = bob.other();
            AttackedApp.signIn(mallory, "mallory", List.of("acme-eng"));

            HttpResponse<String> stolenStepUp = mallory.get("/sso/elevation/step-up?resume=" + enc(key), "application/json");
            HttpResponse<String> stolenResume = mallory.get("/sso/elevation/resume?key=" + enc(key), "application/json");

            assertThat(stolenStepUp.statusCode()).isEqualTo(400);
            assertThat(stolenResume.statusCode()).isEqualTo(400);
            assertThat(stolenResume.body()).contains("unknown_request");
            assertThat(app.grants.findByAccount(app.accounts.findByIdentity("acme", IdpSide.IDP, "mallory")
                    .orElseThrow().id())).isEmpty();
            assertThat(bob.get(stepUp).headers().firstValue("Location").orElseThrow())
                    .startsWith("https://idp.acme.test/sso?");
        }
    }

    // --- home-realm discovery and lookalike domains ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"alice@\u0430cme.test", "alice@acme.test.evil.test", "alice@xn--acme-.test",
        "alice@acme.test@evil.test", "alice@acme .test", "alice@sub.acme.test", "alice@acme.tes", "alice@acme.test%00"})
    void homeRealmDiscoveryWhenTheDomainIsALookalikeThenTheNeutralAnswer(String email) throws Exception {
        HttpResponse<String> answer = victim.post("/sso/login", Map.of("email", email));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("We could not start single sign-on");
    }

    @Test
    void homeRealmDiscoveryWhenTheDomainIsTheSameOneSpelledOtherwiseThenItsIdp() throws Exception {
        for (String email : List.of("Alice@ACME.TEST", "alice@acme.test.", " alice@acme.test ")) {
            HttpResponse<String> answer = victim.post("/sso/login", Map.of("email", email));
            assertThat(answer.statusCode()).as(email).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith("https://idp.acme.test/sso?");
        }
    }

    // --- odd methods ---------------------------------------------------------------------------------

    @Test
    void oddMethodsOnJitsEndpointsThenNeverAServerErrorNorAnErrorLog() throws Exception {
        target.signIn(victim, null, "alice", "alice@acme.test", List.of("acme-admins"));
        List<String> paths = List.of("/sso/login", "/sso/logout", "/sso/saml/login?idp=" + enc(IdpSide.IDP),
                "/sso/saml/acs", "/sso/saml/metadata", "/sso/saml/slo", "/sso/elevation", "/sso/elevation/request",
                "/sso/elevation/x/approve", "/sso/elevation/step-up", "/sso/elevation/resume", "/sso/review",
                "/sso", "/sso/", "/sso/nothing");
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            for (String path : paths) {
                for (String method : List.of("HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND")) {
                    TestApp.Raw answer = victim.raw(method, path, Map.of("Accept", "text/html"), "");
                    assertThat(answer.status()).as(method + " " + path + ": " + answer.head()).isBetween(200, 499);
                }
            }
            errors = log.errors();
        }
        assertThat(errors).isEmpty();
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");
    }
}
