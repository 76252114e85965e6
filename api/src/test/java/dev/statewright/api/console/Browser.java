package dev.statewright.api.console;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium. Without
 * chromedriver the tests are skipped with a message saying what to install, unless
 * STATEWRIGHT_REQUIRE_BROWSER is set (as CI does), when they fail.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    static Browser open() {
        requireBrowser(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                System.getenv("STATEWRIGHT_REQUIRE_BROWSER") != null);
        try {
            Path profile = Files.createTempDirectory("statewright-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // Without the background-networking flags Chromium reaches out on start, which a closed network refuses.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            Path base = Path.of(System.getProperty("basedir", "."));
            Path screenshots = base.resolve("target").resolve("screenshots");
            Files.createDirectories(screenshots);
            return new Browser(driver, profile, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Without a browser: fails when one is required, else skips with what to install. */
    static void requireBrowser(boolean installed, boolean required) {
        if (installed) {
            return;
        }
        String message = "The web console's browser tests need Chromium and its driver: "
                + "apt-get install -y chromium chromium-driver (" + CHROMIUM + " and " + CHROMEDRIVER + ")";
        if (required) {
            Assertions.fail(message + "; STATEWRIGHT_REQUIRE_BROWSER is set, so their absence is a failure");
        }
        Assumptions.abort(message);
    }

    /** Saves the whole page as target/screenshots/NAME.png (up to 4000 pixels high), for a person to look at. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(window.width, Math.min(4000, Math.max(window.height, height.intValue() + 120))));
        File file = driver.getScreenshotAs(OutputType.FILE);
        driver.manage().window().setSize(window);
        Path target = screenshots.resolve(name + ".png");
        try {
            Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Waits (up to the given seconds) until the condition holds, then returns its value. */
    <T> T waitFor(int seconds, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(25))
                // The console redraws as the service changes: an element found a moment ago may be replaced.
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.apply(driver));
    }

    /** Opens a console page and waits until it says it is ready (main[data-ready]). */
    void openPage(String url, String ready) {
        driver.get(url);
        waitForReady(ready);
    }

    void waitForReady(String ready) {
        waitFor(10, d -> ready.equals(d.findElement(By.id("main")).getAttribute("data-ready")));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text of what {@code css} finds, found again if the page redrew it between the find and the read. */
    String text(String css) {
        return refound(() -> find(css).getText());
    }

    /** An attribute of what {@code css} finds, found again if the page redrew it between the find and the read. */
    String attribute(String css, String name) {
        return refound(() -> find(css).getAttribute(name));
    }

    /** Reads an element found afresh each try: a stale element means a redraw replaced it, so the new one is there. */
    private static <T> T refound(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
