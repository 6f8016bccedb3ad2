package io.jitprov.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
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
 * Debian's Chromium, headless, with a profile of its own: what a person's browser does against
 * Keycloak and the application. On CI it must be installed; elsewhere tests skip without it.
 */
final class Chromium implements AutoCloseable {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private final Path profile;
    private final WebDriver driver;

    private Chromium(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    static Chromium open() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must install chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        Path profile = Files.createTempDirectory("jit-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Chromium(profile, driver);
    }

    WebDriver driver() {
        return driver;
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    String text(By locator) {
        return waitFor(locator).getText();
    }

    /** The whole page, the window fitted to it, under {@code target/browser-screenshots}. */
    void screenshot(String name) throws IOException {
        driver.manage().window().setSize(new Dimension(1200, 400));
        long height = (Long) ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);"
                + " return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        driver.manage().window().setSize(new Dimension(1200, (int) Math.min(height, 2400)));
        Path shots = Paths.get("target", "browser-screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
