package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /api/metrics} over a real socket, observed by a real WebSocket client (SPEC §3, §4). */
@Timeout(60)
class IngestSocketTest {
    static final String WIRE_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String GOOD = "{\"metric_type\": \"system\", \"data\": {\"cpu\": 0.5}}";

    private TestServer server;
    private WsTestClient client;

    @BeforeEach
    void startServerAndClient() {
        server = TestServer.start();
        client = server.connect();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void oneEnvelopeIsAcceptedAndDeliveredWithServerSeqAndUnchangedData() {
        String data = "{\"throughput_tps\": 12.5, \"label\": \"é-ü\", \"nested\": {\"list\": [1, 2, {\"x\": null}]}}";
        HttpResponse<String> res = server.post("{\"metric_type\": \"system\", "
                + "\"timestamp\": \"2024-01-01T12:00:00.123456Z\", \"data\": " + data + "}");

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(TestServer.parse(res.body())).isEqualTo(TestServer.parse("{\"accepted\": 1}"));
        JsonNode envelope = client.next("metric_update").get("data");
        assertThat(envelope.path("metric_type").asText()).isEqualTo("system");
        assertThat(envelope.path("timestamp").asText()).isEqualTo("2024-01-01T12:00:00.123456Z");
        assertThat(envelope.path("seq").isIntegralNumber()).as("seq in %s", envelope).isTrue();
        assertThat(envelope.get("data")).isEqualTo(TestServer.parse(data));
        assertThat(envelope.size()).as("fields of %s", envelope).isEqualTo(4);
    }

    @Test
    void anArrayIsAcceptedAndDeliveredInOrderWithStrictlyIncreasingSeq() {
        String agents = "[{\"agent_id\": \"a1\", \"load\": 0.2}, {\"agent_id\": \"a2\", \"load\": 0.9}]";
        HttpResponse<String> res = server.post("[{\"metric_type\": \"system\", \"data\": {\"n\": 1}},"
                + "{\"metric_type\": \"agent\", \"data\": " + agents + "},"
                + "{\"metric_type\": \"business\", \"timestamp\": \"2024-05-01T00:00:00Z\", \"data\": {\"n\": 3}}]");

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(TestServer.parse(res.body()).path("accepted").asInt()).isEqualTo(3);
        JsonNode first = client.next("metric_update").get("data");
        JsonNode second = client.next("metric_update").get("data");
        JsonNode third = client.next("metric_update").get("data");
        assertThat(List.of(first, second, third)).extracting(e -> e.path("metric_type").asText())
                .containsExactly("system", "agent", "business");
        assertThat(second.path("seq").asLong()).isGreaterThan(first.path("seq").asLong());
        assertThat(third.path("seq").asLong()).isGreaterThan(second.path("seq").asLong());
        assertThat(first.get("data")).isEqualTo(TestServer.parse("{\"n\": 1}"));
        assertThat(second.get("data")).isEqualTo(TestServer.parse(agents));
        assertThat(third.path("timestamp").asText()).isEqualTo("2024-05-01T00:00:00.000000Z");
        for (JsonNode e : List.of(first, second, third)) {
            assertThat(e.path("timestamp").asText()).matches(WIRE_TIMESTAMP);
        }
    }

    @Test
    void anEnvelopeWithoutTimestampGetsTheServersTime() {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(server.post(GOOD).statusCode()).isEqualTo(202);
        Instant after = Instant.now().plusSeconds(1);

        String timestamp = client.next("metric_update").get("data").path("timestamp").asText();
        assertThat(timestamp).matches(WIRE_TIMESTAMP);
        assertThat(Instant.parse(timestamp)).isBetween(before, after);
    }

    @Test
    void aTimestampWithAnOffsetIsDeliveredAsTheSameInstantInUtc() {
        assertThat(server.post("{\"metric_type\": \"hero\", \"timestamp\": \"2024-03-10T14:30:00.5+02:00\","
                + " \"data\": {}}").statusCode()).isEqualTo(202);

        assertThat(client.next("metric_update").get("data").path("timestamp").asText())
                .isEqualTo("2024-03-10T12:30:00.500000Z");
    }

    @Test
    void aTimestampWithoutZoneIsTakenAsUtc() {
        assertThat(server.post("[{\"metric_type\": \"hero\", \"timestamp\": \"2024-03-10T14:30:00.123\","
                + " \"data\": {}}, {\"metric_type\": \"hero\", \"timestamp\": \"2024-01-01T12:00:00\","
                + " \"data\": {}}]").statusCode()).isEqualTo(202);

        assertThat(client.next("metric_update").get("data").path("timestamp").asText())
                .isEqualTo("2024-03-10T14:30:00.123000Z");
        assertThat(client.next("metric_update").get("data").path("timestamp").asText())
                .as("the original design's form").isEqualTo("2024-01-01T12:00:00.000000Z");
    }

    static Stream<Arguments> badBodies() {
        String ok = "{\"metric_type\": \"system\", \"data\": {\"ok\": true}}";
        return Stream.of(
                Arguments.of("invalid JSON", "{\"metric_type\": \"system\", \"data\": {", "not valid JSON"),
                Arguments.of("empty body", "", "empty"),
                Arguments.of("trailing garbage", GOOD + " {}", "JSON"),
                Arguments.of("duplicate key",
                        "{\"metric_type\": \"system\", \"metric_type\": \"agent\", \"data\": {}}", "metric_type"),
                Arguments.of("nesting too deep", "{\"metric_type\": \"system\", \"data\": "
                        + "{\"a\": ".repeat(100) + "1" + "}".repeat(101), "JSON"),
                Arguments.of("missing metric_type", "{\"data\": {\"a\": 1}}", "metric_type"),
                Arguments.of("unknown metric_type", "{\"metric_type\": \"bogus\", \"data\": {}}", "bogus"),
                Arguments.of("metric_type not a string", "{\"metric_type\": 7, \"data\": {}}", "metric_type"),
                Arguments.of("missing data", "{\"metric_type\": \"system\"}", "data"),
                Arguments.of("data a string", "{\"metric_type\": \"system\", \"data\": \"hi\"}", "data"),
                Arguments.of("data a number", "{\"metric_type\": \"system\", \"data\": 42}", "data"),
                Arguments.of("data null", "{\"metric_type\": \"system\", \"data\": null}", "data"),
                Arguments.of("data array with a non-object",
                        "{\"metric_type\": \"agent\", \"data\": [{\"agent_id\": \"a\"}, 3]}", "data"),
                Arguments.of("malformed timestamp",
                        "{\"metric_type\": \"system\", \"timestamp\": \"yesterday\", \"data\": {}}", "timestamp"),
                Arguments.of("timestamp as number",
                        "{\"metric_type\": \"system\", \"timestamp\": 1704110400, \"data\": {}}", "timestamp"),
                Arguments.of("envelope carrying seq", "{\"metric_type\": \"system\", \"seq\": 5, \"data\": {}}", "seq"),
                Arguments.of("unknown field",
                        "{\"metric_type\": \"system\", \"colour\": \"red\", \"data\": {}}", "colour"),
                Arguments.of("JSON scalar body", "42", "envelope"),
                Arguments.of("JSON string body", "\"system\"", "envelope"),
                Arguments.of("JSON null body", "null", "envelope"),
                Arguments.of("array with a scalar element", "[" + ok + ", 1]", "[1]"),
                Arguments.of("array whose last envelope is bad",
                        "[" + ok + ", " + ok + ", {\"metric_type\": \"nope\", \"data\": {}}]", "nope"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIs400NamingTheProblemAndPublishesNothing(String name, String body, String named) {
        long publishedBefore = server.statistics().path("total_metrics_published").asLong();

        HttpResponse<String> res = server.post(body);

        assertThat(res.statusCode()).as(name).isEqualTo(400);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        String error = TestServer.parse(res.body()).path("error").asText();
        assertThat(error).as("error of %s", name).contains(named);
        assertNothingPublishedSince(publishedBefore);
    }

    @Test
    void aBodyOverOneMebibyteIs413AndPublishesNothing() {
        long publishedBefore = server.statistics().path("total_metrics_published").asLong();
        String body = "{\"metric_type\": \"system\", \"data\": {\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}}";

        HttpResponse<String> res = server.post(body);

        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(TestServer.parse(res.body()).path("error").asText()).isNotBlank();
        assertNothingPublishedSince(publishedBefore);
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413AndPublishesNothing() {
        byte[] body = ("{\"metric_type\": \"system\", \"data\": {\"pad\": \"" + "y".repeat(1024 * 1024 + 10) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> res = TestServer.send(HttpRequest.newBuilder(server.http("/api/metrics"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(res.statusCode()).isEqualTo(413);
        assertNothingPublishedSince(0);
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAccepted() {
        String head = "{\"metric_type\": \"system\", \"data\": {\"pad\": \"";
        String tail = "\"}}";
        String body = head + "x".repeat(1024 * 1024 - head.length() - tail.length()) + tail;

        assertThat(server.post(body).statusCode()).isEqualTo(202);
        assertThat(client.next("metric_update").get("data").path("data").path("pad").asText())
                .hasSize(1024 * 1024 - head.length() - tail.length());
    }

    /**
     * The HTTP loop reads bodies of up to 64 KiB through one reused array and larger ones through arrays of their
     * own: bodies on both sides of that size, large after small and small after large, each arrive whole and alone.
     */
    @Test
    void bodiesOnBothSidesOfTheReusedBufferSizeArriveWhole() {
        String head = "{\"metric_type\": \"system\", \"data\": {\"pad\": \"";
        String tail = "\"}}";
        int reused = 64 * 1024;
        int[] bodySizes = {reused, 200, reused + 1, 60, reused - 1, 300_000, 100};
        for (int size : bodySizes) {
            int pad = size - head.length() - tail.length();
            String body = head + "x".repeat(pad) + tail;

            assertThat(server.post(body).statusCode()).as("body of %s bytes", size).isEqualTo(202);
            assertThat(client.next("metric_update").get("data").path("data").path("pad").asText())
                    .as("body of %s bytes", size).hasSize(pad).matches("x*");
        }
    }

    @Test
    void getOnTheIngestPathIs405WithAJsonError() {
        HttpResponse<String> res = server.get("/api/metrics");

        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(TestServer.parse(res.body()).path("error").asText()).contains("POST");
    }

    @Test
    void aWrongMethodAnswerNamesTheAllowedMethodInAnAllowHeader() {
        HttpResponse<String> res = server.get("/api/metrics");

        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void anUnknownPathIs404WithAJsonError() {
        HttpResponse<String> res = TestServer.send(HttpRequest.newBuilder(server.http("/api/nothing-here"))
                .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build());

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(TestServer.parse(res.body()).path("error").asText()).contains("/api/nothing-here");
        assertNothingPublishedSince(0);
    }

    @Test
    void anEmptyArrayIsAcceptedAsZeroMetrics() {
        HttpResponse<String> res = server.post("[]");

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(TestServer.parse(res.body())).isEqualTo(TestServer.parse("{\"accepted\": 0}"));
        assertNothingPublishedSince(0);
    }

    @Test
    void aRegisteredCustomTypeIsAcceptedAndDelivered() {
        try (TestServer custom = TestServer.start(b -> b.extraMetricTypes(List.of("latency_probe")));
             WsTestClient watcher = custom.connect()) {
            HttpResponse<String> res = custom.post("{\"metric_type\": \"latency_probe\", \"data\": {\"rtt_ms\": 3}}");

            assertThat(res.statusCode()).isEqualTo(202);
            JsonNode envelope = watcher.next("metric_update").get("data");
            assertThat(envelope.path("metric_type").asText()).isEqualTo("latency_probe");
            assertThat(envelope.path("data").path("rtt_ms").asInt()).isEqualTo(3);
        }
    }

    @Test
    void anUnregisteredCustomTypeIs400() {
        HttpResponse<String> res = server.post("{\"metric_type\": \"latency_probe\", \"data\": {\"rtt_ms\": 3}}");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(TestServer.parse(res.body()).path("error").asText()).contains("latency_probe");
        assertNothingPublishedSince(0);
    }

    @Test
    void moreMetricsThanTheIngressQueueHoldsAre503WithRetryAfterAndNothingIsPublished() {
        try (TestServer small = TestServer.start(b -> b.ingressCapacity(2));
             WsTestClient watcher = small.connect()) {
            HttpResponse<String> res = small.post("[" + GOOD + "," + GOOD + "," + GOOD + "]");

            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.headers().firstValue("retry-after")).hasValue("1");
            assertThat(TestServer.parse(res.body()).path("error").asText()).contains("ingress queue is full");
            assertThat(watcher.staysQuiet(QUIET)).isTrue();
            JsonNode stats = small.statistics();
            assertThat(stats.path("total_metrics_published").asLong()).isZero();
            assertThat(stats.path("total_metrics_dropped").asLong()).isEqualTo(3);
            assertThat(small.post("[" + GOOD + "," + GOOD + "]").statusCode()).as("what fits is taken").isEqualTo(202);
            assertThat(watcher.next("metric_update").path("data").path("data").path("cpu").asDouble()).isEqualTo(0.5);
        }
    }

    /** Nothing was counted or delivered; then a good POST arrives as the very next message. */
    private void assertNothingPublishedSince(long publishedBefore) {
        assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(publishedBefore);
        assertThat(client.staysQuiet(QUIET)).isTrue();
        assertThat(server.post("{\"metric_type\": \"hero\", \"data\": {\"marker\": \"after\"}}").statusCode())
                .isEqualTo(202);
        JsonNode next = client.next("metric_update").get("data");
        assertThat(next.path("data").path("marker").asText()).isEqualTo("after");
        assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(publishedBefore + 1);
    }
}
