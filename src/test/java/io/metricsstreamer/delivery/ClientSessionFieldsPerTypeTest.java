package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.history.RingHistory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §9, fields per type: a session projects each named type to its own list and passes the others whole. */
class ClientSessionFieldsPerTypeTest {
    private final DeliveryFixture f = new DeliveryFixture();
    private final ClientSession session = f.session(1, Duration.ofMillis(500));

    private JsonNode reply(String request) {
        f.out.clear();
        f.send(session, request);
        assertThat(f.out.sent()).as("one reply to %s", request).hasSize(1);
        return f.out.controls().get(0);
    }

    private List<JsonNode> deliveredData() {
        return f.out.deliveries().stream().map(d -> d.get("data").get("data")).toList();
    }

    @Test
    void repliesWithTheFieldsPerTypeUnderTheirWireNamesInTheOrderSent() {
        assertThat(reply("{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"Agent\":[\"load\",\"load\"],"
                + "\"SYSTEM\":[\"cpu_usage\"]},\"agent_ids\":[\"a1\"]}}").toString())
                .isEqualTo("{\"type\":\"filters_updated\",\"filters\":{\"agent_ids\":[\"a1\"],"
                        + "\"fields\":{\"agent\":[\"load\"],\"system\":[\"cpu_usage\"]}}}");
        assertThat(reply("{\"type\":\"set_filters\",\"filters\":{\"fields\":{}}}").get("filters"))
                .as("no type named: no field projection").isEqualTo(json("{}"));
    }

    @Test
    void projectsEachNamedTypeToItsListAndDeliversOtherTypesWhole() {
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"cpu_usage\"],"
                + "\"agent\":[\"load\"]}}}");

        f.offer(session, f.metric("system", "{\"cpu_usage\":0.5,\"memory_usage\":0.7}"));
        f.offer(session, f.metric("agent", "[{\"agent_id\":\"a1\",\"load\":1,\"x\":2},{\"agent_id\":\"a2\",\"x\":3}]"));
        PublishedMetric hero = f.metric("hero", "{\"cpu_usage\":1,\"money_saved\":5}");
        f.offer(session, hero);

        assertThat(deliveredData()).containsExactly(json("{\"cpu_usage\":0.5}"),
                json("[{\"agent_id\":\"a1\",\"load\":1}]"), json("{\"cpu_usage\":1,\"money_saved\":5}"));
        assertThat(f.loopState.viewEncodings()).as("the hero metric is sent as published").isEqualTo(2);
    }

    @Test
    void anEmptyListForATypeStopsThatTypeAndTheAgentFilterAppliesToEveryType() {
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a2\"],"
                + "\"fields\":{\"system\":[]}}}");

        f.offer(session, f.metric("system", "{\"cpu_usage\":0.5}"));
        f.offer(session, f.metric("agent", "[{\"agent_id\":\"a1\",\"load\":1},{\"agent_id\":\"a2\",\"load\":2}]"));

        assertThat(deliveredData()).containsExactly(json("[{\"agent_id\":\"a2\",\"load\":2}]"));
    }

    @Test
    void anUnknownTypeInFieldsIsRefusedAndTheFiltersStayAsTheyWere() {
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"cpu_usage\"]}}}");

        JsonNode error = reply("{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"x\"],\"cpu\":[]}}}");

        assertThat(error.get("code").textValue()).isEqualTo("unknown_metric_type");
        assertThat(error.get("message").textValue()).contains("cpu").contains("system, agent, business");
        assertThat(session.snapshot(f.loop.nanoTime()).filters())
                .isEqualTo(Map.of("fields", Map.of("system", List.of("cpu_usage"))));
        f.out.clear();
        f.offer(session, f.metric("system", "{\"cpu_usage\":0.5,\"x\":1}"));
        assertThat(deliveredData()).containsExactly(json("{\"cpu_usage\":0.5}"));
    }

    @Test
    void clientsWithEqualFieldsPerTypeShareOneView() {
        ClientSession other = new ClientSession("client_2", f.out, f.loop, DeliveryFixture.config(1,
                Duration.ofMillis(500), 100), DeliveryFixture.TYPES, f.stats);
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"a\",\"b\"],"
                + "\"agent\":[\"c\"]}}}");
        f.send(other, "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"AGENT\":[\"c\"],"
                + "\"system\":[\"b\",\"a\",\"a\"]}}}");
        f.out.clear();

        PublishedMetric m = f.metric("system", "{\"a\":1,\"b\":2,\"c\":3}");
        session.offer(m, f.loopState);
        other.offer(m, f.loopState);
        session.flushWrites();
        other.flushWrites();

        assertThat(f.loopState.viewEncodings()).isEqualTo(1);
        assertThat(deliveredData()).containsExactly(json("{\"a\":1,\"b\":2}"), json("{\"a\":1,\"b\":2}"));
    }

    @Test
    void aReplayFromTheHistoryProjectsEachTypeAsLiveDeliveriesDo() {
        String epoch = "0123456789abcdef";
        RingHistory history = new RingHistory(epoch, new HistoryLimits(100, 600_000_000_000L, 1L << 30),
                f.loop::nanoTime);
        List<PublishedMetric> published = List.of(f.metric("system", "{\"cpu_usage\":0.5,\"memory_usage\":0.7}"),
                f.metric("agent", "[{\"agent_id\":\"a1\",\"load\":1}]"), f.metric("hero", "{\"x\":1}"));
        published.forEach(m -> history.append(m, f.loop.nanoTime()));
        ClientSession replaying = new ClientSession("client_2", f.out, f.loop, DeliveryFixture.config(1,
                Duration.ofMillis(500), 100), DeliveryFixture.TYPES, f.stats, history);
        f.send(replaying, "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"memory_usage\"],"
                + "\"hero\":[]}}}");

        f.send(replaying, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + epoch + "\"}");

        JsonNode batch = f.out.deliveries().get(0);
        assertThat(batch.get("replay").booleanValue()).isTrue();
        assertThat(DeliveryFixture.envelopes(batch)).extracting(e -> e.get("data")).containsExactly(
                json("{\"memory_usage\":0.7}"), json("[{\"agent_id\":\"a1\",\"load\":1}]"));
    }
}
