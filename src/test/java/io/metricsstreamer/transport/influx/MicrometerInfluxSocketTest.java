package io.metricsstreamer.transport.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.ingest.InfluxConfig;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.Tokens;
import io.metricsstreamer.testing.WsTestClient;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.influx.InfluxApiVersion;
import io.micrometer.influx.InfluxMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Micrometer's Influx registry (a real line protocol client: gzip bodies, millisecond timestamps) pushing a
 * service's meters to the server, over InfluxDB 1's endpoint and InfluxDB 2's with a token.
 */
@Timeout(60)
class MicrometerInfluxSocketTest {
    private TestServer server;
    private WsTestClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static InfluxMeterRegistry registry(Map<String, String> settings) {
        io.micrometer.influx.InfluxConfig config = key -> settings.get(key);
        return new InfluxMeterRegistry(config, Clock.SYSTEM);
    }

    /** Meters recorded, then pushed by the registry's close (its last step). */
    private static void recordAndPush(InfluxMeterRegistry registry) {
        Counter orders = Counter.builder("shop.orders").tag("agent_id", "checkout-1").register(registry);
        Timer latency = Timer.builder("shop.latency").tag("agent_id", "checkout-1").register(registry);
        orders.increment(7);
        for (int ms = 10; ms <= 50; ms += 10) {
            latency.record(Duration.ofMillis(ms));
        }
        registry.close();
    }

    private Map<String, JsonNode> byMeasurement(int count) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode e : client.metrics(count)) {
            assertThat(e.path("metric_type").asText()).isEqualTo("service");
            out.put(e.get("data").path("measurement").asText(), e.get("data"));
        }
        return out;
    }

    @Test
    void theRegistrysGzipWritesToInfluxDb1ArePublished() {
        server = TestServer.start(b -> b.batchSize(1).extraMetricTypes(List.of("service"))
                .influx(new InfluxConfig(Map.of(), "service", "agent_id", true)));
        client = server.connect();
        recordAndPush(registry(Map.of("influx.uri", server.http("").toString().replaceAll("/$", ""),
                "influx.db", "perf", "influx.step", "PT1M",
                "influx.compressed", "true")));

        Map<String, JsonNode> got = byMeasurement(2);
        JsonNode orders = got.get("shop_orders");
        assertThat(orders.path("value").asDouble()).isEqualTo(7.0);
        assertThat(orders.path("agent_id").asText()).isEqualTo("checkout-1");
        assertThat(orders.path("metric_type").asText()).isEqualTo("counter");
        JsonNode latency = got.get("shop_latency");
        assertThat(latency.path("count").asDouble()).isEqualTo(5.0);
        assertThat(latency.path("mean").asDouble()).isEqualTo(30.0);
        assertThat(latency.path("upper").asDouble()).isEqualTo(50.0);
        assertThat(latency.path("metric_type").asText()).isEqualTo("histogram");
    }

    @Test
    void theRegistrysInfluxDb2WritesCarryTheServersToken() {
        server = TestServer.start(b -> b.batchSize(1).extraMetricTypes(List.of("service"))
                .authJwtSecret(Tokens.SECRET).influx(new InfluxConfig(Map.of("shop_orders", "service",
                        "shop_latency", "service"), null, "agent_id", true)));
        client = WsTestClient.connect(server.wsUri(), Map.of("Authorization", "Bearer " + Tokens.hs256("viewer")));
        String token = Tokens.hs256("service", Instant.now().plusSeconds(600), b -> b.claim("publish", true));
        recordAndPush(registry(Map.of("influx.uri", server.http("").toString().replaceAll("/$", ""),
                "influx.apiVersion", InfluxApiVersion.V2.name(), "influx.org", "perf", "influx.bucket", "service",
                "influx.token", token, "influx.step", "PT1M")));

        Map<String, JsonNode> got = byMeasurement(2);
        assertThat(got.keySet()).containsExactlyInAnyOrder("shop_orders", "shop_latency");
        // Published at all: with authentication on, a write without the token is refused 401.
    }
}
