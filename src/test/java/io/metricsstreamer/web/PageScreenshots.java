package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.demo.LoadProfile;
import io.metricsstreamer.demo.SyntheticStressTest;
import io.metricsstreamer.testing.Browser;
import io.metricsstreamer.testing.SampleMetrics;
import io.metricsstreamer.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Saves screenshots of the pages fed with plausible metrics, for looking at the design (not an assertion of
 * it). Not part of the suite (the name does not end in Test); run it on purpose:
 * {@code mvn test -Dtest=PageScreenshots -Dscreenshot.dir=/tmp/shots} (optional -Dscreenshot.width/height/agents).
 *
 * <p>{@code -Dscreenshot.dir=docs} redraws the pictures the docs show ({@link #DOCS_IMAGES}), and only those go
 * into {@code docs/}: the others go to {@link #ASIDE}, which git ignores, so the run leaves no untracked file.
 */
@Timeout(120)
@EnabledIfSystemProperty(named = "screenshot.dir", matches = ".+")
class PageScreenshots {
    private static final int STEPS = 480;
    /** The repository's docs directory (tests run in the project's base directory). */
    static final Path DOCS = Path.of("docs");
    /** The pictures in {@link #DOCS} that the README and the docs show, by file name. */
    static final Set<String> DOCS_IMAGES = Set.of("dashboard.png", "run-report.png");
    /** Where the other pictures of a run into {@link #DOCS} go: under {@code target/}, ignored by git. */
    static final Path ASIDE = Path.of("target", "screenshots");

    /** Where the picture {@code name} of a run into {@code dir} is saved: in {@code dir}, but see {@link #DOCS}. */
    static Path destination(Path dir, String name) {
        boolean docs = dir.toAbsolutePath().normalize().equals(DOCS.toAbsolutePath().normalize());
        return docs && !DOCS_IMAGES.contains(name) ? ASIDE.resolve(name) : dir.resolve(name);
    }

    @Test
    void dashboardWithTwoMinutesOfData() {
        Path dir = Path.of(System.getProperty("screenshot.dir"));
        int width = Integer.getInteger("screenshot.width", 1400);
        int height = Integer.getInteger("screenshot.height", 900);
        try (TestServer server = TestServer.start(b -> b.batchSize(50));
                Browser browser = Browser.start(width, height)) {
            browser.open(server.http("/"));
            browser.await("live", d -> "live".equals(browser.js("return window.metricsDashboard.state();")));
            SampleMetrics samples = new SampleMetrics(Integer.getInteger("screenshot.agents", 6));
            Instant start = Instant.now().minusMillis(STEPS * 250L);
            for (int i = 0; i < STEPS; i++) {
                samples.publish(server.streamer(), i, start.plusMillis(i * 250L));
            }
            browser.await("all points drawn", d -> ((Number) browser.js(
                    "return window.metricsDashboard.pointCount('throughput');")).intValue() >= STEPS - 5);
            browser.await("a redraw after the last point", d -> browser.js(
                    "return new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)), 600));"));
            Path shot = browser.screenshot(destination(dir, "dashboard-" + width + "x" + height + ".png"));
            assertThat(shot).exists();
            browser.js("window.scrollTo(0, document.body.scrollHeight);");
            browser.screenshot(destination(dir, "dashboard-" + width + "x" + height + "-bottom.png"));
            server.streamer().stop();
            browser.await("reconnecting", d -> "reconnecting".equals(browser.js(
                    "return window.metricsDashboard.state();")));
            browser.js("window.scrollTo(0, 0);");
            browser.await("the fade", d -> browser.js("return new Promise(r => setTimeout(() => r(true), 800));"));
            browser.screenshot(destination(dir, "dashboard-" + width + "x" + height + "-reconnecting.png"));
        }
    }

    /** The README's picture: the demo's own generator, three simulated minutes of the mixed profile. */
    @Test
    void dashboardDuringTheDemo() {
        Path dir = Path.of(System.getProperty("screenshot.dir"));
        try (TestServer server = TestServer.start(b -> b.batchSize(50));
                Browser browser = Browser.start(1400, 900)) {
            browser.open(server.http("/"));
            browser.await("live", d -> "live".equals(browser.js("return window.metricsDashboard.state();")));
            SyntheticStressTest demo = new SyntheticStressTest(server.streamer(),
                    new SyntheticStressTest.Options(LoadProfile.MIXED, 6, 1, 11));
            int ticks = 720;
            Instant start = Instant.now().minusMillis(ticks * 250L);
            for (int i = 0; i < ticks; i++) {
                demo.tick(start.plusMillis(i * 250L), i * 0.25);
            }
            browser.await("all points drawn", d -> ((Number) browser.js(
                    "return window.metricsDashboard.pointCount('throughput');")).intValue() >= ticks - 5);
            browser.await("a redraw after the last point", d -> browser.js(
                    "return new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)), 600));"));
            assertThat(browser.screenshot(destination(dir, "dashboard.png"))).exists();
            browser.js("window.scrollTo(0, document.body.scrollHeight);");
            browser.screenshot(destination(dir, "dashboard-bottom.png"));
        }
    }

    @Test
    void testClientAfterAFewMessages() {
        Path dir = Path.of(System.getProperty("screenshot.dir"));
        try (TestServer server = TestServer.start(); Browser browser = Browser.start(1400, 900)) {
            browser.open(server.http("/websocket_test_client.html"));
            browser.find("#connect").click();
            browser.await("connected", d -> "connected".equals(browser.find("#status").getAttribute("data-state")));
            browser.find("#sub-presentation").click();
            browser.find("#agent-ids").sendKeys("agent_1, agent_2");
            browser.find("#apply-filters").click();
            browser.find("#ping").click();
            SampleMetrics samples = new SampleMetrics(4);
            for (int i = 0; i < 12; i++) {
                samples.publish(server.streamer(), i, Instant.now());
            }
            browser.find("#raw").clear();
            browser.find("#raw").sendKeys("{\"type\":\"dance\"}");
            browser.find("#send-raw").click();
            browser.await("error shown", d -> browser.text("#last-error").contains("unknown_message_type"));
            browser.screenshot(destination(dir, "test-client-1400x900.png"));
        }
    }

    /** The run report of a made-up 60 s run with a stall at 30 s: its top (docs/REPORT.md shows it), and the file. */
    @Test
    void runReport() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("screenshot.dir"));
        Path file = destination(dir, "run-report.html").toAbsolutePath();
        java.nio.file.Files.createDirectories(file.getParent());
        io.metricsstreamer.testing.RunSamples run = io.metricsstreamer.testing.RunSamples.of(60, 1000, false);
        io.metricsstreamer.report.RunReport.write(file, run.summary(), run.system(), run.endpoints());
        try (Browser browser = Browser.start(1200, 1500)) {
            browser.open(file.toUri());
            browser.await("charts", d -> browser.js("return document.documentElement.dataset.chartsDrawn;") != null);
            assertThat(browser.screenshot(destination(dir, "run-report.png"))).exists();
        }
    }
}
