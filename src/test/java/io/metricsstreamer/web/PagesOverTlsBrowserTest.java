package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.Browser;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pages served over {@code https://} by a server with a throwaway certificate (SPEC §10), in headless Chromium
 * told to take any certificate: they connect over {@code wss://} to the {@code /ws} endpoint of their own origin and
 * work as over plain HTTP.
 */
@Timeout(120)
class PagesOverTlsBrowserTest extends BrowserTests {
    private TestServer server;

    /** Hides {@link BrowserTests#startBrowser}: this class's Chromium takes the throwaway certificate. */
    @BeforeAll
    static void startBrowser() {
        browser = Browser.startIgnoringCertificateErrorsIfInstalled();
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(b -> b.tlsSelfSigned(true));
    }

    @AfterEach
    void leavePageAndStop() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
        server.close();
    }

    private String origin() {
        return "https://127.0.0.1:" + server.streamer().getHttpPort();
    }

    private void assertCleanPage() {
        assertThat(browser.foreignRequests(origin())).as("requests to anywhere but " + origin()).isEmpty();
        assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
    }

    @Test
    void theDashboardOverHttpsConnectsOverWssAndDrawsPublishedMetrics() {
        browser.open(server.http("/"));
        browser.await("dashboard live", d -> "live".equals(browser.js("return window.metricsDashboard?.state();")));

        assertThat(browser.js("return window.metricsDashboard.url();"))
                .isEqualTo("wss://127.0.0.1:" + server.streamer().getHttpPort() + "/ws");
        Instant at = Instant.now().minusSeconds(60);
        for (int i = 0; i < 3; i++) {
            assertThat(server.streamer().broadcastSystemMetrics(SystemMetrics.builder().timestamp(at.plusSeconds(i))
                    .throughputTps(1000 + i).build())).isTrue();
        }
        browser.await("3 points", d -> ((Number) browser.js(
                "return window.metricsDashboard.pointCount('throughput');")).intValue() == 3);
        assertThat(server.streamer().getClientCount()).isEqualTo(1);
        assertThat(server.streamer().getStatistics().totalTlsHandshakeFailures()).isZero();
        assertCleanPage();
    }

    @Test
    void theTestClientOverHttpsDefaultsToWssAndConnects() {
        browser.open(server.http("/websocket_test_client.html"));

        assertThat(browser.find("#ws-url").getAttribute("value"))
                .isEqualTo("wss://127.0.0.1:" + server.streamer().getHttpPort() + "/ws");
        browser.find("#connect").click();
        browser.await("status connected", d -> "connected".equals(browser.find("#status").getAttribute("data-state")));
        browser.await("one client on the server", d -> server.streamer().getClientCount() == 1);
        assertCleanPage();
    }
}
