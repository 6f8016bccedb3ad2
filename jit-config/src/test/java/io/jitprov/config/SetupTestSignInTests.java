package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.inflate;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test sign-in of the setup pages, in a real Jetty: a real SAML response through the draft
 * connection's IdP, every check reported, nothing provisioned and nobody signed in.
 */
class SetupTestSignInTests extends SetupTestBase {

    private TestApp admin;
    private String csrf;

    @BeforeEach
    void draftConnectionAndDomain() throws Exception {
        admin = opened(issueLink("initech"));
        csrf = csrf(admin);
        submit(admin, "/domain", csrf, "domain", "initech.test");
        publishProof("initech", "initech.test");
        submit(admin, "/domain/check", csrf, "domain", "initech.test");
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata(), "groupAttribute", "memberOf");
        submitRaw(admin, "/roles", "csrf=" + csrf + "&group=it-admins&role=admin");
    }

    /** The test sign-in sent to the IdP: the AuthnRequest's ID and the RelayState. */
    private String[] start() throws Exception {
        HttpResponse<String> started = submit(admin, "/test", csrf);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        URI location = URI.create(started.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost()).isEqualTo("idp.acme.test");
        Map<String, String> redirect = query(location);
        String request = inflate(redirect.get("SAMLRequest"));
        assertThat(request).contains("ForceAuthn=\"true\"");
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(request);
        assertThat(id.find()).isTrue();
        return new String[] {id.group(1), redirect.get("RelayState")};
    }

    /** The IdP's answer posted back, and the result page it leads to. */
    private HttpResponse<String> answer(String[] started, String response) throws Exception {
        HttpResponse<String> posted = admin.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", started[1]));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        String result = posted.headers().firstValue("Location").orElseThrow();
        assertThat(result).startsWith("/sso/setup/test?test=");
        return admin.get(result);
    }

    private String sp() {
        return app.baseUrl + "/sso/saml";
    }

    private String acs() {
        return app.baseUrl + "/sso/saml/acs";
    }

    @Test
    void testSignInWhenAllIsRightThenEveryCheckPassesAndNothingIsProvisioned() throws Exception {
        String[] started = start();

        HttpResponse<String> page = answer(started, IdpSide.response(sp(), acs(), started[0], "bob-1", "bob@initech.test",
                List.of("it-admins")));

        assertPlainPage(page, 200);
        assertThat(page.body()).contains("Every check passed: a real sign-in would be accepted.")
                .contains("Signed by the identity provider with the certificate CN=idp.acme.test, valid until")
                .contains("The answer comes from " + IdpSide.IDP)
                .contains("Meant for " + sp() + " (audience) and posted to " + acs())
                .containsPattern("seconds apart")
                .contains("initech.test is verified for your organisation.")
                .contains("The person would get: admin, member.")
                .contains("A new account would be created for bob@initech.test.")
                .doesNotContain("Failed");
        assertThat(admin.get("/app/whoami").statusCode()).as("nobody is signed in").isEqualTo(302);
        assertThat(nodes.auditActors("initech")).noneMatch(actor -> actor.contains("bob"));
        assertThat(RegistryTestNodes.startSignIn(app.other(), "bob@initech.test")).as("still a draft").isEmpty();
    }

    @Test
    void testSignInWhenIdpSendsAnotherAudienceThenSaysWhichValueToFix() throws Exception {
        String[] started = start();

        HttpResponse<String> page = answer(started, IdpSide.response("https://wrong.example/saml", acs(), started[0],
                "bob-1", "bob@initech.test", List.of()));

        assertPlainPage(page, 200);
        assertThat(page.body()).contains("This sign-in would be refused.")
                .contains("<code>audience_mismatch</code>")
                .contains("Set the Audience URI (SP entity ID, Identifier) at your identity provider to exactly the one"
                        + " shown in step 2.")
                .contains("Not checked");
    }

    @Test
    void testSignInWhenIdpPostsToAnotherAcsThenDestinationIsNamed() throws Exception {
        String[] started = start();

        HttpResponse<String> page = answer(started, IdpSide.response(sp(), "https://wrong.example/acs", started[0],
                "bob-1", "bob@initech.test", List.of()));

        assertThat(page.body()).contains("<code>destination_mismatch</code>")
                .contains("Set the ACS (reply) URL at your identity provider to exactly the one shown in step 2.");
    }

    @Test
    void testSignInWhenSignedWithAKeyNotInTheMetadataThenSaysToRefreshIt() throws Exception {
        String[] started = start();

        HttpResponse<String> page = answer(started, IdpSide.responseAfterRollover(sp(), acs(), started[0], "bob-1",
                "bob@initech.test"));

        assertThat(page.body()).contains("<code>invalid_signature</code>")
                .contains("download its current metadata and save it again");
    }

    @Test
    void testSignInWhenEmailOnAnotherDomainThenDomainCheckFails() throws Exception {
        String[] started = start();

        HttpResponse<String> page = answer(started, IdpSide.response(sp(), acs(), started[0], "eve-1",
                "eve@globex.test", List.of()));

        assertThat(page.body()).contains("globex.test is not a domain your organisation has proved.")
                .contains("<code>domain_not_verified</code>").contains("Prove that domain in step 1");
    }

    @Test
    void testSignInWhenAnsweredTwiceOrFromAnotherSessionThenNothingMore() throws Exception {
        String[] started = start();
        String response = IdpSide.response(sp(), acs(), started[0], "bob-1", "bob@initech.test", List.of());
        String result = admin.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", started[1]))
                .headers().firstValue("Location").orElseThrow();

        HttpResponse<String> again = admin.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", started[1]));
        TestApp other = opened(issueLink("initech"));
        HttpResponse<String> foreign = other.get(result);

        assertThat(again.statusCode()).isNotEqualTo(302);
        assertThat(admin.get("/app/whoami").statusCode()).isEqualTo(302);
        assertThat(foreign.body()).contains("There is no test result to show here.");
    }

    @Test
    void testSignInWhenNoCsrfOrNoDraftThenRefused() throws Exception {
        HttpResponse<String> noCsrf = admin.post(SETUP + "/test", Map.of());
        submit(admin, "/activate", csrf);
        HttpResponse<String> noDraft = submit(admin, "/test", csrf);

        assertPlainPage(noCsrf, 403);
        assertThat(noDraft.statusCode()).isEqualTo(303);
        assertThat(admin.get(SETUP + "/").body()).contains("Save your identity provider first.");
    }
}
