package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.TcpProxy;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The dashboard's use of history and replay (SPEC §8) in headless Chromium, against a real server: it fills its
 * charts from the server's history when it opens, resumes after a dropped connection with every seq once, and says
 * so when history did not reach back far enough. Connections are dropped by a {@link TcpProxy} while the server runs.
 */
@Timeout(120)
class DashboardReplayBrowserTest extends BrowserTests {
    private static final String HOOK = "return window.metricsDashboard?.";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TestServer server;
    private TcpProxy proxy;
    private WsTestClient reference;
    private final AtomicInteger clock = new AtomicInteger();
    private final Instant start = Instant.now().minusSeconds(300);

    @AfterEach
    void leavePageAndStop() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
        if (reference != null) {
            reference.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void openDashboard(String query) {
        browser.open(server.http("/" + query));
        awaitState("live");
    }

    /** Opens the dashboard on a WebSocket through a new proxy, and waits for its first replay to complete. */
    private void openThroughProxy() {
        proxy = TcpProxy.to(server.streamer().getPort());
        openDashboard("?ws=" + proxy.wsUri("/"));
        browser.await("the replay on open", d -> replays().size() == 1);
    }

    private void awaitState(String state) {
        browser.await("dashboard " + state, d -> state.equals(hook("state()"))
                && state.equals(browser.find("#connection-status").getAttribute("data-state")));
    }

    private Object hook(String call) {
        return browser.js(HOOK + call + ";");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Map<String, Object>>> replays() {
        return (List<Map<String, Map<String, Object>>>) hook("replays()");
    }

    private Map<String, Map<String, Object>> lastReplay() {
        List<Map<String, Map<String, Object>>> all = replays();
        return all.get(all.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private List<Long> seqs() {
        return (List<Long>) hook("seqs()");
    }

    private int points(String chart) {
        return ((Number) hook("pointCount('" + chart + "')")).intValue();
    }

    private static List<Long> seqsOf(WsTestClient client, int count) {
        List<Long> seqs = new ArrayList<>();
        client.metrics(count).forEach(e -> seqs.add(e.path("seq").asLong()));
        return seqs;
    }

    private void assertCleanPage(boolean allowFailedWebSocketAttempts) {
        String origin = "http://127.0.0.1:" + server.streamer().getHttpPort();
        assertThat(browser.foreignRequests(origin)).as("requests to anywhere but " + origin).isEmpty();
        assertThat(browser.severeConsoleEntries()).as("browser console errors")
                .filteredOn(m -> !(allowFailedWebSocketAttempts
                        && m.matches("(?s).*WebSocket connection to .* failed.*")))
                .isEmpty();
        assertThat((List<?>) hook("errors()")).as("uncaught page errors").isEmpty();
    }

    /** Publishes one system metric, stamped a second after the previous one (so each is a point of its own). */
    private boolean publishOne() {
        Instant at = start.plusSeconds(clock.incrementAndGet());
        return server.streamer().broadcastSystemMetrics(new SystemMetrics(at, 1000 + clock.get(), 1000, 990, 10, 40,
                30, 80, 120, 300, 0.01, 0.002, 0.55, 0.61, 12.5, null, null));
    }

    private void publishSystem(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(publishOne()).isTrue();
        }
    }

    private void cutAndAwaitTheServerSeeingIt(int clientsLeft) {
        proxy.cut();
        awaitState("reconnecting");
        await().atMost(WAIT).until(() -> server.streamer().getClientCount() == clientsLeft);
    }

    @Test
    void fillsItsChartsAgentsAndHeroFiguresFromHistoryWhenItOpens() {
        server = TestServer.start();
        publishSystem(30);
        server.streamer().broadcastAgentMetrics(List.of(new AgentMetrics("agent_7", "Agent 7", Instant.now(), 100,
                42.5, 90, 130, 0.987, 1, 0, 0.3, 3, 0.91, null, null, null)));
        assertThat(server.post("{\"metric_type\":\"hero\",\"data\":{\"fraud_blocked\":321}}").statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> server.statistics().path("history_size").asInt() == 32);

        openDashboard("");
        browser.await("30 points from history", d -> points("throughput") == 30);
        for (String chart : List.of("latency", "errors", "resources")) {
            assertThat(points(chart)).as(chart).isEqualTo(30);
        }
        browser.await("the latest throughput", d -> browser.text("#chart-throughput [data-readout]").contains("1,030"));
        browser.await("the agent card", d -> !d.findElements(By.cssSelector("[data-agent-id='agent_7']")).isEmpty());
        browser.await("the hero figure", d -> browser.text("#hero-fraud-blocked").equals("321"));
        Map<String, Map<String, Object>> replay = lastReplay();
        assertThat(replay.get("request")).containsEntry("since_seconds", 600L).doesNotContainKey("since_seq");
        assertThat(replay.get("complete")).containsEntry("count", 32L).containsEntry("recovered", true);
        assertThat(hook("replayed()")).isEqualTo(32L);
        assertThat(seqs()).hasSize(32).isSorted().doesNotHaveDuplicates();
        assertThat(hook("notice()")).as("nothing missing, nothing to say").isNull();

        publishSystem(2);
        browser.await("live after the replay", d -> points("throughput") == 32);
        assertThat(hook("received()")).isEqualTo(34L);
        assertCleanPage(false);
    }

    @Test
    void resumesAfterItsConnectionDropsWithEverySeqExactlyOnce() {
        server = TestServer.start();
        reference = server.connect();
        openThroughProxy();
        // A steady publisher throughout: metrics are in flight when the connection drops, and arrive live while
        // the dashboard reconnects and asks for its replay.
        AtomicInteger published = new AtomicInteger();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(() -> {
            if (publishOne()) {
                published.incrementAndGet();
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        try {
            browser.await("live metrics", d -> seqs().size() >= 20);
            cutAndAwaitTheServerSeeingIt(1);
            int atCut = published.get();
            await().atMost(WAIT).until(() -> published.get() >= atCut + 30);
            String epoch = (String) hook("epoch()");
            proxy.resume();
            awaitState("live");
            browser.await("the replay after the reconnect", d -> replays().size() == 2);
            Map<String, Map<String, Object>> replay = lastReplay();
            assertThat(replay.get("request")).containsEntry("epoch", epoch).containsKey("since_seq");
            assertThat(replay.get("complete")).containsEntry("recovered", true).containsEntry("epoch", epoch);
            assertThat((Long) replay.get("complete").get("count")).as("what was published while cut")
                    .isGreaterThanOrEqualTo(30L);
            int atResume = published.get();
            await().atMost(WAIT).until(() -> published.get() >= atResume + 20);
        } finally {
            publisher.shutdownNow();
        }
        await().atMost(WAIT).until(publisher::isTerminated);
        List<Long> all = seqsOf(reference, published.get());
        browser.await("the last seq", d -> all.get(all.size() - 1).equals(hook("lastSeq()")));
        assertThat(seqs()).as("every seq once, in order").isEqualTo(all);
        assertThat(hook("received()")).isEqualTo((long) all.size());
        assertThat(points("throughput")).isEqualTo(all.size());
        assertThat(hook("notice()")).isNull();
        assertThat(proxy.acceptedConnections()).isEqualTo(2);
        assertCleanPage(true);
    }

    @Test
    void saysSoWhenHistoryDidNotReachBackFarEnough() {
        server = TestServer.start(b -> b.historySize(5));
        reference = server.connect();
        openThroughProxy();
        publishSystem(3);
        browser.await("3 live metrics", d -> seqs().size() == 3);
        List<Long> before = seqsOf(reference, 3);
        assertThat(seqs()).isEqualTo(before);
        cutAndAwaitTheServerSeeingIt(1);
        publishSystem(12);
        List<Long> whileCut = seqsOf(reference, 12);
        assertThat(hook("notice()")).isNull();

        proxy.resume();
        browser.await("the notice", d -> hook("notice()") != null);
        assertThat((String) hook("notice()")).startsWith("History did not reach back far enough")
                .contains("are missing").contains("after seq " + before.get(2));
        assertThat(browser.find("#history-notice").isDisplayed()).isTrue();
        assertThat(browser.find("#history-notice").getAttribute("data-kind")).isEqualTo("gap");
        assertThat(browser.text("#history-notice")).contains("History did not reach back far enough");
        Map<String, Map<String, Object>> replay = lastReplay();
        assertThat(replay.get("request")).containsEntry("since_seq", before.get(2));
        assertThat(replay.get("complete")).containsEntry("recovered", false).containsEntry("count", 5L)
                .containsEntry("earliest_seq", whileCut.get(7));
        List<Long> expected = new ArrayList<>(before);
        expected.addAll(whileCut.subList(7, 12));
        assertThat(seqs()).as("what history still had, after what the dashboard had").isEqualTo(expected);

        browser.find("#history-notice-close").click();
        browser.await("dismissed", d -> hook("notice()") == null);
        assertThat(browser.find("#history-notice").isDisplayed()).isFalse();
        assertCleanPage(true);
    }
}
