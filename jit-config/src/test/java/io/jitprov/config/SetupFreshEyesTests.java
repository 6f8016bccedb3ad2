package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a fresh-eyes attack on the self-serve setup found (issue 16), and what held. */
class SetupFreshEyesTests extends SetupTestBase {

    /**
     * A link holder saves, as initech's draft, metadata naming another tenant's IdP (its entity ID is
     * public: in that IdP's metadata). The health page then reads the audit trail by that issuer
     * alone, and shows acme's people's sign-ins and refusals to initech's link holder.
     */
    @Test
    void healthWhenDraftNamesAnotherTenantsIdpThenThatTenantsSignInsAndRefusalsAreNotShown() throws Exception {
        nodes.addAcme();
        TestApp acmePerson = app.other();
        Started login = RegistryTestNodes.startSignInWithin(acmePerson, "bob@acme.test");
        assertThat(RegistryTestNodes.answer(acmePerson, login, "sub-bob", "bob@acme.test", List.of()).statusCode())
                .isEqualTo(302);
        TestApp refusedPerson = app.other();
        Started refusedLogin = RegistryTestNodes.startSignInWithin(refusedPerson, "carol@acme.test");
        HttpResponse<String> refused = RegistryTestNodes.answer(refusedPerson, refusedLogin, "sub-carol",
                "carol.secret-name@elsewhere.test", List.of());
        Matcher reference = Pattern.compile("Reference: <code>([^<]+)</code>").matcher(refused.body());
        assertThat(reference.find()).as(refused.body()).isTrue();

        TestApp attacker = opened(issueLink("initech"));
        String csrf = csrf(attacker);
        submit(attacker, "/idp/saml", csrf, "metadataXml", IdpSide.metadata()); // acme's IdP's public metadata
        HttpResponse<String> health = attacker.get(SETUP + "/health");

        assertPlainPage(health, 200);
        assertThat(health.body()).as("acme's refusals, on initech's setup pages")
                .doesNotContain(reference.group(1)).doesNotContain("elsewhere.test");
        assertThat(health.body()).as("acme's last sign-in, on initech's setup pages").contains("No sign-in seen yet.")
                .doesNotContain("Last sign-in: ");
    }

    /**
     * DNS checks are limited per link because "anyone holding a link [could] make this server query
     * DNS as fast as they can send requests"; the same holder makes it fetch any URL as fast: every
     * save of the IdP step fetches the metadata URL again, without a limit.
     */
    @Test
    void idpWhenMetadataUrlSavedOverAndOverThenFetchesAreLimitedLikeDnsChecks() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] metadata = IdpSide.metadata().getBytes(StandardCharsets.UTF_8);
        target.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, metadata.length);
            exchange.getResponseBody().write(metadata);
            exchange.close();
        });
        target.start();
        try {
            TestApp holder = opened(issueLink("initech"));
            String csrf = csrf(holder);
            String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/victim";
            for (int i = 0; i < 40; i++) {
                submit(holder, "/idp/saml", csrf, "metadataUrl", url + "?n=" + i);
            }
        } finally {
            target.stop(0);
        }

        assertThat(fetches.get()).as("fetches one link holder had this server make in a few seconds")
                .isLessThanOrEqualTo(30);
    }

    /** One link holder adds pending domain claims without end: rows, audit events, and a page listing them all. */
    @Test
    void domainWhenClaimedWithoutEndThenCapped() throws Exception {
        TestApp holder = opened(issueLink("initech"));
        String csrf = csrf(holder);

        for (int i = 0; i < 120; i++) {
            submit(holder, "/domain", csrf, "domain", "d" + i + ".squat.test");
        }

        assertThat(nodes.backOffice.domains().claimsOf("initech")).as("pending claims one link holder made")
                .hasSizeLessThanOrEqualTo(50);
    }

    /**
     * Test sign-ins wait in one map of 1000 for every tenant on the node: one link holder who starts
     * 1000 pushes out another tenant's test sign-in, whose IdP's answer then finds nothing.
     */
    @Test
    void testSignInWhenAnotherTenantsLinkHolderStartsManyThenOursStillCompletes() throws Exception {
        TestApp victim = opened(issueLink("initech"));
        String csrf = csrf(victim);
        submit(victim, "/idp/saml", csrf, "metadataXml", IdpSide.metadata(), "groupAttribute", "memberOf");
        HttpResponse<String> started = submit(victim, "/test", csrf);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Map<String, String> redirect = io.jitprov.servlet.JitFilterSamlTests.query(
                URI.create(started.headers().firstValue("Location").orElseThrow()));
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(
                io.jitprov.servlet.JitFilterSamlTests.inflate(redirect.get("SAMLRequest")));
        assertThat(id.find()).isTrue();

        nodes.backOffice.createTenant("hooli", "{}");
        TestApp attacker = opened(issueLink("hooli"));
        String theirs = csrf(attacker);
        submit(attacker, "/idp/saml", theirs, "metadataXml", IdpSide.metadata().replace(IdpSide.IDP,
                "https://idp.hooli.test/saml"));
        for (int i = 0; i < 1000; i++) {
            submit(attacker, "/test", theirs);
        }
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", id.group(1),
                "bob-1", "bob@initech.test", List.of());
        HttpResponse<String> answered = victim.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", redirect.get("RelayState")));

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(302);
    }

    /** Path tricks on the setup pages: typed refusals, never a 500 or a page of another step. */
    @Test
    void pagesWhenPathTricksThenNoErrorAndNoOtherPage() throws Exception {
        TestApp holder = opened(issueLink("initech"));
        for (String path : List.of("//domain", "/domain/", "/./domain", "/%2e/domain", "/%2Fdomain", "/domain;x=1",
                "/domain;jsessionid=abc", "/open;jsessionid=abc?link=x", "/assets/..%2Fsetup.css", "/assets/%2e%2e/JitSetup.class",
                "/idp/saml/", "/idp/SAML", "/idp/%73aml", "/test?test=%00", "/test?test=" + "a".repeat(5000),
                "/../setup/domain", "/assets//setup.css", "/health/")) {
            HttpResponse<String> page = holder.get(SETUP + path);
            assertThat(page.statusCode()).as(path).isNotEqualTo(500);
            assertThat(page.body()).as(path).doesNotContain("at io.jitprov").doesNotContain("Exception");
        }
    }

    /**
     * The IdP's sign-in address is taken from metadata the link holder gives, whatever its scheme:
     * a javascript: address becomes the action of the self-posting form served on this site's
     * origin (only the browser's handling of the CSP stands between it and script here).
     */
    @Test
    void idpWhenSignInAddressIsNotHttpsThenRefusedBeforeSaving() throws Exception {
        TestApp holder = opened(issueLink("initech"));
        String csrf = csrf(holder);
        String metadata = IdpSide.metadata()
                .replaceFirst("<md:SingleSignOnService Binding=\"[^\"]+\" Location=\"https://idp.acme.test/sso\"/>", "")
                .replace("https://idp.acme.test/sso-post", "javascript:alert(document.domain)//");
        assertThat(metadata).doesNotContain("idp.acme.test/sso\"");

        HttpResponse<String> saved = submit(holder, "/idp/saml", csrf, "metadataXml", metadata);
        HttpResponse<String> started = submit(holder, "/test", csrf);

        assertThat(saved.statusCode()).as("metadata whose sign-in address is javascript:").isEqualTo(422);
        assertThat(started.body()).doesNotContain("action=\"javascript:");
    }
}
