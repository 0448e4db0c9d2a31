package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /api/statistics}, {@code /healthz}, {@code /metrics} and the Java statistics API (SPEC §6). */
@Timeout(60)
class StatisticsSocketTest {
    private static final Duration AT_MOST = Duration.ofSeconds(5);
    private static final List<String> SERVER_FIELDS = List.of("is_running", "host", "port", "connected_clients",
            "total_clients_connected", "total_messages_sent", "total_metrics_published", "total_metrics_dropped",
            "total_slow_clients_closed", "total_tls_handshake_failures", "tls_engine", "uptime_seconds",
            "metrics_queue_size", "batch_size", "batch_timeout_seconds", "auth_failures", "recording", "clients");
    private static final List<String> CLIENT_FIELDS = List.of("client_id", "user", "subscribed_metrics", "filters",
            "update_interval_seconds", "messages_sent", "metrics_dropped", "connected_duration_seconds");

    private TestServer server;
    private RealTimeMetricsStreamer streamer;

    @BeforeEach
    void startServer() {
        server = TestServer.start();
        streamer = server.streamer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statisticsShowEveryFieldWithTheValuesOfTwoConfiguredClients() {
        try (WsTestClient plain = server.connect(); WsTestClient tuned = server.connect()) {
            configure(tuned);
            assertThat(server.post("[{\"metric_type\": \"hero\", \"data\": {\"n\": 1}},"
                    + "{\"metric_type\": \"hero\", \"data\": {\"n\": 2}}]").statusCode()).isEqualTo(202);
            assertThat(plain.metrics(2)).hasSize(2);

            // plain: welcome + 2 deliveries; tuned: welcome + 3 control replies, no hero metric
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(server.statistics().path("total_messages_sent")
                    .asLong()).isEqualTo(7));
            JsonNode stats = server.statistics();

            assertThat(stats.fieldNames()).toIterable().containsAll(SERVER_FIELDS);
            assertThat(stats.path("is_running").isBoolean()).as("is_running in %s", stats).isTrue();
            assertThat(stats.path("is_running").asBoolean()).isTrue();
            assertThat(stats.path("host").asText()).isEqualTo("127.0.0.1");
            assertThat(stats.path("port").asInt()).isEqualTo(streamer.getPort());
            assertThat(stats.path("connected_clients").asInt()).isEqualTo(2);
            assertThat(stats.path("total_clients_connected").asLong()).isEqualTo(2);
            assertThat(stats.path("total_metrics_published").asLong()).isEqualTo(2);
            assertThat(stats.path("total_metrics_dropped").asLong()).isZero();
            assertThat(stats.path("total_slow_clients_closed").asLong()).isZero();
            assertThat(stats.path("tls_engine").isNull()).as("no TLS").isTrue();
            assertThat(stats.path("recording").isNull()).as("no --record").isTrue();
            assertThat(stats.path("uptime_seconds").asDouble()).isPositive().isLessThan(60);
            assertThat(stats.path("metrics_queue_size").asLong()).isZero();
            assertThat(stats.path("batch_size").asInt()).isEqualTo(1);
            assertThat(stats.path("batch_timeout_seconds").asDouble()).isEqualTo(0.05);

            JsonNode clients = stats.path("clients");
            assertThat(clients.size()).isEqualTo(2);
            clients.forEach(c -> assertThat(c.fieldNames()).toIterable().containsAll(CLIENT_FIELDS));
            JsonNode p = clients.get(0);
            assertThat(p.path("client_id").asText()).isEqualTo(plain.clientId());
            assertThat(p.path("subscribed_metrics")).isEqualTo(json("[\"all\"]"));
            assertThat(p.path("filters")).isEqualTo(json("{}"));
            assertThat(p.path("update_interval_seconds").asDouble()).isZero();
            assertThat(p.path("messages_sent").asLong()).isEqualTo(3);
            assertThat(p.path("metrics_dropped").asLong()).isZero();
            assertThat(p.path("connected_duration_seconds").asDouble()).isPositive().isLessThan(60);
            JsonNode t = clients.get(1);
            assertThat(t.path("client_id").asText()).isEqualTo(tuned.clientId());
            assertThat(t.path("subscribed_metrics")).isEqualTo(json("[\"agent\", \"system\"]"));
            assertThat(t.path("filters")).isEqualTo(json("{\"agent_ids\": [\"agent_1\"], \"fields\": [\"cpu\"]}"));
            assertThat(t.path("update_interval_seconds").asDouble()).isEqualTo(2.5);
            assertThat(t.path("messages_sent").asLong()).isEqualTo(4);
            assertThat(t.path("metrics_dropped").asLong()).isZero();
        }
    }

    @Test
    void theJavaApiGivesTheSameStatisticsAsHttp() {
        try (WsTestClient plain = server.connect(); WsTestClient tuned = server.connect()) {
            configure(tuned);
            assertThat(server.post("{\"metric_type\": \"system\", \"data\": {\"cpu\": 1}}").statusCode())
                    .isEqualTo(202);
            assertThat(plain.metrics(1)).hasSize(1);
            assertThat(tuned.metrics(1)).hasSize(1);
            // plain: welcome + 1 delivery; tuned: welcome + 3 control replies + 1 delivery
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(server.statistics().path("total_messages_sent")
                    .asLong()).isEqualTo(7));

            JsonNode overHttp = withoutClocks(server.statistics());
            JsonNode inProcess = withoutClocks(json(Json.mapper().valueToTree(streamer.getStatistics()).toString()));

            assertThat(inProcess).isEqualTo(overHttp);
            assertThat(streamer.getStatistics().connectedClients()).isEqualTo(2);
            assertThat(streamer.getStatistics().clients()).extracting(c -> c.clientId())
                    .containsExactly(plain.clientId(), tuned.clientId());
        }
    }

    @Test
    void aClientThatClosesDisappearsFromStatisticsAtOnce() {
        try (WsTestClient stays = server.connect()) {
            WsTestClient leaves = server.connect();
            String gone = leaves.clientId();
            assertThat(streamer.isClientConnected(gone)).isTrue();
            assertThat(streamer.getClientCount()).isEqualTo(2);

            leaves.close();

            await().atMost(AT_MOST).untilAsserted(() -> assertOnlyConnected(stays.clientId(), gone));
        }
    }

    @Test
    void aClientWhoseSocketVanishesDisappearsFromStatisticsAtOnce() {
        try (WsTestClient stays = server.connect()) {
            RawWsClient raw = RawWsClient.connect(streamer.getPort());
            assertThat(raw.status()).isEqualTo(101);
            String gone = TestServer.parse(raw.readFrame().text()).path("client_id").asText();
            assertThat(streamer.isClientConnected(gone)).isTrue();

            raw.close();

            await().atMost(AT_MOST).untilAsserted(() -> assertOnlyConnected(stays.clientId(), gone));
        }
    }

    @Test
    void statisticsListClientsAPageAtATimeInConnectionOrder() {
        try (WsTestClient a = server.connect(); WsTestClient b = server.connect(); WsTestClient c = server.connect()) {
            JsonNode page = TestServer.parse(server.get("/api/statistics?clients_offset=1&clients_limit=1").body());
            assertThat(page.path("connected_clients").asInt()).as("totals cover every client").isEqualTo(3);
            assertThat(page.path("clients")).hasSize(1);
            assertThat(page.path("clients").get(0).path("client_id").asText()).isEqualTo(b.clientId());

            JsonNode rest = TestServer.parse(server.get("/api/statistics?clients_offset=2").body());
            assertThat(rest.path("clients")).extracting(n -> n.path("client_id").asText())
                    .containsExactly(c.clientId());
            assertThat(server.statistics().path("clients")).extracting(n -> n.path("client_id").asText())
                    .containsExactly(a.clientId(), b.clientId(), c.clientId());
            JsonNode past = TestServer.parse(server.get("/api/statistics?clients_offset=9").body());
            assertThat(past.path("clients")).isEmpty();
            assertThat(streamer.getStatistics().clients()).hasSize(3);
        }
    }

    @Test
    void aBadClientsPageIsRefusedNamingTheParameter() {
        for (String query : List.of("clients_limit=-1", "clients_offset=x", "clients_limit=99999999999")) {
            HttpResponse<String> res = server.get("/api/statistics?" + query);
            assertThat(res.statusCode()).as(query).isEqualTo(400);
            assertThat(TestServer.parse(res.body()).path("error").asText()).as(query).contains("clients_");
        }
        // A malformed escape in the query, which no HTTP client library sends: on a raw socket.
        try (Socket s = new Socket("127.0.0.1", streamer.getHttpPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/statistics?clients_limit=%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void healthzAnswers200WhileRunning() {
        HttpResponse<String> res = server.get("/healthz");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void prometheusTextShowsPublishedMetricsAndConnectedClients() {
        WsTestClient a = server.connect();
        try (WsTestClient b = server.connect()) {
            assertThat(server.post("[{\"metric_type\": \"hero\", \"data\": {}}, {\"metric_type\": \"hero\","
                    + " \"data\": {}}, {\"metric_type\": \"system\", \"data\": {}}]").statusCode()).isEqualTo(202);
            assertThat(a.metrics(3)).hasSize(3);
            assertThat(b.metrics(3)).hasSize(3);

            HttpResponse<String> res = server.get("/metrics");

            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain"));
            assertThat(sample(res.body(), "metrics_streamer_metrics_published_total")).isEqualTo(3.0);
            assertThat(sample(res.body(), "metrics_streamer_connected_clients")).isEqualTo(2.0);
            a.close();
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(
                    sample(server.get("/metrics").body(), "metrics_streamer_connected_clients")).isEqualTo(1.0));
        }
    }

    @Test
    void prometheusTextCarriesTheJvmsMemoryGcThreadsAndCpu() {
        String text = server.get("/metrics").body();

        assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_buffer_memory_used_bytes{id=\"direct\"",
                "jvm_threads_live_threads", "process_cpu_usage", "system_cpu_count", "process_uptime_seconds");
        assertThat(text).as("GC metrics are registered").contains("jvm_gc_");
    }

    @Test
    void prometheusTextCarriesTheDeliveryLatencyHistogram() {
        try (WsTestClient c = server.connect()) {
            assertThat(server.post("{\"metric_type\": \"hero\", \"data\": {}}").statusCode()).isEqualTo(202);
            assertThat(c.metrics(1)).hasSize(1);

            await().atMost(AT_MOST).untilAsserted(() -> assertThat(
                    sample(server.get("/metrics").body(), "metrics_streamer_delivery_latency_seconds_count"))
                    .isEqualTo(1.0));
            String text = server.get("/metrics").body();
            assertThat(text).contains("metrics_streamer_delivery_latency_seconds_bucket{le=");
            assertThat(sample(text, "metrics_streamer_delivery_latency_seconds_sum")).isPositive().isLessThan(10.0);
        }
    }

    /** Subscribes to system and agent, sets agent and field filters and a 2.5 s interval. */
    private static void configure(WsTestClient c) {
        assertThat(c.request("{\"type\": \"subscribe\", \"metric_types\": [\"system\", \"agent\"]}")
                .path("type").asText()).isEqualTo("subscription_confirmed");
        assertThat(c.request("{\"type\": \"set_filters\", \"filters\": {\"agent_ids\": [\"agent_1\"],"
                + " \"fields\": [\"cpu\"]}}").path("type").asText()).isEqualTo("filters_updated");
        assertThat(c.request("{\"type\": \"set_update_interval\", \"interval_seconds\": 2.5}")
                .path("type").asText()).isEqualTo("update_interval_set");
    }

    private void assertOnlyConnected(String present, String gone) {
        JsonNode stats = server.statistics();
        assertThat(stats.path("connected_clients").asInt()).isEqualTo(1);
        assertThat(stats.path("clients").findValuesAsText("client_id")).containsExactly(present);
        assertThat(streamer.getClientCount()).isEqualTo(1);
        assertThat(streamer.isClientConnected(gone)).isFalse();
        assertThat(streamer.isClientConnected(present)).isTrue();
        assertThat(streamer.getStatistics().clients()).extracting(c -> c.clientId()).containsExactly(present);
    }

    private static JsonNode withoutClocks(JsonNode stats) {
        ObjectNode copy = stats.deepCopy();
        copy.remove("uptime_seconds");
        copy.get("clients").forEach(c -> ((ObjectNode) c).remove("connected_duration_seconds"));
        return copy;
    }

    /** The value of the first sample of {@code name} (any labels) in Prometheus text. */
    private static double sample(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        assertThat(m.find()).as("a %s sample in%n%s", name, text).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static JsonNode json(String text) {
        return TestServer.parse(text);
    }
}
