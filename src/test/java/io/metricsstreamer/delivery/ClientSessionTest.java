package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static io.metricsstreamer.delivery.DeliveryFixture.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.stats.ClientSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §5: control replies of a session, and how its subscription and filters decide what it receives. */
class ClientSessionTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final DeliveryFixture f = new DeliveryFixture();
    private final ClientSession session = f.session(1, TIMEOUT);

    private JsonNode reply(String request) {
        f.out.clear();
        f.send(session, request);
        assertThat(f.out.sent()).as("one reply to %s", request).hasSize(1);
        return f.out.controls().get(0);
    }

    @Test
    void welcomesWithClientIdTimeMessageEpochAndTheLastSeq() {
        session.open(Instant.parse("2024-05-06T07:08:09.123456789Z"), "5f0c2a9e41d7b388", 1234);

        assertThat(f.out.controls()).containsExactly(json("{\"type\":\"welcome\",\"client_id\":\"client_1\","
                + "\"timestamp\":\"2024-05-06T07:08:09.123456Z\","
                + "\"message\":\"Connected to real-time metrics stream\","
                + "\"epoch\":\"5f0c2a9e41d7b388\",\"seq\":1234}"));
    }

    @Test
    void subscribeRepliesWithTheWholeSubscriptionSorted() {
        assertThat(reply("{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}"))
                .isEqualTo(json("{\"type\":\"subscription_confirmed\",\"metric_types\":[\"system\"]}"));
        assertThat(reply("{\"type\":\"subscribe\",\"metric_types\":[\"HERO\",\"agent\"]}").get("metric_types"))
                .isEqualTo(json("[\"agent\",\"hero\",\"system\"]"));
        assertThat(reply("{\"type\":\"subscribe\"}").get("metric_types")).isEqualTo(json("[\"all\"]"));
    }

    @Test
    void unsubscribeRepliesWithWhatIsLeft() {
        assertThat(reply("{\"type\":\"unsubscribe\",\"metric_types\":[\"agent\"]}").get("metric_types"))
                .isEqualTo(json("[\"business\",\"hero\",\"presentation\",\"system\"]"));
        assertThat(reply("{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}").get("metric_types"))
                .isEqualTo(json("[]"));
    }

    @Test
    void setFiltersRepliesWithTheEffectiveFilters() {
        assertThat(reply("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\",\"a1\",\"a2\"],"
                + "\"fields\":[\"load\"]}}")).isEqualTo(json("{\"type\":\"filters_updated\","
                + "\"filters\":{\"agent_ids\":[\"a1\",\"a2\"],\"fields\":[\"load\"]}}"));
        assertThat(reply("{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[]}}").get("filters"))
                .isEqualTo(json("{\"agent_ids\":[]}"));
        assertThat(reply("{\"type\":\"set_filters\",\"filters\":{}}").get("filters")).isEqualTo(json("{}"));
    }

    @ParameterizedTest
    @CsvSource({"0, 0.0", "0.1, 0.1", "2.5, 2.5", "60, 60.0"})
    void setUpdateIntervalRepliesWithTheInterval(String requested, double expected) {
        JsonNode r = reply("{\"type\":\"set_update_interval\",\"interval_seconds\":" + requested + "}");

        assertThat(r.get("type").textValue()).isEqualTo("update_interval_set");
        assertThat(r.get("interval_seconds").doubleValue()).isEqualTo(expected);
        assertThat(session.snapshot(f.loop.nanoTime()).updateIntervalSeconds()).isEqualTo(expected);
    }

    @Test
    void pingIsAnsweredWithPongEchoingItsId() {
        assertThat(reply("{\"type\":\"ping\"}")).isEqualTo(json("{\"type\":\"pong\"}"));
        assertThat(reply("{\"type\":\"ping\",\"id\":\"abc\"}")).isEqualTo(json("{\"type\":\"pong\",\"id\":\"abc\"}"));
        assertThat(reply("{\"type\":\"ping\",\"id\":{\"n\":[1,2]}}"))
                .isEqualTo(json("{\"type\":\"pong\",\"id\":{\"n\":[1,2]}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{oops                                                      | invalid_json",
        "{\"type\":\"dance\"}                                       | unknown_message_type",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":99} | invalid_message",
        "{\"type\":\"subscribe\",\"metric_types\":[\"cpu\"]}        | unknown_metric_type"
    })
    void aRefusedMessageIsAnsweredWithAnErrorAndChangesNothing(String request, String code) {
        JsonNode error = reply(request);

        assertThat(error.get("type").textValue()).isEqualTo("error");
        assertThat(error.get("code").textValue()).isEqualTo(code);
        assertThat(error.get("message").textValue()).isNotBlank();
        assertThat(f.stats.totalProtocolErrors()).isEqualTo(1);
        ClientSnapshot snapshot = session.snapshot(f.loop.nanoTime());
        assertThat(snapshot.subscribedMetrics()).containsExactly("all");
        assertThat(snapshot.updateIntervalSeconds()).isZero();
        f.out.clear();
        f.offerNew(session, "presentation", 1);
        assertThat(f.out.deliveries()).hasSize(1);
    }

    @Test
    void unknownMetricTypeErrorListsTheValidTypes() {
        assertThat(reply("{\"type\":\"unsubscribe\",\"metric_types\":[\"cpu\"]}").get("message").textValue())
                .contains("cpu").contains("system, agent, business, hero, presentation");
    }

    @Test
    void everyReplyIsCountedAsAMessageSent() {
        f.send(session, "{\"type\":\"ping\"}");
        f.send(session, "{oops");

        assertThat(f.stats.totalMessagesSent()).isEqualTo(2);
        assertThat(session.snapshot(f.loop.nanoTime()).messagesSent()).isEqualTo(2);
    }

    @Test
    void onlySubscribedTypesAreDelivered() {
        f.send(session, "{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"hero\"]}");

        PublishedMetric system = f.metric("system");
        PublishedMetric hero = f.metric("hero");
        f.offer(session, system, f.metric("business"), f.metric("agent", "[]"), hero);

        assertThat(allSeqs(f.out.deliveries())).containsExactly(system.seq(), hero.seq());
    }

    @Test
    void filtersShapeTheDeliveredData() {
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a2\"],\"fields\":[\"load\"]}}");

        f.offer(session, f.metric("agent",
                "[{\"agent_id\":\"a1\",\"load\":1},{\"agent_id\":\"a2\",\"load\":2,\"x\":0}]"));
        f.offer(session, f.metric("agent", "{\"agent_id\":\"a1\",\"load\":3}"));
        f.offer(session, f.metric("system", "{\"load\":4,\"cpu\":0.5}"));

        assertThat(f.out.deliveries()).extracting(d -> d.get("data").get("data")).containsExactly(
                json("[{\"agent_id\":\"a2\",\"load\":2}]"), json("{\"load\":4}"));
    }

    @Test
    void clearingFiltersDeliversDataAsPublished() {
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"x\"]}}");
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{}}");

        f.offer(session, f.metric("system", "{\"load\":4,\"cpu\":0.5}"));

        assertThat(f.out.deliveries().get(0).get("data").get("data")).isEqualTo(json("{\"load\":4,\"cpu\":0.5}"));
    }

    @Test
    void unsubscribePurgesPendingMetricsOfTheRemovedTypes() {
        ClientSession s = f.session(10, TIMEOUT);
        PublishedMetric first = f.metric("system");
        PublishedMetric last = f.metric("system");
        f.offer(s, first, f.metric("agent", "[]"), f.metric("hero"), last);

        f.send(s, "{\"type\":\"unsubscribe\",\"metric_types\":[\"agent\",\"hero\"]}");
        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isEqualTo(2);
        f.loop.advance(TIMEOUT);

        assertThat(allSeqs(f.out.deliveries())).containsExactly(first.seq(), last.seq());
    }

    @Test
    void unsubscribingEveryPendingTypeCancelsTheFlush() {
        ClientSession s = f.session(10, TIMEOUT);
        f.offerNew(s, "hero", 2);

        f.send(s, "{\"type\":\"unsubscribe\",\"metric_types\":[\"all\"]}");
        f.loop.advance(TIMEOUT);

        assertThat(f.out.deliveries()).isEmpty();
        assertThat(f.loop.pendingTasks()).isZero();
    }

    @Test
    void theFirstSubscribePurgesPendingMetricsOfTypesNoLongerIncluded() {
        ClientSession s = f.session(10, TIMEOUT);
        PublishedMetric system = f.metric("system");
        f.offer(s, f.metric("business"), system, f.metric("hero"));

        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}");
        f.loop.advance(TIMEOUT);

        assertThat(allSeqs(f.out.deliveries())).containsExactly(system.seq());
    }

    @Test
    void snapshotShowsTheClientState() {
        f.send(session, "{\"type\":\"subscribe\",\"metric_types\":[\"hero\",\"agent\"]}");
        f.send(session, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"]}}");
        List<PublishedMetric> delivered = f.offerNew(session, "hero", 1);
        f.loop.advance(Duration.ofSeconds(3));

        ClientSnapshot snapshot = session.snapshot(f.loop.nanoTime());

        assertThat(snapshot.clientId()).isEqualTo("client_1");
        assertThat(snapshot.subscribedMetrics()).containsExactly("agent", "hero");
        assertThat(snapshot.filters()).isEqualTo(Map.of("agent_ids", List.of("a1")));
        assertThat(snapshot.messagesSent()).isEqualTo(3);
        assertThat(snapshot.metricsDelivered()).isEqualTo(seqsOf(delivered).size());
        assertThat(snapshot.connectedDurationSeconds()).isEqualTo(3.0);
    }
}
