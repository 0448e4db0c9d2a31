package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Large metrics (50 kB each, 900 kB per POST) with a client that reads nothing, one that reads, and one that asks for
 * one delivery a minute (issue 16): the reader gets every metric in order, and what passes the others is not kept.
 * Memory is judged on the heap after a full collection, never by time.
 */
@Timeout(120)
class LargeMetricsSocketTest {
    private static final int METRICS_PER_POST = 18;
    private static final int POSTS = 45;
    private static final String PAD = "x".repeat(50_000);
    private static final long MAX_PENDING_BYTES = 4L << 20;
    private static final long HISTORY_BYTES = 8L << 20;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Test
    void aReaderGetsEveryLargeMetricWhileAStuckAndAThrottledClientKeepOnlyWhatTheirBoundsAllow() {
        try (TestServer server = TestServer.start(b -> b.batchSize(9).batchTimeoutSeconds(0.5)
                .slowClientSeconds(60).maxPendingBytes(MAX_PENDING_BYTES).historyBytes(HISTORY_BYTES));
             WsTestClient reader = server.connect();
             WsTestClient throttled = server.connect();
             RawWsClient stuck = RawWsClient.connect(server.streamer().getPort())) {
            assertThat(stuck.status()).isEqualTo(101);
            throttled.request("{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
            // One post first: the classes and buffers of the path exist before the heap is measured.
            publish(server, reader, 0);
            long heapBefore = heapAfterFullCollection();

            for (int post = 1; post <= POSTS; post++) {
                publish(server, reader, post);
            }
            long heapAfter = heapAfterFullCollection();

            long published = (long) (POSTS + 1) * METRICS_PER_POST;
            // About 41 MB passed the stuck and the throttled client: each keeps a few megabytes at most (the
            // throttled one its 4 MiB bound, the stuck one its parked sixteenth of the mark), and the history its
            // byte bound.
            assertThat(heapAfter - heapBefore).as("heap kept after %d MB passed", published * PAD.length() / 1_000_000)
                    .isLessThan((16L << 20) + HISTORY_BYTES);
            JsonNode stats = server.statistics();
            assertThat(stats.path("history_bytes").asLong()).isBetween(HISTORY_BYTES - 2 * PAD.length(),
                    HISTORY_BYTES);
            assertThat(stats.path("history_size").asLong()).isBetween(HISTORY_BYTES / (PAD.length() + 400),
                    HISTORY_BYTES / PAD.length());
            assertThat(stats.path("total_metrics_published").asLong()).isEqualTo(published);
            JsonNode stuckStats = client(stats, 3);
            JsonNode throttledStats = client(stats, 2);
            assertThat(stuckStats.path("metrics_dropped").asLong()).as("the stuck client lost the oldest, counted")
                    .isPositive();
            assertThat(throttledStats.path("pending_metrics").asLong() * (PAD.length() + 100))
                    .as("the throttled client keeps its newest within --max-pending-bytes")
                    .isLessThanOrEqualTo(MAX_PENDING_BYTES);
            assertThat(throttledStats.path("metrics_delivered").asLong()
                    + throttledStats.path("metrics_dropped").asLong()
                    + throttledStats.path("pending_metrics").asLong())
                    .as("every metric accounted for").isEqualTo(published);
        }
    }

    /** POSTs one body of large metrics stamped with {@code post}, and reads them all, in order, as the reader. */
    private static void publish(TestServer server, WsTestClient reader, int post) {
        StringBuilder body = new StringBuilder("[");
        for (int m = 0; m < METRICS_PER_POST; m++) {
            body.append(m == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"post\":").append(post)
                    .append(",\"m\":").append(m).append(",\"pad\":\"").append(PAD).append("\"}}");
        }
        assertThat(server.post(body.append(']').toString()).statusCode()).isEqualTo(202);
        List<JsonNode> got = reader.metrics(METRICS_PER_POST);
        assertThat(got).hasSize(METRICS_PER_POST);
        for (int m = 0; m < METRICS_PER_POST; m++) {
            JsonNode data = got.get(m).get("data");
            assertThat(data.get("post").asInt()).isEqualTo(post);
            assertThat(data.get("m").asInt()).isEqualTo(m);
            assertThat(data.get("pad").asText()).hasSize(PAD.length());
            assertThat(got.get(m).get("seq").asLong()).isEqualTo((long) post * METRICS_PER_POST + m + 1);
        }
    }

    private static JsonNode client(JsonNode stats, int number) {
        for (JsonNode c : stats.path("clients")) {
            if (c.path("client_id").asText().equals("client_" + number)) {
                return c;
            }
        }
        throw new AssertionError("no client_" + number + " in " + stats.path("clients"));
    }

    /** Heap in use after a full collection, once it stops shrinking (a collection may finish finalisation work). */
    private static long heapAfterFullCollection() {
        long[] last = {Long.MAX_VALUE};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            MEMORY.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            boolean stable = used >= last[0] - (256 << 10);
            last[0] = Math.min(last[0], used);
            return stable;
        });
        return last[0];
    }
}
