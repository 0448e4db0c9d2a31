package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.BusinessMetrics;
import io.metricsstreamer.model.CompetitiveBenchmarks;
import io.metricsstreamer.model.FlowNode;
import io.metricsstreamer.model.HeroMetrics;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.model.PresentationData;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process Java API of SPEC §4, observed by a real WebSocket client. */
@Timeout(60)
class JavaApiSocketTest {
    private static final Instant AT = Instant.parse("2024-06-01T10:15:30.123456789Z");
    private static final String AT_WIRE = "2024-06-01T10:15:30.123456Z";

    private TestServer server;
    private RealTimeMetricsStreamer streamer;
    private WsTestClient client;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.extraMetricTypes(List.of("custom")));
        streamer = server.streamer();
        client = server.connect();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void systemMetricsArriveWithSnakeCaseNamesAndWithoutNullOptionalFields() {
        assertThat(streamer.broadcastSystemMetrics(system(null))).isTrue();

        JsonNode envelope = delivered("system");
        assertThat(envelope.path("timestamp").asText()).isEqualTo(AT_WIRE);
        JsonNode data = envelope.path("data");
        assertThat(data.path("throughput_tps").asDouble()).isEqualTo(1500.5);
        assertThat(data.path("requests_total").asLong()).isEqualTo(90_000);
        assertThat(data.path("p99_response_time_ms").asDouble()).isEqualTo(250.0);
        assertThat(data.path("network_throughput_mbps").asDouble()).isEqualTo(80.0);
        assertThat(data.path("timestamp").asText()).isEqualTo(AT_WIRE);
        assertThat(data.has("queue_depth")).as("null queue_depth in %s", data).isFalse();
        assertThat(data.has("queue_wait_ms")).as("null queue_wait_ms in %s", data).isFalse();
        assertThat(data.has("throughputTps")).isFalse();

        assertThat(streamer.broadcastSystemMetrics(system(42L))).isTrue();
        assertThat(delivered("system").path("data").path("queue_depth").asLong()).isEqualTo(42);
    }

    @Test
    void agentMetricsArriveAsAnArrayOfRecordsEachWithItsAgentId() {
        assertThat(streamer.broadcastAgentMetrics(List.of(agent("agent_1", 0.97), agent("agent_2", 0.5))))
                .isTrue();

        JsonNode data = delivered("agent").path("data");
        assertThat(data.isArray()).as("data %s", data).isTrue();
        assertThat(data.findValuesAsText("agent_id")).containsExactly("agent_1", "agent_2");
        assertThat(data.get(0).path("health_score").asDouble()).isEqualTo(0.97);
        assertThat(data.get(1).path("agent_name").asText()).isEqualTo("Agent agent_2");
        assertThat(data.get(0).path("concurrent_requests").asInt()).isEqualTo(7);
        assertThat(data.get(0).has("decision_accuracy")).isFalse();
    }

    @Test
    void businessAndHeroMetricsArriveWithSnakeCaseNames() {
        assertThat(streamer.broadcastBusinessMetrics(new BusinessMetrics(AT, 1000, 50.5, 12, 9999.5, 0.012, 0.98,
                0.002, 2.0, 310.0, 9000.0, 3.5, 0.9, 0.01, 1.7, 0.4))).isTrue();
        assertThat(streamer.broadcastHeroMetrics(hero())).isTrue();

        JsonNode business = delivered("business").path("data");
        assertThat(business.path("transactions_per_second").asDouble()).isEqualTo(50.5);
        assertThat(business.path("fraud_prevented_amount").asDouble()).isEqualTo(9999.5);
        assertThat(business.path("roi_percentage").asDouble()).isEqualTo(310.0);
        assertThat(business.path("cost_vs_baseline").asDouble()).isEqualTo(0.4);
        JsonNode hero = delivered("hero").path("data");
        assertThat(hero.path("total_transactions").asLong()).isEqualTo(1_000_000);
        assertThat(hero.path("uptime_percentage").asDouble()).isEqualTo(99.99);
        assertThat(hero.path("ai_accuracy").asDouble()).isEqualTo(0.995);
    }

    @Test
    void presentationDataArrivesWithNestedSnakeCaseNamesAndPositions() {
        PresentationData p = new PresentationData(hero(), "fraud stopped at the edge",
                List.of(new FlowNode("ingress", "gateway", "healthy", 1200.0, 3.5, List.of(10.0, 20.5))),
                new CompetitiveBenchmarks(Map.of("tps", 1500.0), Map.of("tps", 900.0), Map.of("tps", 66.7),
                        List.of("explainable decisions")),
                Map.of("cost_per_tx", 0.002), Map.of("failover_seconds", 1.5));

        assertThat(streamer.broadcastPresentationData(p)).isTrue();

        JsonNode data = delivered("presentation").path("data");
        assertThat(data.path("hero_metrics").path("fraud_blocked").asLong()).isEqualTo(321);
        assertThat(data.path("business_narrative").asText()).isEqualTo("fraud stopped at the edge");
        JsonNode node = data.path("transaction_flow_data").path(0);
        assertThat(node.path("node_id").asText()).isEqualTo("ingress");
        assertThat(node.path("node_type").asText()).isEqualTo("gateway");
        assertThat(node.path("latency_ms").asDouble()).isEqualTo(3.5);
        assertThat(node.path("position")).isEqualTo(TestServer.parse("[10.0, 20.5]"));
        JsonNode bench = data.path("competitive_benchmarks");
        assertThat(bench.path("our_performance").path("tps").asDouble()).isEqualTo(1500.0);
        assertThat(bench.path("improvement_percentage").path("tps").asDouble()).isEqualTo(66.7);
        assertThat(bench.path("unique_advantages").path(0).asText()).isEqualTo("explainable decisions");
        assertThat(data.path("cost_efficiency").path("cost_per_tx").asDouble()).isEqualTo(0.002);
        assertThat(data.path("resilience_demonstration").path("failover_seconds").asDouble()).isEqualTo(1.5);
    }

    @Test
    void queueMetricWithARegisteredTypeIsDelivered() {
        assertThat(streamer.queueMetric("custom", Map.of("value", 7, "unit", "ms"))).isTrue();

        JsonNode envelope = delivered("custom");
        assertThat(envelope.path("data")).isEqualTo(TestServer.parse("{\"value\": 7, \"unit\": \"ms\"}"));
        assertThat(envelope.path("timestamp").asText()).matches(IngestSocketTest.WIRE_TIMESTAMP);
    }

    @Test
    void queueMetricWithAnUnknownTypeThrowsNamingTheValidTypes() {
        assertThatThrownBy(() -> streamer.queueMetric("bogus", Map.of("v", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus")
                .hasMessageContainingAll(MetricTypes.BUILT_IN.toArray(new String[0]))
                .hasMessageContaining("custom");
        assertThat(streamer.getStatistics().totalMetricsPublished()).isZero();
    }

    @Test
    void queueMetricWithDataThatIsNoObjectThrows() {
        for (Object bad : List.of(42, "just text", List.of(1, 2), List.of(Map.of("ok", 1), "no"))) {
            assertThatThrownBy(() -> streamer.queueMetric("custom", bad)).as("data %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
        }
        assertThat(streamer.getStatistics().totalMetricsPublished()).isZero();
        assertThat(client.staysQuiet(Duration.ofMillis(300))).isTrue();
    }

    @Test
    void fourThreadsPublishingConcurrentlyDeliverEveryMetricWithContiguousSeq() throws Exception {
        int threads = 4;
        int each = 500;
        try (TestServer batched = TestServer.start(b -> b.batchSize(50));
             WsTestClient watcher = batched.connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                accepted.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        ok += batched.streamer().queueMetric("system", Map.of("thread", thread, "i", i)) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> f : accepted) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(each);
            }
            pool.shutdown();

            List<JsonNode> got = watcher.metrics(threads * each);

            assertThat(got).hasSize(threads * each);
            int[] nextIndex = new int[threads];
            for (int k = 1; k < got.size(); k++) {
                assertThat(got.get(k).path("seq").asLong()).as("seq after %s", got.get(k - 1))
                        .isEqualTo(got.get(k - 1).path("seq").asLong() + 1);
            }
            for (JsonNode e : got) {
                int thread = e.path("data").path("thread").asInt();
                assertThat(e.path("data").path("i").asInt()).as("order of thread %d", thread)
                        .isEqualTo(nextIndex[thread]++);
            }
            assertThat(watcher.staysQuiet(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void publishingAfterStopIsRefused() {
        server.close();

        assertThat(streamer.broadcastSystemMetrics(system(null))).isFalse();
        assertThat(streamer.broadcastHeroMetrics(hero())).isFalse();
        assertThat(streamer.queueMetric("custom", Map.of("v", 1))).isFalse();
        assertThat(streamer.isRunning()).isFalse();
        assertThat(streamer.getStatistics().isRunning()).isFalse();
        assertThat(streamer.getStatistics().totalMetricsDropped()).as("refusals are counted").isEqualTo(3);
        assertThat(streamer.getStatistics().totalMetricsPublished()).isZero();
        assertThat(client.awaitCloseCode()).isEqualTo(1001);
    }

    @Test
    void startingTwiceThrows() {
        assertThatThrownBy(streamer::start).isInstanceOf(IllegalStateException.class);
        assertThat(streamer.isRunning()).isTrue();
        streamer.stop();
        assertThatThrownBy(streamer::start).as("restart after stop").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingThroughTryWithResourcesStopsTheServerAndFreesItsPorts() throws IOException {
        StreamerConfig config = StreamerConfig.builder().host("127.0.0.1").port(0).httpPort(0).build();
        int wsPort;
        int httpPort;
        WsTestClient watcher;
        try (RealTimeMetricsStreamer s = new RealTimeMetricsStreamer(config)) {
            s.start();
            wsPort = s.getPort();
            httpPort = s.getHttpPort();
            watcher = WsTestClient.connect(URI.create("ws://127.0.0.1:" + wsPort + "/"));
            assertThat(s.getClientCount()).isEqualTo(1);
        }

        assertThat(watcher.awaitCloseCode()).isEqualTo(1001);
        assertPortFree(wsPort);
        assertPortFree(httpPort);
    }

    @Test
    void startingOnABusyPortThrowsIllegalStateExceptionNamingThePort() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            RealTimeMetricsStreamer s = new RealTimeMetricsStreamer(
                    StreamerConfig.builder().host("127.0.0.1").port(port).httpPort(0).build());

            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(port));
            assertThat(s.isRunning()).isFalse();
        }
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertThat(probe.getLocalPort()).isEqualTo(port);
        }
    }

    /** The next delivery's envelope, asserting its metric type. */
    private JsonNode delivered(String type) {
        JsonNode envelope = client.next("metric_update").path("data");
        assertThat(envelope.path("metric_type").asText()).as("envelope %s", envelope).isEqualTo(type);
        return envelope;
    }

    private static SystemMetrics system(Long queueDepth) {
        return new SystemMetrics(AT, 1500.5, 90_000, 89_000, 1000, 45.0, 30.0, 120.0, 250.0, 900.0, 0.011, 0.002,
                0.65, 0.7, 80.0, queueDepth, null);
    }

    private static AgentMetrics agent(String id, double health) {
        return new AgentMetrics(id, "Agent " + id, AT, 500, 40.0, 90.0, 150.0, 0.99, 5, 1, 0.4, 7, health,
                null, null, null);
    }

    private static HeroMetrics hero() {
        return new HeroMetrics(1_000_000, 321, 1.5e6, 99.99, 1500.0, 0.995);
    }
}
