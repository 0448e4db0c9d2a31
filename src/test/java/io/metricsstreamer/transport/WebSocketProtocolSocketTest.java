package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WebSocket protocol of SPEC §5 over a real socket: welcome, control messages, errors, filtered delivery. */
@Timeout(60)
class WebSocketProtocolSocketTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private TestServer server;
    private WsTestClient client;

    @BeforeEach
    void start() {
        server = TestServer.start();
        client = server.connect();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void publish(String type, String data) {
        assertThat(server.post("{\"metric_type\":\"" + type + "\",\"data\":" + data + "}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void welcomesWithAUniqueClientIdAndTimestamp() {
        JsonNode w = client.welcome();
        assertThat(w.path("client_id").asText()).matches("client_\\d+");
        assertThat(w.path("message").asText()).isEqualTo("Connected to real-time metrics stream");
        assertThat(w.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        try (WsTestClient second = server.connect()) {
            assertThat(second.clientId()).isNotEqualTo(client.clientId());
        }
    }

    @Test
    void welcomeCarriesTheServersEpochAndTheSeqItAssignedLast() {
        JsonNode first = client.welcome();
        assertThat(first.path("epoch").asText()).matches("[0-9a-f]{16}");
        assertThat(first.path("seq").isIntegralNumber()).isTrue();
        assertThat(first.path("seq").asLong()).as("nothing published yet").isZero();

        publish("hero", "{\"n\":1}");
        publish("hero", "{\"n\":2}");
        long lastSeq = client.metrics(2).get(1).path("seq").asLong();

        try (WsTestClient second = server.connect()) {
            assertThat(second.welcome().path("epoch").asText()).as("one seq stream").isEqualTo(first.path("epoch")
                    .asText());
            assertThat(second.welcome().path("seq").asLong()).isEqualTo(lastSeq);
        }
        assertThat(server.statistics().path("epoch").asText()).isEqualTo(first.path("epoch").asText());
        try (TestServer other = TestServer.start(); WsTestClient elsewhere = other.connect()) {
            assertThat(elsewhere.welcome().path("epoch").asText()).as("another server, another epoch")
                    .isNotEqualTo(first.path("epoch").asText());
        }
    }

    @Test
    void newClientReceivesEveryTypeUntilItSubscribes() {
        publish("hero", "{\"total_transactions\":1}");
        JsonNode update = client.next("metric_update");
        assertThat(update.at("/data/metric_type").asText()).isEqualTo("hero");
        assertThat(update.at("/data/data/total_transactions").asInt()).isEqualTo(1);
        assertThat(update.at("/data/seq").asLong()).isPositive();
    }

    @Test
    void firstSubscribeReplacesTheImplicitAllAndLaterOnesAdd() {
        assertThat(client.request("{\"type\":\"subscribe\",\"metric_types\":[\"SYSTEM\"]}").path("metric_types"))
                .extracting(JsonNode::asText).containsExactly("system");
        publish("hero", "{\"a\":1}");
        publish("system", "{\"b\":2}");
        assertThat(client.next("metric_update").at("/data/metric_type").asText()).isEqualTo("system");
        assertThat(client.request("{\"type\":\"subscribe\",\"metric_types\":[\"hero\",\"agent\"]}")
                .path("metric_types")).extracting(JsonNode::asText).containsExactly("agent", "hero", "system");
        publish("hero", "{\"a\":3}");
        assertThat(client.next("metric_update").at("/data/data/a").asInt()).isEqualTo(3);
    }

    @Test
    void subscribeWithoutTypesMeansAll() {
        client.request("{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}");
        assertThat(client.request("{\"type\":\"subscribe\"}").path("metric_types"))
                .extracting(JsonNode::asText).containsExactly("all");
    }

    @Test
    void unsubscribingOneTypeFromAllLeavesTheOthers() {
        JsonNode confirmed = client.request("{\"type\":\"unsubscribe\",\"metric_types\":[\"hero\"]}");
        assertThat(confirmed.path("metric_types")).extracting(JsonNode::asText)
                .containsExactly("agent", "business", "presentation", "system");
        publish("hero", "{\"a\":1}");
        publish("business", "{\"b\":1}");
        assertThat(client.next("metric_update").at("/data/metric_type").asText()).isEqualTo("business");
    }

    @Test
    void unsubscribingAllLeavesNothing() {
        assertThat(client.request("{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}").path("metric_types"))
                .isEmpty();
        publish("system", "{\"a\":1}");
        client.staysQuiet(QUIET);
    }

    @Test
    void filtersAgentsAndFieldsOfDeliveredMetrics() {
        JsonNode updated = client.request("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],"
                + "\"fields\":[\"load\"]}}");
        assertThat(updated.path("type").asText()).isEqualTo("filters_updated");
        assertThat(updated.at("/filters/agent_ids")).extracting(JsonNode::asText).containsExactly("a1");
        assertThat(updated.at("/filters/fields")).extracting(JsonNode::asText).containsExactly("load");
        publish("agent", "[{\"agent_id\":\"a1\",\"load\":0.5,\"x\":1},{\"agent_id\":\"a2\",\"load\":0.9}]");
        JsonNode data = client.next("metric_update").at("/data/data");
        assertThat(data.toString()).isEqualTo("[{\"agent_id\":\"a1\",\"load\":0.5}]");
        publish("agent", "{\"agent_id\":\"a2\",\"load\":1}");
        publish("system", "{\"cpu\":1}");
        publish("system", "{\"load\":2,\"cpu\":1}");
        assertThat(client.next("metric_update").at("/data/data").toString()).isEqualTo("{\"load\":2}");
        assertThat(client.request("{\"type\":\"set_filters\",\"filters\":{}}").path("filters").isEmpty()).isTrue();
        publish("system", "{\"cpu\":3}");
        assertThat(client.next("metric_update").at("/data/data/cpu").asInt()).isEqualTo(3);
    }

    @Test
    void filterListsOverTheLimitAreRefusedAndTheFiltersKept() {
        client.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"load\"]}}");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            ids.append(i == 0 ? "" : ",").append("\"agent_").append(i).append('"');
        }
        JsonNode refused = client.request("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[" + ids + "]}}");
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asText()).isEqualTo("invalid_message");
        assertThat(refused.path("message").asText()).contains("'filters.agent_ids' has 4000 values; at most 1000");

        publish("system", "{\"load\":2,\"cpu\":1}");
        assertThat(client.next("metric_update").at("/data/data").toString()).isEqualTo("{\"load\":2}");
        JsonNode mine = server.statistics().path("clients").get(0);
        assertThat(mine.at("/filters/fields")).extracting(JsonNode::asText).containsExactly("load");
        assertThat(mine.path("filters").has("agent_ids")).isFalse();
    }

    @Test
    void clientsWithDifferentFiltersEachGetTheirOwnView() {
        try (WsTestClient other = server.connect()) {
            other.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"b\"]}}");
            publish("system", "{\"a\":1,\"b\":2}");
            assertThat(client.next("metric_update").at("/data/data").toString()).isEqualTo("{\"a\":1,\"b\":2}");
            assertThat(other.next("metric_update").at("/data/data").toString()).isEqualTo("{\"b\":2}");
        }
    }

    @Test
    void pingIsAnsweredWithPongEchoingItsId() {
        assertThat(client.request("{\"type\":\"ping\"}").toString()).isEqualTo("{\"type\":\"pong\"}");
        assertThat(client.request("{\"type\":\"ping\",\"id\":42}").path("id").asInt()).isEqualTo(42);
        assertThat(client.request("{\"type\":\"ping\",\"id\":\"abc\"}").path("id").asText()).isEqualTo("abc");
    }

    @Test
    void setUpdateIntervalIsConfirmed() {
        JsonNode set = client.request("{\"type\":\"set_update_interval\",\"interval_seconds\":0.5}");
        assertThat(set.path("type").asText()).isEqualTo("update_interval_set");
        assertThat(set.path("interval_seconds").asDouble()).isEqualTo(0.5);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json|invalid_json",
        "[1,2]|invalid_message",
        "{\"metric_types\":[]}|invalid_message",
        "{\"type\":\"dance\"}|unknown_message_type",
        "{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"cpu\"]}|unknown_metric_type",
        "{\"type\":\"unsubscribe\",\"metric_types\":[\"nope\"]}|unknown_metric_type",
        "{\"type\":\"subscribe\",\"metric_types\":\"system\"}|invalid_message",
        "{\"type\":\"subscribe\",\"metric_types\":[1]}|invalid_message",
        "{\"type\":\"subscribe\",\"metric_type\":[\"system\"]}|invalid_message",
        "{\"type\":\"set_filters\",\"filters\":{\"agents\":[\"a\"]}}|invalid_message",
        "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":\"a\"}}|invalid_message",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":[1]}}|invalid_message",
        "{\"type\":\"set_filters\"}|invalid_message",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":0.05}|invalid_message",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":61}|invalid_message",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":\"1\"}|invalid_message",
    })
    void refusedMessagesGetAnErrorAndChangeNothing(String message, String code) {
        client.request("{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}");
        JsonNode error = client.request(message);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        if ("unknown_metric_type".equals(code)) {
            assertThat(error.path("message").asText()).contains("system", "agent", "business", "hero");
        }
        assertThat(client.request("{\"type\":\"subscribe\",\"metric_types\":[]}").path("metric_types"))
                .extracting(JsonNode::asText).containsExactly("system");
        publish("system", "{\"still\":true}");
        assertThat(client.next("metric_update").at("/data/data/still").asBoolean()).isTrue();
    }

    @Test
    void theSameEndpointIsServedAtWsOnTheHttpPort() {
        try (WsTestClient viaHttp = WsTestClient.connect(server.wsUriOnHttpPort())) {
            publish("system", "{\"a\":1}");
            assertThat(viaHttp.next("metric_update").at("/data/data/a").asInt()).isEqualTo(1);
        }
    }

    @Test
    void everyClientSeesSeqStrictlyIncreasing() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            body.append(i == 0 ? "" : ",").append("{\"metric_type\":\"system\",\"data\":{\"i\":").append(i)
                    .append("}}");
        }
        assertThat(server.post(body.append("]").toString()).statusCode()).isEqualTo(202);
        List<JsonNode> got = client.metrics(200);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i).path("seq").asLong()).isGreaterThan(got.get(i - 1).path("seq").asLong());
            assertThat(got.get(i).at("/data/i").asInt()).isEqualTo(i);
        }
    }
}
