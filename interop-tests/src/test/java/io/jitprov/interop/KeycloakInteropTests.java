package io.jitprov.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.config.JitRegistry;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.saml.TestKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * JitFilter against a real Keycloak: SP-initiated SAML (signed AuthnRequests, signed and then
 * encrypted assertions) and the OIDC code flow with PKCE, through Keycloak's own login form.
 * Keycloak starts once for the class with the {@code acme} realm this module ships; each test gets
 * a fresh application and store on the same port (Keycloak's clients name that origin).
 */
class KeycloakInteropTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeycloakServer keycloak;
    private static int spPort;

    @TempDir
    Path directory;

    private InteropSp sp;

    @BeforeAll
    static void startKeycloak() throws Exception {
        spPort = KeycloakServer.freePort();
        keycloak = KeycloakServer.start();
        keycloak.createRealm(realm());
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @BeforeEach
    void startSp() throws Exception {
        sp = InteropSp.start(spPort, keycloak, TestKeys.SP, directory);
    }

    @AfterEach
    void stopSp() throws Exception {
        sp.close();
    }

    @Test
    void samlLoginWithSignedRequestCreatesTheAccountWithMappedRoles() throws Exception {
        Browser.Page app = samlLogin(new Browser(), "alice", "alice-password");

        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body()).contains("user=alice@acme.test", "tenant=acme", "roles=[admin, member]");
        assertThat(sp.accounts("acme")).isEqualTo(1);
    }

    @Test
    void oidcCodeFlowWithPkceCreatesTheAccountWithMappedRoles() throws Exception {
        Browser.Page app = oidcLogin(new Browser(), "alice", "alice-password");

        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body()).contains("user=alice@acme.test", "tenant=acme", "roles=[admin, member]");
        assertThat(sp.accounts("acme")).isEqualTo(1);
    }

    @Test
    void oidcLoginWithAnUnverifiedEmailIsRefusedAndCreatesNothing() throws Exception {
        Browser.Page refused = oidcLogin(new Browser(), "bob", "bob-password");

        assertThat(refused.body()).contains(JitErrorCodes.EMAIL_NOT_VERIFIED).contains("Reference:");
        assertThat(sp.accounts("acme")).isZero();
    }

    @Test
    void samlLoginWithEncryptedAssertionIsDecryptedAndProvisioned() throws Exception {
        updateSamlClient("saml.encrypt", "true");
        try {
            Browser browser = new Browser();
            Browser.Page responsePage = samlResponsePage(browser, "alice", "alice-password");
            assertThat(decodedSamlResponse(responsePage)).contains("EncryptedAssertion").doesNotContain("alice@acme.test");

            Browser.Page app = postToAcs(browser, responsePage);

            assertThat(app.body()).contains("user=alice@acme.test", "roles=[admin, member]");
        } finally {
            updateSamlClient("saml.encrypt", "false");
        }
    }

    @Test
    void personOutsideTheTenantsVerifiedDomainsIsRefused() throws Exception {
        Browser.Page refused = samlLogin(new Browser(), "mallory", "mallory-password");

        assertThat(refused.body()).contains(JitErrorCodes.DOMAIN_NOT_VERIFIED);
        assertThat(sp.accounts("acme")).isZero();
    }

    @Test
    void groupRemovedInKeycloakTakesTheMappedRoleAwayAtTheNextLogin() throws Exception {
        assertThat(samlLogin(new Browser(), "bob", "bob-password").body()).contains("roles=[developer, member]");
        String bob = userId("bob");
        String group = groupId("acme-eng-backend");
        KeycloakServer.expect(keycloak.admin("DELETE", "/admin/realms/acme/users/" + bob + "/groups/" + group, null), 204);
        try {
            Browser.Page again = samlLogin(new Browser(), "bob", "bob-password");

            assertThat(again.body()).contains("user=bob@acme.test", "roles=[member]");
            assertThat(sp.accounts("acme")).isEqualTo(1);
        } finally {
            KeycloakServer.expect(keycloak.admin("PUT", "/admin/realms/acme/users/" + bob + "/groups/" + group, null), 204);
        }
    }

    @Test
    void theSameSamlResponsePostedTwiceIsAcceptedOnce() throws Exception {
        Browser browser = new Browser();
        Browser.Page responsePage = samlResponsePage(browser, "alice", "alice-password");
        assertThat(postToAcs(browser, responsePage).body()).contains("user=alice@acme.test");

        Browser.Page replayed = postToAcs(new Browser(), responsePage);

        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.body()).contains("Reference:").doesNotContain("user=alice");
    }

    @Test
    void realmKeyRotationIsPickedUpWithoutRestartingTheServiceProvider() throws Exception {
        assertThat(samlLogin(new Browser(), "alice", "alice-password").body()).contains("user=alice@acme.test");
        assertThat(oidcLogin(new Browser(), "dave", "dave-password").body()).contains("user=dave@acme.test");
        String before = activeSigningKid();

        rotateRealmSigningKey();
        assertThat(activeSigningKid()).isNotEqualTo(before);

        assertThat(samlLogin(new Browser(), "alice", "alice-password").body()).contains("user=alice@acme.test");
        assertThat(oidcLogin(new Browser(), "dave", "dave-password").body()).contains("user=dave@acme.test");
    }

    @Test
    void keycloakBackchannelLogoutEndsTheOidcSession() throws Exception {
        Browser browser = new Browser();
        // Keycloak sends no groups claim at all for a person without groups: default roles only.
        assertThat(oidcLogin(browser, "dave", "dave-password").body()).contains("user=dave@acme.test", "roles=[member]");

        KeycloakServer.expect(keycloak.admin("POST", "/admin/realms/acme/users/" + userId("dave") + "/logout", null), 204);

        assertThat(browser.open(spOrigin() + "/app/").uri().getPath()).isEqualTo("/sso/login");
    }

    @Test
    void keycloakSamlSingleLogoutEndsTheSamlSession() throws Exception {
        Browser browser = new Browser();
        assertThat(samlLogin(browser, "alice", "alice-password").body()).contains("user=alice@acme.test");

        KeycloakServer.expect(keycloak.admin("POST", "/admin/realms/acme/users/" + userId("alice") + "/logout", null), 204);

        assertThat(browser.open(spOrigin() + "/app/").uri().getPath()).isEqualTo("/sso/login");
    }

    /**
     * Issue 16's walk over OpenID Connect: an IT admin with a setup link connects Keycloak through
     * the setup pages in Chromium, runs a failing test sign-in (Bob's email is not verified) and a
     * passing one (Alice), turns single sign-on on, and Alice signs in for real.
     */
    @Test
    void anItAdminConnectsKeycloakThroughTheSetupPagesTestsItAndTurnsItOn() throws Exception {
        sp.close();
        try (SetupSp setup = SetupSp.start(spPort, directory); Chromium chromium = Chromium.open()) {
            JitRegistry registry = setup.registry();
            registry.createTenant("acme", """
                    {"roles": {"allowedRoles": ["member", "admin"], "defaultRoles": ["member"]}}""");
            registry.markDomainVerified("acme", "acme.test", false);
            String link = registry.actingAs(AuditActor.apiToken("interop")).issueSetupLink("acme", Duration.ofDays(1))
                    .url(spOrigin() + "/sso");
            WebDriver browser = chromium.driver();

            browser.get(link);
            chromium.screenshot("keycloak-setup-0-open");
            chromium.waitFor(By.cssSelector("main form button")).click();
            chromium.waitFor(By.cssSelector("ol.progress"));
            chromium.screenshot("keycloak-setup-0-overview");
            browser.get(spOrigin() + "/sso/setup/idp/keycloak");
            assertThat(chromium.text(By.id("redirect-uri"))).isEqualTo(spOrigin() + "/sso/oidc/callback");
            browser.findElement(By.id("issuer")).sendKeys(keycloak.realmUrl("acme"));
            browser.findElement(By.id("clientId")).sendKeys("jit-interop");
            browser.findElement(By.id("clientSecret")).sendKeys(InteropSp.OIDC_SECRET);
            chromium.screenshot("keycloak-setup-1-idp");
            browser.findElement(By.id("issuer")).submit();
            chromium.waitFor(By.cssSelector("table.rules"));
            browser.findElements(By.name("group")).get(0).sendKeys("acme-admins");
            new Select(browser.findElements(By.name("role")).get(0)).selectByValue("admin");
            chromium.screenshot("keycloak-setup-1-roles");
            browser.findElements(By.name("group")).get(0).submit();
            chromium.waitFor(By.cssSelector("ol.progress"));
            chromium.screenshot("keycloak-setup-1-ready");

            testSignIn(chromium, "bob", "bob-password");
            assertThat(chromium.text(By.id("main"))).contains("This sign-in would be refused.")
                    .contains("email_not_verified").contains("Make the provider send email_verified: true");
            chromium.screenshot("keycloak-setup-2-test-failed");
            browser.get(spOrigin() + "/sso/setup/");
            testSignIn(chromium, "alice", "alice-password");
            assertThat(chromium.text(By.id("main"))).contains("Every check passed")
                    .contains("The person would get: admin, member.")
                    .contains("A new account would be created for alice@acme.test.");
            chromium.screenshot("keycloak-setup-3-test-passed");

            browser.get(spOrigin() + "/sso/setup/");
            chromium.waitFor(By.xpath("//button[text()='Turn on single sign-on']")).click();
            assertThat(chromium.text(By.cssSelector(".notice.ok"))).startsWith("Single sign-on is on.");
            chromium.screenshot("keycloak-setup-4-on");
            browser.get(spOrigin() + "/sso/login?return=%2Fapp%2F");
            chromium.waitFor(By.id("email")).sendKeys("alice@acme.test");
            browser.findElement(By.id("email")).submit();
            signInAtKeycloakIfAsked(chromium, "alice", "alice-password");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.tagName("body"), "tenant=acme"));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("user=alice@acme.test")
                    .contains("roles=[admin, member]");
            chromium.screenshot("keycloak-setup-5-signed-in");
        }
    }

    /** The overview's test sign-in: a new tab, Keycloak's form (a fresh sign-in is asked for), the result. */
    private static void testSignIn(Chromium chromium, String username, String password) {
        WebDriver browser = chromium.driver();
        Set<String> before = browser.getWindowHandles();
        chromium.waitFor(By.id("test-sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() > before.size());
        String tab = browser.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElseThrow();
        browser.close();
        browser.switchTo().window(tab);
        // With a session already (a test before), Keycloak asks its person to re-authenticate: switch person.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("username")).isEmpty()
                || !d.findElements(By.id("reset-login")).isEmpty());
        if (browser.findElements(By.id("username")).isEmpty()) {
            browser.findElement(By.id("reset-login")).click();
        }
        chromium.waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        chromium.waitFor(By.cssSelector("ol.checks"));
    }

    private static void signInAtKeycloakIfAsked(Chromium chromium, String username, String password) {
        WebDriver browser = chromium.driver();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("username")).isEmpty()
                || d.findElement(By.tagName("body")).getText().contains("tenant="));
        if (!browser.findElements(By.id("username")).isEmpty()) {
            browser.findElement(By.id("username")).sendKeys(username);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("kc-login")).click();
        }
    }

    // ---- flows --------------------------------------------------------------------------------

    private String spOrigin() {
        return "http://127.0.0.1:" + spPort;
    }

    /** SP-initiated SAML: the filter's redirect, Keycloak's login form, the POST back to the ACS. */
    private Browser.Page samlLogin(Browser browser, String username, String password) throws Exception {
        return postToAcs(browser, samlResponsePage(browser, username, password));
    }

    /** Up to the page where Keycloak's auto-submitting form holds the SAMLResponse. */
    private Browser.Page samlResponsePage(Browser browser, String username, String password) throws Exception {
        Browser.Page page = browser.open(spOrigin() + "/sso/saml/login?idp="
                + KeycloakServer.enc(keycloak.realmUrl("acme")) + "&return=/app/");
        return signInAtKeycloak(browser, page, username, password);
    }

    private Browser.Page postToAcs(Browser browser, Browser.Page responsePage) throws Exception {
        return browser.submit(responsePage, "form", Map.of());
    }

    private Browser.Page oidcLogin(Browser browser, String username, String password) throws Exception {
        Browser.Page page = browser.open(spOrigin() + "/sso/oidc/login?idp="
                + KeycloakServer.enc(keycloak.realmUrl("acme")) + "&return=/app/");
        return signInAtKeycloak(browser, page, username, password);
    }

    private static Browser.Page signInAtKeycloak(Browser browser, Browser.Page page, String username, String password)
            throws Exception {
        if (page.form("#kc-form-login").isEmpty()) {
            return page; // Keycloak's single sign-on session already knows the person
        }
        return browser.submit(page, "#kc-form-login", Map.of("username", username, "password", password));
    }

    private static String decodedSamlResponse(Browser.Page responsePage) {
        return new String(java.util.Base64.getMimeDecoder().decode(responsePage.field("SAMLResponse")), StandardCharsets.UTF_8);
    }

    // ---- Keycloak set-up ----------------------------------------------------------------------

    private static String realm() throws Exception {
        try (InputStream in = Objects.requireNonNull(KeycloakInteropTests.class.getResourceAsStream("/keycloak/acme-realm.json"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${SP}", "http://127.0.0.1:" + spPort)
                    .replace("${SP_CERT}", InteropSp.certificateBase64(TestKeys.SP))
                    .replace("${OIDC_SECRET}", InteropSp.OIDC_SECRET);
        }
    }

    private static void updateSamlClient(String attribute, String value) throws Exception {
        String id = keycloak.adminJson("/admin/realms/acme/clients?clientId="
                + KeycloakServer.enc("http://127.0.0.1:" + spPort + "/sso/saml")).get(0).get("id").asText();
        ObjectNode client = (ObjectNode) keycloak.adminJson("/admin/realms/acme/clients/" + id);
        ((ObjectNode) client.get("attributes")).put(attribute, value);
        KeycloakServer.expect(keycloak.admin("PUT", "/admin/realms/acme/clients/" + id, client.toString()), 204);
    }

    private static String userId(String username) throws Exception {
        return keycloak.adminJson("/admin/realms/acme/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    private static String groupId(String name) throws Exception {
        for (JsonNode group : keycloak.adminJson("/admin/realms/acme/groups?exact=true&search=" + name)) {
            if (group.get("name").asText().equals(name)) {
                return group.get("id").asText();
            }
        }
        throw new IllegalStateException("No group " + name);
    }

    private static String activeSigningKid() throws Exception {
        for (JsonNode key : keycloak.adminJson("/admin/realms/acme/keys").get("keys")) {
            if ("RS256".equals(key.path("algorithm").asText()) && "ACTIVE".equals(key.path("status").asText())
                    && "SIG".equals(key.path("use").asText())) {
                return key.get("kid").asText();
            }
        }
        throw new IllegalStateException("The realm has no active RS256 signing key");
    }

    /** What an administrator does: add a new RSA key with a higher priority, then disable the old one. */
    private static void rotateRealmSigningKey() throws Exception {
        String realmId = keycloak.adminJson("/admin/realms/acme").get("id").asText();
        JsonNode providers = keycloak.adminJson("/admin/realms/acme/components?type=org.keycloak.keys.KeyProvider");
        ObjectNode rotated = JSON.createObjectNode().put("name", "rotated-rsa").put("providerId", "rsa-generated")
                .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId);
        ObjectNode config = rotated.putObject("config");
        config.putArray("priority").add("500");
        config.putArray("enabled").add("true");
        config.putArray("active").add("true");
        config.putArray("keySize").add("2048");
        KeycloakServer.expect(keycloak.admin("POST", "/admin/realms/acme/components", rotated.toString()), 201);
        for (JsonNode provider : providers) {
            if ("rsa-generated".equals(provider.get("providerId").asText())) {
                ObjectNode old = (ObjectNode) provider;
                ((ObjectNode) old.get("config")).putArray("enabled").add("false");
                KeycloakServer.expect(keycloak.admin("PUT", "/admin/realms/acme/components/" + old.get("id").asText(),
                        old.toString()), 204);
            }
        }
    }
}
