package dev.iotpaymerchant.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver, as an operator's browser. Selenium
 * Manager cannot download browsers here, so both binaries are named explicitly. Screenshots go to
 * target/console-screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMIUM = System.getProperty("it.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("it.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        try {
            profile = Files.createTempDirectory("console-it-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // The flags Chromium needs as root on a machine with no outside network (PLATFORM.md).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement await(By by) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Waits until the page's text contains {@code text}; returns the text. */
    String awaitText(String text) {
        return waitFor(d -> {
            String body = d.findElement(By.tagName("body")).getText();
            return body.contains(text) ? body : null;
        });
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the browser did not get there; it shows " + driver.getCurrentUrl() + ":\n"
                    + driver.findElement(By.tagName("body")).getText() + "\nconsole: " + consoleLog(), e);
        }
    }

    private String consoleLog() {
        try {
            return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().toString();
        } catch (RuntimeException e) {
            return "(no browser log: " + e.getMessage() + ")";
        }
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows now as target/console-screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans up
        }
    }
}
