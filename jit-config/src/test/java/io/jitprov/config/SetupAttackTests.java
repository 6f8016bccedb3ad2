package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an attacker tries against setup links and pages, in a real Jetty: guessed, expired,
 * revoked and tampered links; one tenant's link against another tenant; forms without CSRF;
 * opening a link from another site; a planted session; hostile and oversized values.
 */
class SetupAttackTests extends SetupTestBase {

    @Test
    void issueWhenTenantAdminOrNoTokenThenRefusedAndLinksListedWithoutTokens() throws Exception {
        String token = issueLink("initech");
        String links = app.baseUrl + "/sso/admin/api/tenants/initech/setup-links";

        HttpResponse<String> anonymous = send(app, "POST", links, "{}", "Content-Type", "application/json");
        HttpResponse<String> listed = send(app, "GET", links, null, "Authorization", "Bearer " + RegistryTestNodes.TOKEN);
        HttpResponse<String> unknown = send(app, "POST", app.baseUrl + "/sso/admin/api/tenants/nobody/setup-links", "{}",
                "Authorization", "Bearer " + RegistryTestNodes.TOKEN, "Content-Type", "application/json");
        HttpResponse<String> tooLong = send(app, "POST", links, "{\"validDays\": 31}",
                "Authorization", "Bearer " + RegistryTestNodes.TOKEN, "Content-Type", "application/json");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(token.substring(0, token.indexOf('.')))
                .doesNotContain(token.substring(token.indexOf('.') + 1));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(tooLong.statusCode()).isEqualTo(422);
    }

    @Test
    void issueWhenAnswerGivenThenUrlOpensTheSetupAndTokenIsShownOnce() throws Exception {
        HttpResponse<String> issued = send(app, "POST", app.baseUrl + "/sso/admin/api/tenants/initech/setup-links",
                "{\"validDays\": 2}", "Authorization", "Bearer " + RegistryTestNodes.TOKEN, "Content-Type",
                "application/json");
        JsonNode link = JSON.readTree(issued.body());

        assertThat(link.path("url").asText()).isEqualTo(app.baseUrl + "/sso/setup/open?link=" + link.path("token").asText());
        assertThat(Instant.parse(link.path("expiresAt").asText())).isBetween(Instant.now().plus(Duration.ofHours(47)),
                Instant.now().plus(Duration.ofHours(49)));
        assertThat(app.other().get(link.path("url").asText()).body()).contains("Set up single sign-on for initech");
    }

    @Test
    void openWhenTokenGuessedOrTamperedThenSamePlainPageAndNoSession() throws Exception {
        String token = issueLink("initech");
        String otherToken = issueLink("globex");
        String tampered = token.substring(0, token.indexOf('.')) + otherToken.substring(otherToken.indexOf('.'));

        for (String guess : new String[] {"x", tampered, token + "a", token.toUpperCase(), "../" + token,
                "%00" + token, token.substring(0, 20)}) {
            TestApp browser = app.other();
            HttpResponse<String> page = browser.get(SETUP + "/open?link=" + URLEncoder.encode(guess, StandardCharsets.UTF_8));
            HttpResponse<String> post = browser.post(SETUP + "/open", Map.of("link", guess));
            assertPlainPage(page, 404);
            assertThat(page.body()).contains("This setup link does not work");
            assertPlainPage(post, 404);
            assertPlainPage(browser.get(SETUP + "/"), 403);
        }
    }

    @Test
    void openWhenExpiredThenClearPageAndNothingElse() throws Exception {
        JitRegistry lastWeek = JitRegistry.builder().store(io.jitprov.jdbc.JdbcRegistryStore.of(nodes.pool, nodes.prefix()))
                .clock(Clock.fixed(Instant.now().minus(Duration.ofDays(8)), ZoneOffset.UTC)).pollInterval(null).build();
        String expired = lastWeek.actingAs(AuditActor.apiToken("test")).issueSetupLink("initech", Duration.ofDays(7))
                .token();
        TestApp browser = app.other();

        HttpResponse<String> page = browser.get(SETUP + "/open?link=" + expired);
        HttpResponse<String> post = browser.post(SETUP + "/open", Map.of("link", expired));

        assertPlainPage(page, 404);
        assertThat(page.body()).contains("The link has expired, was withdrawn");
        assertPlainPage(post, 404);
        assertPlainPage(browser.get(SETUP + "/domain"), 403);
        lastWeek.close();
    }

    @Test
    void pagesWhenLinkRevokedThenStopAtOnce() throws Exception {
        String token = issueLink("initech");
        TestApp admin = opened(token);
        String csrf = csrf(admin);

        HttpResponse<String> revoked = send(app, "DELETE", app.baseUrl + "/sso/admin/api/setup-links/"
                + token.substring(0, token.indexOf('.')), null, "Authorization", "Bearer " + RegistryTestNodes.TOKEN);
        HttpResponse<String> claim = submit(admin, "/domain", csrf, "domain", "initech.test");

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertPlainPage(claim, 410);
        assertThat(claim.body()).contains("This setup link does not work");
        assertThat(nodes.backOffice.domains().claimsOf("initech")).isEmpty();
        assertPlainPage(admin.get(SETUP + "/"), 403);
        assertPlainPage(app.other().get(SETUP + "/open?link=" + token), 404);
    }

    @Test
    void formsWhenNoOrForeignCsrfTokenThenRefusedAndNothingWritten() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        TestApp other = opened(issueLink("initech"));
        String othersToken = csrf(other);

        HttpResponse<String> none = admin.post(SETUP + "/domain", Map.of("domain", "initech.test"));
        HttpResponse<String> foreign = submit(admin, "/domain", othersToken, "domain", "initech.test");
        HttpResponse<String> activate = admin.post(SETUP + "/activate", Map.of());
        HttpResponse<String> json = send(admin, "POST", admin.baseUrl + SETUP + "/domain", "{\"domain\":\"initech.test\"}",
                "Content-Type", "application/json");

        assertPlainPage(none, 403);
        assertThat(none.body()).contains("This form has expired");
        assertPlainPage(foreign, 403);
        assertPlainPage(activate, 403);
        assertPlainPage(json, 400);
        assertThat(nodes.backOffice.domains().claimsOf("initech")).isEmpty();
    }

    @Test
    void openWhenPostedFromAnotherSiteThenRefused() throws Exception {
        String token = issueLink("initech");
        TestApp victim = app.other();

        HttpResponse<String> crossSite = send(victim, "POST", victim.baseUrl + SETUP + "/open", "link=" + token,
                "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> otherOrigin = send(victim, "POST", victim.baseUrl + SETUP + "/open", "link=" + token,
                "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://attacker.example");

        HttpResponse<String> unreadable = send(victim, "POST", victim.baseUrl + SETUP + "/open", "link=" + token,
                "Content-Type", "application/x-www-form-urlencoded", "Origin", TestApp.DISTRUSTED);

        assertPlainPage(crossSite, 403);
        assertPlainPage(otherOrigin, 403);
        assertPlainPage(unreadable, 403);
        assertPlainPage(victim.get(SETUP + "/"), 403);
    }

    @Test
    void openWhenSessionPlantedThenTheLinkOpensAnotherSession() throws Exception {
        String token = issueLink("initech");
        TestApp browser = app.other();
        browser.get(SETUP + "/open?link=" + token);
        browser.post(SETUP + "/open", Map.of("link", "not-a-link"));
        browser.get("/sso/login");
        String planted = browser.sessionCookie();

        browser.post(SETUP + "/open", Map.of("link", token));

        assertThat(browser.sessionCookie()).isNotNull().isNotEqualTo(planted);
    }

    @Test
    void pagesWhenLinkOfOneTenantThenNoWayToAnother() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        String globexPolicy = nodes.backOffice.tenant("globex").orElseThrow().document();

        submit(admin, "/domain/check", csrf, "domain", "globex.test", "tenant", "globex");
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata(), "tenant", "globex", "tenantId", "globex");
        submitRaw(admin, "/roles?tenant=globex", "csrf=" + csrf + "&group=x&role=admin&tenant=globex");
        HttpResponse<String> traversal = admin.get(SETUP + "/../admin/api/tenants/globex");

        assertThat(nodes.backOffice.connectionsOf("globex")).hasSize(1);
        assertThat(nodes.backOffice.connectionsOf("initech")).hasSize(1);
        assertThat(nodes.backOffice.tenant("globex").orElseThrow().document()).isEqualTo(globexPolicy);
        assertThat(nodes.backOffice.domains().tenantFor("globex.test")).hasValue("globex");
        assertThat(traversal.statusCode()).isIn(400, 401, 404);
    }

    @Test
    void pagesWhenHostileValuesThenShownAsText() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        submit(admin, "/domain", csrf, "domain", "<script>alert(1)</script>.test");
        HttpResponse<String> domain = admin.get(SETUP + "/domain");
        HttpResponse<String> idp = submit(admin, "/idp/oidc", csrf, "issuer", "\"><img src=x onerror=alert(1)>",
                "clientId", "<b>x</b>", "clientSecret", "s");

        assertThat(domain.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");
        assertPlainPage(idp, 422);
        assertThat(idp.body()).doesNotContain("<img src=x").doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;");
        assertThat(domain.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(domain.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void formsWhenOversizedOrMalformedThenTypedRefusal() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        HttpResponse<String> huge = submitRaw(admin, "/idp/saml", "csrf=" + csrf + "&metadataXml="
                + "A".repeat(900 * 1024));
        HttpResponse<String> badEncoding = submitRaw(admin, "/domain", "csrf=" + csrf + "&domain=%E0%A4%A");
        HttpResponse<String> notUtf8 = submitRaw(admin, "/domain", "csrf=" + csrf + "&domain=%C3%28");
        HttpResponse<String> tooManyRows = submitRaw(admin, "/roles", "csrf=" + csrf
                + "&group=g&role=admin".repeat(60));

        assertPlainPage(huge, 413);
        assertPlainPage(badEncoding, 400);
        assertPlainPage(notUtf8, 400);
        assertPlainPage(tooManyRows, 422);
        assertThat(nodes.backOffice.connectionsOf("initech")).isEmpty();
    }

    @Test
    void idpWhenMetadataUrlInternalThenRefusedWithoutFetching() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        HttpResponse<String> refused = submit(admin, "/idp/saml", csrf(admin), "metadataUrl",
                "http://169.254.169.254/latest/meta-data/");

        assertPlainPage(refused, 422);
        assertThat(refused.body()).contains("We could not read http://169.254.169.254/latest/meta-data/");
        assertThat(nodes.backOffice.connectionsOf("initech")).isEmpty();
    }

    @Test
    void pagesWhenUnknownPathOrMethodThenPlainRefusals() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        assertPlainPage(admin.get(SETUP + "/nowhere"), 404);
        assertPlainPage(admin.get(SETUP + "/idp/nonsense"), 404);
        assertPlainPage(admin.get(SETUP + "/activate"), 404);
        assertThat(send(admin, "PUT", admin.baseUrl + SETUP + "/domain", "x").statusCode()).isEqualTo(405);
        assertThat(admin.get(SETUP + "/assets/setup.css").statusCode()).isEqualTo(200);
        assertPlainPage(admin.get(SETUP + "/assets/JitSetup.class"), 404);
    }
}
