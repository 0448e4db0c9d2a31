package io.metricsstreamer.web;

import io.metricsstreamer.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the page tests share: one headless Chromium per test class (started before its first test, closed after its
 * last), and each test skipped with a message where Chromium is not installed. Test classes run one after the other,
 * so one field serves them all.
 */
abstract class BrowserTests {
    /** The class's browser; null where Chromium is not installed (every test is then skipped). */
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.startIfInstalled();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void needsChromium() {
        Browser.assumeInstalled();
    }
}
