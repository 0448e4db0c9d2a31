package io.metricsstreamer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.RedisServer;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard on a node of a cluster in headless Chromium: when the cluster's Redis comes back without its data, the
 * node closes it with 1012, and it reconnects by itself, says what happened, and draws the new epoch's metrics.
 */
@Timeout(120)
class ClusterDashboardBrowserTest extends BrowserTests {
    private static final String HOOK = "return window.metricsDashboard?.";
    private RedisServer redis;
    private TestServer node;
    private final AtomicInteger clock = new AtomicInteger();
    private final Instant start = Instant.now().minusSeconds(60);

    @AfterEach
    void leavePageAndStop() {
        if (browser != null) {
            browser.open(URI.create("about:blank"));
        }
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Object hook(String call) {
        return browser.js(HOOK + call + ";");
    }

    private void awaitState(String state) {
        browser.await("dashboard " + state, d -> state.equals(hook("state()")));
    }

    private void publishSystem(int count) {
        for (int i = 0; i < count; i++) {
            Instant at = start.plusSeconds(clock.incrementAndGet());
            assertThat(node.streamer().broadcastSystemMetrics(new SystemMetrics(at, 1000 + clock.get(), 1000, 990,
                    10, 40, 30, 80, 120, 300, 0.01, 0.002, 0.55, 0.61, 12.5, null, null))).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private List<Long> seqs() {
        return (List<Long>) hook("seqs()");
    }

    @Test
    void reconnectsAfterTheClusterLostItsHistoryAndSaysSo() {
        redis = RedisServer.start();
        node = TestServer.start(b -> b.redis(redis.url()));
        browser.open(node.http("/"));
        awaitState("live");
        String oldEpoch = (String) hook("epoch()");
        publishSystem(3);
        browser.await("3 metrics", d -> seqs().size() == 3);

        redis.stop();
        redis.restart();

        browser.await("a new epoch", d -> {
            Object epoch = hook("epoch()");
            return epoch != null && !epoch.equals(oldEpoch) && "live".equals(hook("state()"));
        });
        browser.await("the notice", d -> hook("notice()") != null);
        assertThat((String) hook("notice()")).startsWith("The cluster's history was lost (its Redis restarted "
                + "without its data); charts continue from the new one.");
        assertThat(browser.find("#history-notice").getAttribute("data-kind")).isEqualTo("restart");
        assertThat(browser.find("#history-notice").isDisplayed()).isTrue();
        browser.await("healed", d -> node.get("/healthz").statusCode() == 200);

        publishSystem(2);
        browser.await("the new epoch's metrics", d -> seqs().equals(List.of(1L, 2L)));
        assertThat(((List<?>) hook("errors()"))).as("uncaught page errors").isEmpty();
        assertThat(Map.of("state", browser.find("#connection-status").getAttribute("data-state")))
                .containsEntry("state", "live");
    }
}
