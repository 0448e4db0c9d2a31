package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The live dashboard (SPEC §7, issue 3) in headless Chromium, against a real server. */
@Timeout(120)
class DashboardBrowserTest extends BrowserTests {
    private static final String HOOK = "return window.metricsDashboard?.";
    private TestServer server;
    private Instant clock = Instant.now().minusSeconds(600);

    @AfterEach
    void leavePageAndStop() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
        if (server != null) {
            server.close();
        }
    }

    private void openDashboard(String query) {
        browser.open(server.http("/" + query));
        awaitState("live");
    }

    private void awaitState(String state) {
        browser.await("dashboard " + state, d -> state.equals(hook("state()"))
                && state.equals(browser.find("#connection-status").getAttribute("data-state")));
    }

    private Object hook(String call) {
        return browser.js(HOOK + call + ";");
    }

    @SuppressWarnings("unchecked")
    private List<Object> hookList(String call) {
        return (List<Object>) hook(call);
    }

    private int points(String chart) {
        return ((Number) hook("pointCount('" + chart + "')")).intValue();
    }

    private void assertCleanPage(boolean allowFailedWebSocketAttempts) {
        String origin = "http://127.0.0.1:" + server.streamer().getHttpPort();
        assertThat(browser.foreignRequests(origin)).as("requests to anywhere but " + origin).isEmpty();
        assertThat(browser.severeConsoleEntries()).as("browser console errors")
                .filteredOn(m -> !(allowFailedWebSocketAttempts
                        && m.matches("(?s).*WebSocket connection to .* failed.*")))
                .isEmpty();
        assertThat(hookList("errors()")).as("uncaught page errors").isEmpty();
    }

    private static SystemMetrics system(Instant at, double tps) {
        return new SystemMetrics(at, tps, 1000, 990, 10, 40, 30, 80, 120, 300, 0.01, 0.002, 0.55, 0.61, 12.5,
                null, null);
    }

    private static AgentMetrics agent(String id, double health, double load) {
        return new AgentMetrics(id, "Agent " + id, Instant.now(), 100, 42.5, 90, 130, 0.987, 1, 0, load, 3, health,
                null, null, null);
    }

    /** Publishes system metrics one second apart (the charts merge points closer than a quarter second). */
    private void publishSystem(int count, double tps) {
        for (int i = 0; i < count; i++) {
            clock = clock.plusSeconds(1);
            assertThat(server.streamer().broadcastSystemMetrics(system(clock, tps + i))).isTrue();
        }
    }

    @Test
    void goesLiveAndDrawsEveryChartFromPublishedSystemMetrics() {
        server = TestServer.start();
        openDashboard("");
        publishSystem(5, 1200);
        browser.await("5 points", d -> points("throughput") == 5);
        for (String chart : List.of("throughput", "latency", "errors", "resources")) {
            assertThat(points(chart)).as(chart).isEqualTo(5);
            WebElement canvas = browser.find("#chart-" + chart + " canvas");
            assertThat(canvas.getSize().getWidth()).as(chart + " canvas width").isGreaterThan(100);
            assertThat(canvas.getSize().getHeight()).as(chart + " canvas height").isGreaterThan(50);
        }
        browser.await("the latest throughput", d -> browser.text("#chart-throughput [data-readout]").contains("1,204"));
        assertThat(browser.text("#chart-resources [data-readout]")).contains("55.0%").contains("61.0%");
        browser.await("stats line", d -> browser.text("#metrics-received").equals("5"));
        assertThat(browser.text("#last-seq")).matches("\\d+");
        assertThat(hook("received()")).isEqualTo(5L);

        publishSystem(3, 900);
        browser.await("more points", d -> points("throughput") == 8);
        assertCleanPage(false);
    }

    @Test
    void drawsMetricsThatReachedChromiumCompressed() {
        server = TestServer.start();
        openDashboard("");
        publishSystem(5, 1200);
        browser.await("5 points", d -> points("throughput") == 5);
        browser.await("the latest throughput", d -> browser.text("#chart-throughput [data-readout]").contains("1,204"));
        JsonNode compression = server.statistics().path("compression");
        assertThat(compression.path("compressed_frames_sent").asLong())
                .as("Chromium offered permessage-deflate, and each delivery reached it compressed").isEqualTo(5);
        assertThat(compression.path("bytes_out").asLong()).isLessThan(compression.path("bytes_in").asLong());
        assertCleanPage(false);
    }

    @Test
    void connectsToTheUrlOfItsWsParameterInstead() {
        server = TestServer.start();
        openDashboard("?ws=" + server.wsUri());
        assertThat(hook("url()")).isEqualTo(server.wsUri().toString());
        publishSystem(1, 10);
        browser.await("a point", d -> points("throughput") == 1);
        assertCleanPage(false);
    }

    @Test
    void showsOneCardPerAgentSortedByIdAndUpdatesItInPlace() {
        server = TestServer.start();
        openDashboard("");
        server.streamer().broadcastAgentMetrics(List.of(agent("agent_3", 0.45, 0.9), agent("agent_1", 0.92, 0.3),
                agent("agent_2", 0.7, 0.5)));
        browser.await("3 cards", d -> d.findElements(By.cssSelector("[data-agent-id]")).size() == 3);
        assertThat(hookList("agentIds()")).containsExactly("agent_1", "agent_2", "agent_3");
        WebElement first = browser.find("[data-agent-id='agent_1']");
        assertThat(first.getAttribute("data-health")).isEqualTo("good");
        assertThat(first.findElement(By.cssSelector("[data-field='health']")).getText()).isEqualTo("92%");
        assertThat(first.getText()).contains("Agent agent_1").contains("30%").contains("43 ms").contains("98.7%");
        assertThat(browser.find("[data-agent-id='agent_3']").getAttribute("data-health")).isEqualTo("bad");

        server.streamer().broadcastAgentMetrics(List.of(agent("agent_1", 0.3, 0.95), agent("agent_0", 0.99, 0.1)));
        browser.await("agent_1 turned bad", d -> "bad".equals(first.getAttribute("data-health")));
        assertThat(first.findElement(By.cssSelector("[data-field='health']")).getText()).isEqualTo("30%");
        assertThat(hookList("agentIds()")).containsExactly("agent_0", "agent_1", "agent_2", "agent_3");
        assertCleanPage(false);
    }

    @Test
    void showsHeroFiguresBusinessKpisNarrativeAndTheTransactionFlow() {
        server = TestServer.start();
        openDashboard("");
        assertThat(server.post("[{\"metric_type\":\"hero\",\"data\":{\"total_transactions\":1234567,"
                + "\"fraud_blocked\":321,\"money_saved\":98765.4,\"uptime_percentage\":99.95,"
                + "\"transactions_per_second\":2345.6,\"ai_accuracy\":0.973}},"
                + "{\"metric_type\":\"business\",\"data\":{\"roi_percentage\":245.5,\"fraud_detected\":17}},"
                + "{\"metric_type\":\"presentation\",\"data\":{\"business_narrative\":\"All systems nominal.\","
                + "\"transaction_flow_data\":[{\"node_id\":\"gateway\",\"node_type\":\"ingress\","
                + "\"status\":\"healthy\",\"throughput\":2000,\"latency_ms\":4,\"position\":[0,0]},"
                + "{\"node_id\":\"ledger\",\"node_type\":\"sink\",\"status\":\"down\",\"throughput\":0,"
                + "\"latency_ms\":0,\"position\":[1,0]}]}}]")
                .statusCode()).isEqualTo(202);
        browser.await("hero figures", d -> browser.text("#hero-total-transactions").equals("1.23M"));
        assertThat(browser.text("#hero-fraud-blocked")).isEqualTo("321");
        assertThat(browser.text("#hero-money-saved")).isEqualTo("$98.8k");
        assertThat(browser.text("#hero-uptime")).isEqualTo("99.95%");
        assertThat(browser.text("#hero-tps")).isEqualTo("2,346");
        assertThat(browser.text("#hero-ai-accuracy")).isEqualTo("97.3%");
        browser.await("business KPIs", d -> browser.text("#kpi-roi-percentage").contains("246%"));
        assertThat(browser.text("#kpi-fraud-detected")).contains("17");
        browser.await("narrative", d -> browser.text("#narrative").equals("All systems nominal."));
        assertThat(browser.find("#flow [data-node-id='gateway']").getAttribute("class")).contains("st-healthy");
        assertThat(browser.find("#flow [data-node-id='ledger']").getAttribute("class")).contains("st-down");
        assertCleanPage(false);
    }

    @Test
    void chartBuffersStayBoundedHoweverManyPointsArrive() {
        server = TestServer.start(b -> b.batchSize(200).maxPending(100_000));
        openDashboard("");
        Instant start = Instant.now().minusSeconds(1000);
        for (int i = 0; i < 3000; i++) {
            server.streamer().broadcastSystemMetrics(system(start.plusMillis(i * 300L), i));
        }
        browser.await("all 3000 received", d -> ((Number) hook("received()")).intValue() == 3000);
        assertThat(points("throughput")).as("10 minutes at 4 points/s").isEqualTo(2400);
        assertThat(points("latency")).isEqualTo(2400);
        browser.await("the newest value drawn",
                d -> browser.text("#chart-throughput [data-readout]").contains("2,999"));
        assertCleanPage(false);
    }

    @Test
    void countsTheMetricsTheServerReportsAsDropped() {
        server = TestServer.start(b -> b.maxPending(5));
        openDashboard("?interval=1.5");
        browser.await("interval set on the server", d -> server.statistics().path("clients").path(0)
                .path("update_interval_seconds").asDouble() == 1.5);
        publishSystem(40, 100);
        browser.await("dropped metrics counted", d -> ((Number) hook("dropped()")).intValue() > 0);
        browser.await("and shown", d -> !"0".equals(browser.text("#dropped")));
        browser.await("every metric received or dropped", d -> ((Number) hook("dropped()")).intValue()
                + ((Number) hook("received()")).intValue() == 40);
        assertCleanPage(false);
    }

    @Test
    void reconnectsAfterTheServerRestartsAndResubscribesWithItsFilters() {
        server = TestServer.start();
        int httpPort = server.streamer().getHttpPort();
        openDashboard("?agent_ids=agent_1,agent_2");
        publishSystem(2, 500);
        browser.await("2 points", d -> points("throughput") == 2);
        assertCleanPage(false);

        server.close();
        awaitState("reconnecting");
        browser.await("an attempt count", d -> browser.text("#connection-status").matches("(?s).*attempt \\d+.*"));

        server = TestServer.start(b -> b.httpPort(httpPort));
        awaitState("live");
        browser.await("client on the new server", d -> server.streamer().getClientCount() == 1);
        JsonNode client = server.statistics().path("clients").path(0);
        browser.await("resubscribed with its filters", d -> {
            JsonNode c = server.statistics().path("clients").path(0);
            return c.path("filters").toString().contains("agent_2") ? c : null;
        });
        assertThat(client.path("client_id").asText()).isNotEmpty();

        publishSystem(3, 700);
        server.streamer().broadcastAgentMetrics(List.of(agent("agent_1", 0.9, 0.2), agent("agent_9", 0.9, 0.2)));
        browser.await("metrics of the new server", d -> points("throughput") == 5);
        browser.await("agent card", d -> d.findElements(By.cssSelector("[data-agent-id='agent_1']")).size() == 1);
        assertThat(hookList("agentIds()")).as("agent_9 is filtered out by the server")
                .containsExactly("agent_1");
        assertThat(Map.of("state", browser.find("#connection-status").getAttribute("data-state")))
                .containsEntry("state", "live");
        browser.await("the restart said",
                d -> "restart".equals(browser.find("#history-notice").getAttribute("data-kind")));
        assertThat(browser.find("#history-notice").isDisplayed()).isTrue();
        assertThat((String) hook("notice()")).startsWith("The server restarted; charts continue from its history");
        assertThat(hookList("replays()")).as("on open, then by time on the new server: its seqs are another epoch's")
                .hasSize(2).last().asString().contains("since_seconds").doesNotContain("since_seq");
        assertCleanPage(true);
    }
}
