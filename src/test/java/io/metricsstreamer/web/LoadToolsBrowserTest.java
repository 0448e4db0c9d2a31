package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.LoadToolSamples;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The dashboard in headless Chromium lit up by what JMeter's backend listener and k6's InfluxDB output write to
 * {@code /write}, with no option beyond the defaults: charts from the system metrics the server makes of them, a
 * card per transaction or endpoint.
 */
@Timeout(120)
class LoadToolsBrowserTest extends BrowserTests {
    private static final String HOOK = "return window.metricsDashboard?.";
    private TestServer server;

    @BeforeEach
    void startServerAndDashboard() {
        server = TestServer.start();
        browser.open(server.http("/"));
        browser.await("dashboard live", d -> "live".equals(browser.js(HOOK + "state();")));
    }

    @AfterEach
    void leavePageAndStop() {
        browser.open(URI.create("about:blank"));
        server.close();
    }

    private int points(String chart) {
        return ((Number) browser.js(HOOK + "pointCount('" + chart + "');")).intValue();
    }

    private void write(String path, String body) {
        int status = TestServer.send(HttpRequest.newBuilder(server.http(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
        assertThat(status).isEqualTo(204);
    }

    @Test
    void jmetersWindowsDrawTheChartsAndATransactionCardEach() {
        Instant start = Instant.now().minusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        write("/write?db=jmeter", LoadToolSamples.jmeterStart(start));
        write("/write?db=jmeter", LoadToolSamples.jmeterWindow(start.plusSeconds(5)));
        write("/write?db=jmeter", LoadToolSamples.jmeterWindow(start.plusSeconds(10)));

        browser.await("2 points", d -> points("throughput") == 2);
        for (String chart : List.of("throughput", "latency", "errors")) {
            assertThat(points(chart)).as(chart).isEqualTo(2);
        }
        browser.await("JMeter's throughput", d -> browser.text("#chart-throughput [data-readout]").contains("10"));
        assertThat(browser.text("#chart-latency [data-readout]")).contains("900");
        assertThat(browser.text("#chart-errors [data-readout]")).contains("10.0%");
        browser.await("a card per transaction", d -> d.findElements(By.cssSelector("[data-agent-id]")).size() == 2);
        assertThat(browser.find("[data-agent-id='checkout']").getText()).contains("checkout").contains("83.3%");
        assertThat(server.statistics().path("total_load_tool_metrics").asLong()).isEqualTo(4);
    }

    @Test
    void k6sSamplesDrawASecondPerPointOnceTheyAreComplete() {
        Instant t0 = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        StringBuilder body = new StringBuilder();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 4; i++) {
                body.append(LoadToolSamples.k6Request(t0.plusMillis(s * 1000L + i * 200L), "https://shop.test/",
                        20 + i, i == 3));
            }
        }
        write("/write?db=k6&precision=ns", body.toString());

        // The last seconds complete after two seconds without samples: the server's timer publishes them.
        browser.await("3 points", d -> points("throughput") == 3);
        assertThat(browser.text("#chart-throughput [data-readout]")).contains("4");
        assertThat(browser.text("#chart-errors [data-readout]")).contains("25.0%");
        browser.await("an endpoint card", d -> d.findElements(By.cssSelector("[data-agent-id]")).size() == 1);
    }
}
