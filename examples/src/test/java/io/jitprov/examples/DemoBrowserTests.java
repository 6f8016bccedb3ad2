package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as a person uses it: a real Chromium, driven through the demo's own pages, the
 * development IdP and JitFilter, against the demo's H2 file database. Screenshots of every final
 * page land in {@code target/browser-screenshots}. Outside CI the tests skip when Debian's
 * {@code chromium} and {@code chromium-driver} are not installed; on CI they must run.
 */
class DemoBrowserTests {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    @TempDir
    static Path dataDirectory;

    private static DemoServer demo;
    private static String origin;

    private final List<Path> profiles = new java.util.ArrayList<>();
    private WebDriver browser;
    private String testName;

    @BeforeAll
    static void startDemo() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must install chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        demo = DemoServer.startDemo(port, dataDirectory);
        origin = demo.origin();
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo test) throws IOException {
        testName = test.getTestMethod().orElseThrow().getName();
        browser = openChromium();
    }

    /** A fresh Chromium with a profile of its own, deleted when the test ends. */
    private WebDriver openChromium() throws IOException {
        Path profile = Files.createTempDirectory("jit-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver opened = new ChromeDriver(service, options);
        opened.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return opened;
    }

    /** A screenshot of the whole page, the window fitted to it: for the docs. */
    private void fullPage(String name) throws IOException {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 400));
        long height = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);"
                + " return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, (int) Math.min(height, 2400)));
        screenshot(browser, name);
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Path shots = Paths.get("target", "browser-screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            screenshot(browser, testName);
            browser.quit();
        }
        for (Path profile : profiles) {
            deleteTree(profile);
        }
    }

    @Test
    void aSamlPersonSignsInFirstTimeGetsMappedRolesAndSeesTheAuditTrail() {
        signIn("alice@acme.test", "acme-alice", null);

        assertThat(text("who")).isEqualTo("alice@acme.test");
        assertThat(text("tenant")).isEqualTo("acme");
        assertThat(roleRows()).contains("admin mapped from your groups at the IdP", "member mapped from your groups at the IdP");

        browser.findElement(By.id("admin-link")).click();
        waitFor(By.id("audit"));
        assertThat(text("accounts")).contains("alice@acme.test");
        assertThat(text("audit")).contains("login").contains("created");

    }

    @Test
    void anOidcPersonSignsInThroughTheAuthorizationCodeFlow() {
        signIn("carol@globex.test", "globex-carol", null);

        assertThat(text("tenant")).isEqualTo("globex");
        assertThat(text("issuer")).isEqualTo(demo.devIdps().main().oidcIssuer());
        assertThat(roleRows()).contains("admin mapped from your groups at the IdP", "member mapped from your groups at the IdP");
    }

    /** Signs out with the page's button (a POST with the CSRF token) and waits for the signed-out home page. */
    private void signOut() {
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in"));
    }

    @Test
    void signingOutEndsTheSessionSoTheDashboardAsksForSignInAgain() {
        signIn("dan@globex.test", "globex-dan", null);
        assertThat(text("who")).isEqualTo("dan@globex.test");

        signOut();
        browser.get(origin + "/app/");

        waitFor(By.id("email"));
        assertThat(browser.getTitle()).isEqualTo("Sign in");
    }

    @Test
    void rolesFollowTheGroupsTheIdpSendsOnEveryLogin() {
        signIn("bob@acme.test", "acme-bob", null);
        assertThat(roleRows()).contains("developer mapped from your groups at the IdP");
        signOut();

        signIn("bob@acme.test", "acme-bob", "acme-staff");

        // Only the mapped roles follow the groups (another test may have left Bob a time-bound role).
        assertThat(roleRows()).filteredOn(row -> row.contains("mapped"))
                .containsExactly("member mapped from your groups at the IdP");
    }

    @Test
    void aPersonOutsideTheRequiredGroupIsRefusedWithAReferenceAndGetsNoAccount() throws IOException {
        signIn("eve@acme.test", "acme-eve", null);

        assertThat(browser.getTitle()).isEqualTo("Sign-in refused");
        assertThat(browser.getPageSource()).contains("required_group_missing").contains("Reference:");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Your account is not in a group that may use this application.")
                .contains("What to do: Ask your IT team for access");
        fullPage("sign-in-refused");

        signIn("alice@acme.test", "acme-alice", null);
        browser.get(origin + "/admin/");
        waitFor(By.id("accounts"));
        assertThat(text("accounts")).doesNotContain("eve@acme.test");
        assertThat(text("audit")).contains("refused").contains("required_group_missing");
    }

    @Test
    void anUnverifiedDomainGetsTheSameNeutralAnswerAsAnUnknownOne() {
        browser.get(origin + "/");
        browser.findElement(By.id("sign-in")).click();
        submitEmail("mallory@initech.test");
        String initech = waitFor(By.cssSelector("[role=alert]")).getText();
        submitEmail("someone@nobody.example");
        String unknown = waitFor(By.cssSelector("[role=alert]")).getText();

        assertThat(initech).isEqualTo(unknown).contains("could not start single sign-on");
        assertThat(browser.getCurrentUrl()).startsWith(origin + "/sso/login");
    }

    @Test
    void elevationWithStepUpAndApprovalThenRevokedWhenDone() throws Exception {
        signIn("bob@acme.test", "acme-bob", null);

        browser.findElement(By.id("ask-deployer")).click();
        waitFor(By.id("mfa")).click();
        browser.findElement(By.id("person-acme-bob")).click();
        assertThat(waitForText("roles", "deployer")).contains("time-bound");

        browser.findElement(By.id("why-db-admin")).sendKeys("INC-7 restore the orders table");
        browser.findElement(By.id("ask-db-admin")).click();
        assertThat(waitForText("grants", "waiting for approval")).contains("db-admin");

        WebDriver bobsBrowser = browser;
        browser = openChromium();
        try {
            signIn("alice@acme.test", "acme-alice", null);
            browser.get(origin + "/admin/");
            assertThat(text("approvals")).contains("bob@acme.test").contains("INC-7 restore the orders table");
            browser.findElement(By.id("approve-db-admin")).click();
            waitFor(By.id("audit"));
            assertThat(text("audit")).contains("elevation.approve");
        } finally {
            screenshot(browser, testName + "-approver");
            browser.quit();
            browser = bobsBrowser;
        }

        browser.get(origin + "/app/");
        assertThat(text("roles")).contains("db-admin").contains("deployer");
        browser.findElement(By.id("revoke-deployer")).click();
        assertThat(waitForText("roles", "db-admin")).doesNotContain("deployer");
    }

    private String waitForText(String id, String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), expected));
        return text(id);
    }

    @Test
    void anAdminAddsAConnectionAndClaimsADomainForTheirOwnTenantAndIsToldPlainlyWhatIsRefused() throws Exception {
        signIn("carol@globex.test", "globex-carol", null);
        browser.get(origin + "/admin/");
        assertThat(text("connections")).contains("globex-dev-idp").contains("OpenID Connect");

        browser.findElement(By.cssSelector("#add-connection summary")).click();
        browser.findElement(By.name("id")).sendKeys("globex-<i>internal</i>");
        browser.findElement(By.name("metadataUrl")).sendKeys("https://169.254.169.254/latest/meta-data");
        browser.findElement(By.name("entityId")).sendKeys("https://idp.globex.test");
        browser.findElement(By.id("add-connection-button")).click();
        assertThat(waitForText("admin-result", "Not saved")).contains("saml.metadataUrl")
                .contains("link-local").doesNotContain("Exception");
        screenshot(browser, "admin-connection-refused");

        String entityId = demo.devIdps().main().samlEntityId();
        browser.findElement(By.name("metadata")).sendKeys(devIdpMetadata()
                .replace("entityID=\"" + entityId + "\"", "entityID=\"" + origin + "/other-idp/saml\""));
        browser.findElement(By.name("metadataUrl")).clear();
        browser.findElement(By.name("entityId")).clear();
        browser.findElement(By.id("add-connection-button")).click();
        assertThat(waitForText("connections", "globex-<i>internal</i>")).as("shown as text").contains("SAML");
        assertThat(browser.findElements(By.cssSelector("#connections i"))).as("never as markup").isEmpty();

        browser.findElement(By.name("domain")).sendKeys("gmail.com");
        browser.findElement(By.id("claim-domain")).click();
        assertThat(waitForText("admin-result", "consumer mail domain")).contains("gmail.com");
        browser.findElement(By.name("domain")).clear();
        browser.findElement(By.name("domain")).sendKeys("globex-research.test");
        browser.findElement(By.id("claim-domain")).click();
        assertThat(waitForText("domains", "globex-research.test")).contains("waiting for its DNS record")
                .contains("_jit-verification.globex-research.test");
        screenshot(browser, "admin-connections-and-domains");
        assertThat(text("audit")).contains("registry.create").contains("domain.claim");
    }

    /** The development IdP's SAML metadata, as an admin would paste their IdP's. */
    private String devIdpMetadata() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.devIdps().main().samlMetadataUrl()))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void anItAdminSetsUpSingleSignOnThroughASetupLinkAndTheirPeopleSignIn() throws Exception {
        browser.get(demo.setupLink());
        assertThat(text("main")).contains("Set up single sign-on for umbrella").contains("jit demo has invited you");
        fullPage("setup-1-open");
        browser.findElement(By.cssSelector("main form button")).click();
        waitFor(By.cssSelector("ol.progress"));
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/sso/setup/").doesNotContain("link=");
        fullPage("setup-2-overview");

        browser.findElement(By.linkText("Prove your domain")).click();
        waitFor(By.id("domain")).sendKeys("umbrella.example");
        browser.findElement(By.id("domain")).submit();
        assertThat(waitFor(By.cssSelector("code[id^=txt-name-]")).getText()).isEqualTo("_jit-verification.umbrella.example");
        assertThat(text("main")).contains("umbrella.test is verified.");
        fullPage("setup-3-domain");

        browser.findElement(By.linkText("Connect your identity provider")).click();
        waitFor(By.cssSelector("ul.choices"));
        fullPage("setup-4-choose-idp");
        browser.findElement(By.partialLinkText("Other SAML 2.0 provider")).click();
        assertThat(waitFor(By.id("sp-acs")).getText()).isEqualTo(origin + "/sso/saml/acs");
        browser.findElement(By.cssSelector("button[data-copy=sp-acs]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(By.id("copy-status"), "Copied"));
        fullPage("setup-5-saml-instructions");
        browser.findElement(By.id("metadataUrl")).sendKeys(demo.devIdps().umbrella().samlMetadataUrl());
        browser.findElement(By.id("groupAttribute")).clear();
        browser.findElement(By.id("groupAttribute")).sendKeys("memberOf");
        browser.findElement(By.id("metadataUrl")).submit();

        waitFor(By.cssSelector("table.rules"));
        assertThat(text("main")).contains("Saved.").contains("Your identity provider is " + demo.devIdps().umbrella().samlEntityId());
        List<WebElement> groups = browser.findElements(By.name("group"));
        List<WebElement> roles = browser.findElements(By.name("role"));
        groups.get(0).sendKeys("umbrella-it");
        new org.openqa.selenium.support.ui.Select(roles.get(0)).selectByValue("admin");
        groups.get(1).sendKeys("umbrella-staff");
        new org.openqa.selenium.support.ui.Select(roles.get(1)).selectByValue("developer");
        fullPage("setup-6-roles");
        groups.get(0).submit();

        waitFor(By.cssSelector("ol.progress"));
        fullPage("setup-7-ready");
        testSignIn(true);
        assertThat(text("main")).contains("This sign-in would be refused.").contains("destination_mismatch")
                .contains("Set the ACS (reply) URL at your identity provider to exactly the one shown in step 2.");
        fullPage("setup-8-test-sign-in-failed");
        browser.get(origin + "/sso/setup/");
        testSignIn(false);
        assertThat(text("main")).contains("Every check passed: a real sign-in would be accepted.")
                .contains("The person would get: admin, developer, member.")
                .contains("A new account would be created for ada@umbrella.test.");
        fullPage("setup-9-test-sign-in-passed");
        browser.get(origin + "/sso/setup/");
        browser.findElement(By.xpath("//button[text()='Turn on single sign-on']")).click();
        assertThat(waitFor(By.cssSelector(".notice.ok")).getText()).isEqualTo(
                "Single sign-on is on. Your people can now sign in with their work accounts.");
        fullPage("setup-10-on");

        signIn("ada@umbrella.test", "umbrella-ada", null);
        assertThat(text("tenant")).isEqualTo("umbrella");
        assertThat(roleRows()).contains("admin mapped from your groups at the IdP",
                "developer mapped from your groups at the IdP");

        browser.get(demo.setupLink());
        browser.findElement(By.cssSelector("main form button")).click();
        waitFor(By.linkText("See how your connection is doing")).click();
        assertThat(waitForText("main", "On: it takes sign-ins.")).contains("Last sign-in: ")
                .contains("Metadata: read from its URL and refreshed automatically.");
        fullPage("setup-11-health");
    }

    /** Clicks "Test sign-in", which opens a tab, signs in there as Ada (the IdP misconfigured or not), and stays in it. */
    private void testSignIn(boolean wrongAcs) {
        String setup = browser.getWindowHandle();
        java.util.Set<String> before = browser.getWindowHandles();
        browser.findElement(By.id("test-sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() > before.size());
        String tab = browser.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElseThrow();
        browser.close();
        browser.switchTo().window(tab);
        WebElement ada = waitFor(By.id("person-umbrella-ada"));
        if (wrongAcs) {
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("failure"))).selectByValue("WRONG_RECIPIENT");
        }
        ada.click();
        waitFor(By.cssSelector("ol.checks"));
        assertThat(setup).isNotEqualTo(tab);
    }

    @Test
    void anExpiredOrForeignSetupLinkGetsAPlainPageAndNothingElse() throws Exception {
        browser.get(origin + "/sso/setup/open?link=0123456789abcdef.not-a-real-secret-at-all-no-no-no-no-no-no-no");
        assertThat(text("main")).contains("This setup link does not work").contains("Ask jit demo for a new one.");
        browser.get(origin + "/sso/setup/domain");
        assertThat(text("main")).contains("This setup link does not work");
        screenshot(browser, "setup-link-invalid");
    }

    @Test
    void anAdminOpensTheAccessReviewOfTheirOwnTenantOnly() {
        signIn("carol@globex.test", "globex-carol", null);
        browser.get(origin + "/admin/");
        waitFor(By.id("review-json")).click();

        String review = browser.findElement(By.tagName("body")).getText();
        assertThat(review).contains("\"tenant\":\"globex\"").contains("carol@globex.test")
                .doesNotContain("acme.test");
    }

    @Test
    void theDirectoryDeprovisionsOverScimAndTheOpenDashboardIsSignedOutAtOnce() throws Exception {
        signIn("bob@acme.test", "acme-bob", null);
        assertThat(text("who")).isEqualTo("bob@acme.test");
        String users = origin + "/sso/scim/acme/v2/Users";
        String found = scim("GET", users + "?filter=" + URLEncoder.encode("userName eq \"acme-bob\"",
                StandardCharsets.UTF_8).replace("+", "%20"), null);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(found);
        assertThat(id.find()).as(found).isTrue();
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":%s}}]}";

        try {
            assertThat(scim("PATCH", users + "/" + id.group(1), patch.formatted("false"))).contains("\"active\":false");
            browser.get(origin + "/app/");
            waitFor(By.id("email"));
            assertThat(browser.getTitle()).isEqualTo("Sign in");
            signIn("bob@acme.test", "acme-bob", null);
            assertThat(browser.getTitle()).isEqualTo("Sign-in refused");
        } finally {
            // Bob is shared with the other tests of the running demo: give him back.
            assertThat(scim("PATCH", users + "/" + id.group(1), patch.formatted("true"))).contains("\"active\":true");
        }
        signIn("bob@acme.test", "acme-bob", null);
        assertThat(text("who")).isEqualTo("bob@acme.test");
    }

    private static String scim(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + demo.scimToken()).header("Content-Type", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void signIn(String email, String person, String groupsOverride) {
        browser.get(origin + "/");
        WebElement signIn = browser.findElements(By.id("sign-in")).stream().findFirst().orElse(null);
        if (signIn == null) {
            browser.get(origin + "/sso/login?return=%2Fapp%2F");
        } else {
            signIn.click();
        }
        submitEmail(email);
        WebElement choice = waitFor(By.id("person-" + person));
        if (groupsOverride != null) {
            browser.findElement(By.id("groups")).sendKeys(groupsOverride);
        }
        choice.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.id("who")),
                ExpectedConditions.titleIs("Sign-in refused")));
    }

    private void submitEmail(String email) {
        WebElement field = waitFor(By.id("email"));
        field.clear();
        field.sendKeys(email);
        field.submit();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(field));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String text(String id) {
        return waitFor(By.id(id)).getText();
    }

    private List<String> roleRows() {
        return waitFor(By.id("roles")).findElements(By.cssSelector("tr td:first-child")).stream()
                .map(cell -> cell.getText() + " " + cell.findElement(By.xpath("following-sibling::td")).getText())
                .toList();
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
