package io.metricsstreamer.transport.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.Tokens;
import io.metricsstreamer.testing.WsTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.apache.jmeter.visualizers.backend.influxdb.InfluxdbBackendListenerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JMeter's own InfluxDB backend listener client (from JMeter's components artifact, unchanged) writing a test's
 * samples to the server, which the dashboard's client receives as system and agent metrics.
 */
@Timeout(60)
class JmeterListenerSocketTest {
    private TestServer server;
    private WsTestClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void theListenersWindowBecomesASystemMetricAndAnAgentRecordPerTransaction() throws Exception {
        server = TestServer.start(b -> b.batchSize(1));
        client = server.connect();
        BackendListenerContext context = listener("/write?db=jmeter", null);
        InfluxdbBackendListenerClient listener = new InfluxdbBackendListenerClient();
        listener.setupTest(context);
        List<SampleResult> samples = new ArrayList<>();
        long start = System.currentTimeMillis() - 10_000;
        for (int i = 0; i < 40; i++) {
            samples.add(sample("home page", start + i * 100, 20 + i, true));
        }
        for (int i = 0; i < 10; i++) {
            samples.add(sample("checkout", start + i * 100, 200 + i * 10, i >= 3));
        }
        listener.handleSampleResults(samples, context);
        listener.teardownTest(context);

        Map<String, JsonNode> byType = new HashMap<>();
        while (byType.size() < 2) {
            for (JsonNode e : client.metrics(1)) {
                byType.put(e.path("metric_type").asText(), e);
            }
        }
        JsonNode system = byType.get("system").get("data");
        assertThat(system.path("source").asText()).isEqualTo("jmeter");
        assertThat(system.path("application").asText()).isEqualTo("shop");
        assertThat(system.path("requests_total").asLong()).isEqualTo(50);
        assertThat(system.path("requests_failed").asLong()).isEqualTo(3);
        assertThat(system.path("error_rate").asDouble()).isCloseTo(0.06, within(1e-9));
        assertThat(system.path("throughput_tps").asDouble()).isPositive();
        assertThat(system.path("p50_response_time_ms").isNumber()).as("%s", system).isTrue();
        assertThat(system.path("p95_response_time_ms").asDouble()).isBetween(50.0, 300.0);
        assertThat(system.path("p99_response_time_ms").asDouble())
                .isGreaterThanOrEqualTo(system.path("p95_response_time_ms").asDouble());
        assertThat(system.path("max_response_time_ms").asDouble()).isEqualTo(290.0);
        assertThat(system.path("active_threads").isNumber()).isTrue();

        JsonNode agents = byType.get("agent").get("data");
        Map<String, JsonNode> byName = new HashMap<>();
        agents.forEach(a -> byName.put(a.path("agent_id").asText(), a));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("home page", "checkout");
        assertThat(byName.get("checkout").path("requests_processed").asLong()).isEqualTo(10);
        assertThat(byName.get("checkout").path("error_count").asLong()).isEqualTo(3);
        assertThat(byName.get("checkout").path("success_rate").asDouble()).isCloseTo(0.7, within(1e-9));
        assertThat(byName.get("home page").path("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(byName.get("home page").path("current_load").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(byName.get("home page").path("avg_response_time_ms").asDouble()).isCloseTo(39.5, within(1e-9));
    }

    @Test
    void theListenersInfluxDb2TokenIsTheServersToken() throws Exception {
        server = TestServer.start(b -> b.batchSize(1).authJwtSecret(Tokens.SECRET));
        client = WsTestClient.connect(server.wsUri(), Map.of("Authorization", "Bearer " + Tokens.hs256("viewer")));
        String token = Tokens.hs256("jmeter", Instant.now().plusSeconds(600), b -> b.claim("publish", true));
        BackendListenerContext context = listener("/api/v2/write?org=perf&bucket=jmeter", token);
        InfluxdbBackendListenerClient listener = new InfluxdbBackendListenerClient();
        listener.setupTest(context);
        listener.handleSampleResults(List.of(sample("login", System.currentTimeMillis(), 42, true)), context);
        listener.teardownTest(context);

        JsonNode system = null;
        while (system == null) {
            for (JsonNode e : client.metrics(1)) {
                system = "system".equals(e.path("metric_type").asText()) ? e.get("data") : null;
            }
        }
        assertThat(system.path("requests_total").asLong()).isEqualTo(1);
        assertThat(system.path("avg_response_time_ms").asDouble()).isEqualTo(42.0);
        // Published at all: with authentication on, a write without the token is refused 401.
    }

    /** The listener's parameters as JMeter's GUI sets them, pointed at this server. */
    private BackendListenerContext listener(String path, String token) {
        Arguments args = new Arguments();
        args.addArgument("influxdbMetricsSender",
                "org.apache.jmeter.visualizers.backend.influxdb.HttpMetricsSender");
        args.addArgument("influxdbUrl", server.http(path).toString());
        if (token != null) {
            args.addArgument("influxdbToken", token);
        }
        args.addArgument("application", "shop");
        args.addArgument("measurement", "jmeter");
        args.addArgument("summaryOnly", "false");
        args.addArgument("samplersRegex", ".*");
        args.addArgument("percentiles", "50;95;99");
        args.addArgument("testTitle", "checkout test");
        args.addArgument("eventTags", "");
        return new BackendListenerContext(args);
    }

    private static SampleResult sample(String label, long startMs, long elapsedMs, boolean ok) {
        SampleResult r = new SampleResult(startMs, elapsedMs);
        r.setSampleLabel(label);
        r.setSuccessful(ok);
        r.setResponseCode(ok ? "200" : "500");
        r.setResponseMessage(ok ? "OK" : "Internal Server Error");
        r.setBytes(1000L);
        r.setSentBytes(100L);
        return r;
    }
}
