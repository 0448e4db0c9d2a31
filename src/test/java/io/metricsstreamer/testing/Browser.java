package io.metricsstreamer.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, for the browser tests of the pages. Uses Debian's {@code chromium} and
 * {@code chromium-driver} packages at fixed paths and never lets Selenium Manager download anything: the driver
 * path is given explicitly. Each instance has a fresh temporary profile, deleted on {@link #close()}.
 *
 * <p>Tests call {@link #assumeInstalled()} (or {@link #start}, which calls it) so that a machine without
 * Chromium skips them with a clear message instead of failing.
 */
public final class Browser implements AutoCloseable {
    /** Debian's Chromium launcher (system property {@code chromium.binary} names another). */
    public static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    /** Debian's ChromeDriver (system property {@code chromium.driver} names another). */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    /** How long {@link #await} waits: generous, so that a loaded CI machine never flakes. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(int width, int height, List<String> extraArguments) throws IOException {
        profile = Files.createTempDirectory("metrics-streamer-chromium-");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--disable-quic", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        try {
            driver = new ChromeDriver(service, options);
        } catch (WebDriverException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        fitViewport(width, height);
    }

    /** Resizes the window so that the page's viewport (not the window) is {@code width} x {@code height}. */
    private void fitViewport(int width, int height) {
        driver.get("about:blank");
        Number extraW = (Number) js("return window.outerWidth - window.innerWidth;");
        Number extraH = (Number) js("return window.outerHeight - window.innerHeight;");
        driver.manage().window().setSize(new Dimension(width + extraW.intValue(), height + extraH.intValue()));
    }

    /** Whether Chromium and ChromeDriver are installed. */
    public static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skips the calling test, with a clear message, when Chromium or ChromeDriver is not installed. Call it from
     * {@code @BeforeEach} (surefire does not report tests skipped from {@code @BeforeAll}).
     */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(isInstalled(),
                "browser tests need Debian's chromium and chromium-driver packages (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
    }

    /** Starts headless Chromium with a 1400x900 window (skipping the test when it is not installed). */
    public static Browser start() {
        return start(1400, 900);
    }

    /** Starts headless Chromium with a 1400x900 window, or answers null when it is not installed. */
    public static Browser startIfInstalled() {
        return isInstalled() ? start() : null;
    }

    /** Starts headless Chromium with a window of the given size (skipping the test when it is not installed). */
    public static Browser start(int width, int height) {
        return start(width, height, List.of());
    }

    /**
     * Starts headless Chromium (1400x900) that takes any server certificate ({@code --ignore-certificate-errors}),
     * for pages served over TLS with a test certificate; or answers null when it is not installed.
     */
    public static Browser startIgnoringCertificateErrorsIfInstalled() {
        return isInstalled() ? start(1400, 900, List.of("--ignore-certificate-errors")) : null;
    }

    private static Browser start(int width, int height, List<String> extraArguments) {
        assumeInstalled();
        try {
            return new Browser(width, height, extraArguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Selenium driver. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads a page and waits for it to finish loading. */
    public void open(URI uri) {
        driver.get(uri.toString());
    }

    /** Waits until {@code condition} answers non-null and not false, and returns that answer. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).withMessage(what).until(condition);
    }

    /** The element with this CSS selector (waiting for it to exist). */
    public WebElement find(String css) {
        return await("element " + css, d -> d.findElement(By.cssSelector(css)));
    }

    /** The trimmed text of the element with this CSS selector. */
    public String text(String css) {
        return find(css).getText().trim();
    }

    /** Runs JavaScript in the page and returns its result ({@code return ...;}). */
    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Every resource URL the page loaded that did not come from {@code origin} (e.g. http://127.0.0.1:123). */
    @SuppressWarnings("unchecked")
    public List<String> foreignRequests(String origin) {
        List<Object> urls = (List<Object>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat(performance.getEntriesByType('navigation').map(e => e.name));");
        List<String> foreign = new ArrayList<>();
        for (Object u : urls) {
            String url = String.valueOf(u);
            if (!url.equals(origin) && !url.startsWith(origin + "/")) {
                foreign.add(url);
            }
        }
        return foreign;
    }

    /** The browser console's SEVERE entries since the last call (this empties the browser's log buffer). */
    public List<String> severeConsoleEntries() {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(e.getMessage());
            }
        }
        return severe;
    }

    /** Saves a PNG screenshot of the window to {@code file}, creating its directory. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
