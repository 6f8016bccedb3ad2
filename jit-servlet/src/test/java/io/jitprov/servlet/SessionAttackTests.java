package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.saml.IdpSide;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CSRF, session fixation and state substitution against a running filter: what an attacker who
 * can plant a session, make the victim's browser send requests, or replay one kind of state as
 * another can do. The answer must always be: nothing.
 */
class SessionAttackTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AttackedApp target;
    private TestApp victim;
    private TestApp attacker;

    @BeforeEach
    void start() throws Exception {
        target = new AttackedApp();
        victim = target.app;
        attacker = victim.other();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    private static String csrfOf(TestApp browser) throws Exception {
        HttpResponse<String> page = browser.get("/app/");
        Matcher csrf = Pattern.compile("csrf=(\\S+)").matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();
        return csrf.group(1);
    }

    /** Bob (an acme engineer) asks for db-admin, which needs an admin's approval; returns the grant id. */
    private String bobAsksForDbAdmin() throws Exception {
        TestApp bob = victim.other();
        AttackedApp.signIn(bob, "bob", List.of("acme-eng"));
        JsonNode grant = JSON.readTree(bob.post("/sso/elevation/request", Map.of("role", "db-admin",
                "justification", "INC-1", "csrf", csrfOf(bob)), "application/json").body());
        assertThat(grant.get("status").asText()).as(grant.toString()).isEqualTo("pending");
        return grant.get("id").asText();
    }

    @Test
    void csrfTokenWhenPlantedBeforeLoginThenWorthlessAfterIt() throws Exception {
        String grantId = bobAsksForDbAdmin();
        // The attacker signs in with an account of their own (any tenant would do) and learns that session's token,
        AttackedApp.signIn(attacker, "mallory", List.of());
        String plantedToken = csrfOf(attacker);
        // then fixes that session in the victim's browser (a subdomain cookie, a shared machine, ...).
        plant(attacker, victim);
        String fixedSession = victim.sessionCookie();

        AttackedApp.signIn(victim, "alice", List.of("acme-admins"));
        HttpResponse<String> forged = victim.post("/sso/elevation/" + grantId + "/approve",
                Map.of("csrf", plantedToken), "application/json");

        assertThat(victim.sessionCookie()).isNotEqualTo(fixedSession);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("csrf_token_invalid");
        assertThat(target.grants.findById(grantId).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(csrfOf(victim)).isNotEqualTo(plantedToken);
    }

    @Test
    void fixedSessionWhenAnotherPersonSignsInThenTheAttackersSessionDoesNotBecomeTheirs() throws Exception {
        AttackedApp.signIn(attacker, "mallory", List.of());
        String attackersSession = attacker.sessionCookie();
        plant(attacker, victim);

        AttackedApp.signIn(victim, "alice", List.of("acme-admins"));

        assertThat(victim.sessionCookie()).isNotEqualTo(attackersSession);
        assertThat(attacker.get("/app/").body()).doesNotContain("alice");
        assertThat(victim.get("/app/").body()).contains("user=alice@acme.test");
    }

    @Test
    void logoutWhenAnotherSiteLinksToItThenNobodyIsSignedOut() throws Exception {
        AttackedApp.signIn(victim, "alice", List.of());

        HttpResponse<String> image = victim.get("/sso/logout", "image/avif,image/webp,*/*");
        HttpResponse<String> form = victim.post("/sso/logout", Map.of());
        HttpResponse<String> guessed = victim.post("/sso/logout", Map.of("csrf", "guess"));

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).contains("<form method=\"post\"").contains("Sign out");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(guessed.statusCode()).isEqualTo(403);
        assertThat(victim.get("/app/").body()).contains("user=alice@acme.test");

        assertThat(victim.signOut().statusCode()).isEqualTo(302);
        assertThat(victim.get("/app/").statusCode()).isEqualTo(302);
    }

    /** Bob asks for deployer, which needs a step-up; returns the key his request waits under. */
    private String stepUpKeyOf(TestApp bob) throws Exception {
        HttpResponse<String> ask = bob.post("/sso/elevation/request", Map.of("role", "deployer", "csrf", csrfOf(bob)),
                "application/json");
        assertThat(ask.statusCode()).as(ask.body()).isEqualTo(401);
        String stepUp = JSON.readTree(ask.body()).get("stepUp").asText();
        return stepUp.substring(stepUp.indexOf("resume=") + "resume=".length());
    }

    @Test
    void stepUpKeyWhenPostedAsRelayStateThenNotAPendingLoginAndStillUsableForItsStepUp() throws Exception {
        AttackedApp.signIn(victim, "bob", List.of("acme-eng"));
        String key = stepUpKeyOf(victim);
        String unsolicited = IdpSide.response(victim.baseUrl + "/sso/saml", victim.baseUrl + "/sso/saml/acs", "_forged",
                "bob", "bob@acme.test", List.of("acme-eng"));

        HttpResponse<String> acs = victim.post("/sso/saml/acs", Map.of("SAMLResponse", unsolicited, "RelayState", key));

        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(400);
        assertThat(acs.body()).contains("in_response_to_mismatch").doesNotContain("Exception");
        HttpResponse<String> stepUp = victim.get("/sso/elevation/step-up?resume=" + enc(key));
        assertThat(stepUp.statusCode()).isEqualTo(302);
        assertThat(stepUp.headers().firstValue("Location").orElseThrow()).startsWith("https://idp.acme.test/sso?");
    }

    @Test
    void relayStateWhenPresentedAsAStepUpKeyThenUnknownAndStillGoodForItsLogin() throws Exception {
        AttackedApp.signIn(victim, "bob", List.of("acme-eng"));
        HttpResponse<String> start = victim.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=%2Fapp%2F");
        String relayState = query(URI.create(start.headers().firstValue("Location").orElseThrow())).get("RelayState");

        HttpResponse<String> resume = victim.get("/sso/elevation/resume?key=" + enc(relayState), "application/json");
        HttpResponse<String> stepUp = victim.get("/sso/elevation/step-up?resume=" + enc(relayState), "application/json");

        assertThat(resume.statusCode()).isEqualTo(400);
        assertThat(resume.body()).contains("unknown_request");
        assertThat(stepUp.statusCode()).isEqualTo(400);
        assertThat(JitFilterElevationTests.answer(victim, start, "bob", "bob@acme.test", List.of("acme-eng"),
                AttackedApp.MFA).acs().statusCode()).isEqualTo(302);
    }

    /** Session fixation: the victim's browser is made to send the attacker's session cookie. */
    private static void plant(TestApp attacker, TestApp victim) {
        HttpCookie session = attacker.cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID")).findFirst().orElseThrow();
        victim.cookies.getCookieStore().removeAll();
        victim.cookies.getCookieStore().add(URI.create(victim.baseUrl), (HttpCookie) session.clone());
        assertThat(victim.sessionCookie()).isEqualTo(attacker.sessionCookie());
    }

    @Test
    void signInLinkFromAnotherSiteWhenFollowedThenAskedFirstAndOnlyTheClickStartsIt() throws Exception {
        String start = "/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=%2Fapp%2F";

        TestApp.Raw crossSite = victim.raw("GET", start, Map.of("Sec-Fetch-Site", "cross-site"), "");
        TestApp.Raw sameSite = victim.raw("GET", start, Map.of("Sec-Fetch-Site", "same-site"), "");
        TestApp.Raw clicked = victim.raw("GET", start, Map.of("Sec-Fetch-Site", "same-origin"), "");
        TestApp.Raw typed = victim.raw("GET", start, Map.of("Sec-Fetch-Site", "none"), "");
        TestApp.Raw oldBrowserPost = victim.raw("POST", "/sso/login", Map.of("Origin", "https://evil.test",
                "Content-Type", "application/x-www-form-urlencoded"), "email=alice%40acme.test");

        assertThat(crossSite.status()).isEqualTo(200);
        assertThat(crossSite.body()).contains("Another site sent you here").contains("href=\"" + start.replace("&", "&amp;"))
                .doesNotContain("SAMLRequest");
        assertThat(sameSite.status()).isEqualTo(200);
        assertThat(clicked.status()).isEqualTo(302);
        assertThat(clicked.head()).contains("Location: https://idp.acme.test/sso?SAMLRequest=");
        assertThat(typed.status()).isEqualTo(302);
        assertThat(oldBrowserPost.status()).isEqualTo(403);
    }
}
