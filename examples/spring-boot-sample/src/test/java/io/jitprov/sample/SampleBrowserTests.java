package io.jitprov.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample as a person uses it, once, in a real Chromium: the dashboard asks for a sign-in,
 * jit's page asks for the email, the development IdP's page for the person, and Alice lands on
 * her dashboard as an admin. Screenshots in {@code target/browser-screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:sample-browser;DB_CLOSE_DELAY=-1")
class SampleBrowserTests {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final int PORT = freePort();
    private static final int IDP_PORT = freePort();

    private WebDriver browser;
    private Path profile;

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
        properties.add("sample.dev-idp.port", () -> IDP_PORT);
    }

    @BeforeEach
    void openChromium() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must install chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        profile = Files.createTempDirectory("jit-sample-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,800", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aliceSignsInThroughHerIdpAndSeesHerRolesOnTheDashboard() throws IOException {
        String base = "http://127.0.0.1:" + PORT;
        browser.get(base + "/");
        assertThat(waitFor(By.id("sign-in")).getText()).isEqualTo("Sign in with your organisation");
        screenshot("sample-0-home");
        browser.get(base + "/dashboard");
        WebElement email = waitFor(By.id("email"));
        screenshot("sample-1-sign-in");
        email.sendKeys("alice@acme.test");
        email.submit();

        WebElement alice = waitFor(By.id("person-alice@acme.test"));
        screenshot("sample-2-dev-idp");
        alice.click();

        assertThat(waitFor(By.id("tenant")).getText()).isEqualTo("acme");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/dashboard");
        assertThat(browser.findElement(By.id("authorities")).getText()).contains("ROLE_admin").contains("ROLE_member");
        screenshot("sample-3-dashboard");

        browser.findElement(By.linkText("Admin page")).click();
        assertThat(waitFor(By.id("report")).getText()).isEqualTo("Every account in your tenant, for admins only.");
        screenshot("sample-4-admin");
        browser.navigate().back();
        waitFor(By.id("sign-out")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.not(
                ExpectedConditions.urlContains("/dashboard")));
        browser.get(base + "/dashboard");
        waitFor(By.id("email"));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private void screenshot(String name) throws IOException {
        Path shots = Paths.get("target", "browser-screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
