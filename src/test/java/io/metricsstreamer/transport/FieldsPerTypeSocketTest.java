package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §9, fields per type, end to end: a client whose {@code fields} name only {@code system} gets system metrics
 * projected and agent metrics whole, beside a client with no filters; the statistics echo the object form.
 */
@Timeout(60)
class FieldsPerTypeSocketTest {
    private static final String SYSTEM = "{\"metric_type\":\"system\",\"data\":{\"cpu_usage\":0.42,"
            + "\"memory_usage\":0.5,\"throughput_tps\":1200}}";
    private static final String AGENT = "{\"metric_type\":\"agent\",\"data\":[{\"agent_id\":\"agent_1\","
            + "\"cpu_usage\":0.1,\"health_score\":0.98}]}";

    private static JsonNode json(String text) {
        return TestServer.parse(text);
    }

    @Test
    void systemMetricsAreProjectedToTheirFieldsAndAgentMetricsArriveWhole() {
        try (TestServer server = TestServer.start();
             WsTestClient perType = server.connect();
             WsTestClient plain = server.connect()) {
            JsonNode updated = perType.request("{\"type\":\"set_filters\","
                    + "\"filters\":{\"fields\":{\"System\":[\"cpu_usage\"]}}}");
            assertThat(updated.toString())
                    .isEqualTo("{\"type\":\"filters_updated\",\"filters\":{\"fields\":{\"system\":[\"cpu_usage\"]}}}");

            assertThat(server.post("[" + SYSTEM + "," + AGENT + "]").statusCode()).isEqualTo(202);

            List<JsonNode> got = perType.metrics(2);
            assertThat(got).extracting(e -> e.path("metric_type").asText()).containsExactly("system", "agent");
            assertThat(got.get(0).path("data")).isEqualTo(json("{\"cpu_usage\":0.42}"));
            assertThat(got.get(1).path("data")).isEqualTo(json(AGENT).path("data"));
            List<JsonNode> whole = plain.metrics(2);
            assertThat(whole.get(0).path("data")).isEqualTo(json(SYSTEM).path("data"));
            assertThat(got.get(0).path("seq")).isEqualTo(whole.get(0).path("seq"));

            JsonNode clients = server.statistics().path("clients");
            JsonNode mine = clients.get(0).path("client_id").asText().equals(perType.clientId())
                    ? clients.get(0) : clients.get(1);
            assertThat(mine.path("filters")).isEqualTo(json("{\"fields\":{\"system\":[\"cpu_usage\"]}}"));
        }
    }

    @Test
    void anUnknownTypeInFieldsIsRefusedAndTheFiltersStayAsTheyWere() {
        try (TestServer server = TestServer.start();
             WsTestClient client = server.connect()) {
            client.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"cpu_usage\"]}}}");

            JsonNode error = client.request("{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"sytem\":[\"x\"]}}}");

            assertThat(error.path("code").asText()).isEqualTo("unknown_metric_type");
            assertThat(error.path("message").asText()).isEqualTo("unknown metric type(s) [sytem] in 'filters.fields'; "
                    + "valid types: system, agent, business, hero, presentation");
            assertThat(server.post("[" + SYSTEM + "]").statusCode()).isEqualTo(202);
            assertThat(client.metrics(1).get(0).path("data")).isEqualTo(json("{\"cpu_usage\":0.42}"));
        }
    }
}
