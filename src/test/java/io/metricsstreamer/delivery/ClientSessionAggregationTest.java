package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9: aggregation windows aligned to the Unix epoch, their envelopes, and one computation per window shared by
 * the clients of a loop that asked for the same thing. The manual clock's wall time starts on a whole hour.
 */
class ClientSessionAggregationTest {
    private final DeliveryFixture f = new DeliveryFixture();
    private final List<RecordingOutbound> outs = new ArrayList<>();

    /** A client of the fixture's loop, batch 1, on its own recording socket. */
    private ClientSession client() {
        RecordingOutbound out = new RecordingOutbound();
        outs.add(out);
        ClientSession s = new ClientSession("client_" + outs.size(), out, f.loop,
                DeliveryFixture.config(1, Duration.ofMillis(500), 10_000), DeliveryFixture.TYPES, f.stats);
        s.attach(f.loopState);
        return s;
    }

    private static void send(DeliveryFixture f, ClientSession s, String json) {
        f.send(s, json);
    }

    /** Offers metrics to every session as one loop task, as a hub shard does. */
    private void publish(List<ClientSession> sessions, PublishedMetric... metrics) {
        List<PublishedMetric> chunk = List.of(metrics);
        long now = f.loop.nanoTime();
        for (ClientSession s : sessions) {
            s.offerAll(chunk, f.loopState, now);
            s.flushWrites();
        }
    }

    @Test
    void theReplyEchoesTheAggregationAndZeroSwitchesItOff() {
        ClientSession s = client();

        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":2,\"function\":\"max\","
                + "\"functions\":{\"tps\":\"avg\",\"errors\":\"sum\"}}");
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":0}");
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":0.05}");
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"function\":\"median\"}");

        List<JsonNode> replies = outs.get(0).controls();
        assertThat(replies.get(0)).isEqualTo(json("{\"type\":\"aggregation_set\",\"window_seconds\":2.0,"
                + "\"function\":\"max\",\"functions\":{\"tps\":\"avg\",\"errors\":\"sum\"}}"));
        assertThat(replies.get(1)).isEqualTo(json("{\"type\":\"aggregation_set\",\"window_seconds\":0.0,"
                + "\"function\":\"avg\",\"functions\":{}}"));
        assertThat(replies.get(2).get("code").textValue()).isEqualTo("invalid_message");
        assertThat(replies.get(3).get("message").textValue()).contains("avg, min, max, sum, last");
        assertThat(f.loopState.aggregationGroups()).as("off again: no group").isZero();
    }

    @Test
    void atTheEndOfEachAlignedWindowTheClientGetsOneAggregatedEnvelopePerKey() {
        ClientSession s = client();
        // The clock is on a whole hour. The window the request comes in is not the client's: its first whole 2 s
        // window is hh:00:02 to hh:00:04.
        f.loop.advance(Duration.ofMillis(1500));
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":2,\"functions\":{\"errors\":\"sum\"}}");
        outs.get(0).clear();
        f.loop.advance(Duration.ofMillis(1000));

        publish(List.of(s), f.metric("system", "{\"tps\":100,\"errors\":1,\"state\":\"a\"}"),
                f.metric("system", "{\"tps\":300,\"errors\":2,\"state\":\"b\"}"));
        f.loop.advance(Duration.ofMillis(1400));
        assertThat(outs.get(0).deliveries()).as("the window has not ended").isEmpty();
        f.loop.advance(Duration.ofMillis(100));

        assertThat(outs.get(0).deliveries()).containsExactly(json("{\"type\":\"metric_update\",\"data\":{"
                + "\"metric_type\":\"system\",\"timestamp\":\"2026-01-01T00:00:04.000000Z\",\"seq\":2,"
                + "\"data\":{\"tps\":200.0,\"errors\":3,\"state\":\"b\"},\"aggregated\":{\"window_seconds\":2.0,"
                + "\"function\":\"avg\",\"functions\":{\"errors\":\"sum\"},\"count\":2,\"from_seq\":1,"
                + "\"to_seq\":2}}}"));

        publish(List.of(s), f.metric("system", "{\"tps\":50,\"errors\":0,\"state\":\"c\"}"));
        f.loop.advance(Duration.ofSeconds(2));
        JsonNode second = outs.get(0).deliveries().get(1).get("data");
        assertThat(second.get("timestamp").textValue()).isEqualTo("2026-01-01T00:00:06.000000Z");
        assertThat(second.get("aggregated").get("count").intValue()).isEqualTo(1);
        f.loop.advance(Duration.ofSeconds(4));
        assertThat(outs.get(0).deliveries()).as("empty windows send nothing").hasSize(2);
    }

    @Test
    void aClientGetsItsFirstResultsForTheFirstWholeWindowAfterItAsked() {
        ClientSession early = client();
        send(f, early, "{\"type\":\"set_aggregation\",\"window_seconds\":1}");
        f.loop.advance(Duration.ofSeconds(1));
        publish(List.of(early), f.metric("system", "{\"v\":1}"));
        f.loop.advance(Duration.ofMillis(400));
        ClientSession late = client();
        send(f, late, "{\"type\":\"set_aggregation\",\"window_seconds\":1}");
        outs.forEach(RecordingOutbound::clear);

        publish(List.of(early, late), f.metric("system", "{\"v\":3}"));
        f.loop.advance(Duration.ofMillis(600));
        assertThat(outs.get(0).deliveries()).hasSize(1);
        assertThat(outs.get(1).deliveries()).as("the window it asked in also holds what came before").isEmpty();

        publish(List.of(early, late), f.metric("system", "{\"v\":5}"));
        f.loop.advance(Duration.ofSeconds(1));
        assertThat(outs.get(1).deliveries()).hasSize(1);
        assertThat(outs.get(1).frames().get(0)).isSameAs(outs.get(0).frames().get(1));
    }

    @Test
    void clientsAskingForTheSameThingShareOneComputationAndTheSameEnvelopes() {
        List<ClientSession> same = List.of(client(), client(), client());
        ClientSession agentsOnly = client();
        ClientSession otherWindow = client();
        for (ClientSession s : same) {
            send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":1}");
        }
        send(f, agentsOnly, "{\"type\":\"subscribe\",\"metric_types\":[\"agent\"]}");
        send(f, agentsOnly, "{\"type\":\"set_aggregation\",\"window_seconds\":1}");
        send(f, otherWindow, "{\"type\":\"set_aggregation\",\"window_seconds\":2}");
        f.loop.advance(Duration.ofSeconds(2));
        outs.forEach(RecordingOutbound::clear);
        assertThat(f.loopState.aggregationGroups()).isEqualTo(2);

        List<ClientSession> all = new ArrayList<>(same);
        all.add(agentsOnly);
        all.add(otherWindow);
        publish(all, f.metric("system", "{\"v\":1}"), f.metric("agent", "{\"agent_id\":\"a1\",\"v\":2}"),
                f.metric("system", "{\"v\":3}"));
        f.loop.advance(Duration.ofSeconds(1));

        SlicedFrame shared = outs.get(0).frames().get(0);
        assertThat(outs.get(1).frames().get(0)).isSameAs(shared);
        assertThat(outs.get(2).frames().get(0)).isSameAs(shared);
        assertThat(DeliveryFixture.seqs(outs.get(0).deliveries().get(0))).as("in seq order").containsExactly(2L, 3L);
        assertThat(outs.get(3).deliveries()).as("its subscription applies to the results").hasSize(1);
        assertThat(DeliveryFixture.seqs(outs.get(3).deliveries().get(0))).containsExactly(2L);
        assertThat(outs.get(4).deliveries()).as("a 2 s window has not ended").isEmpty();
    }

    @Test
    void filtersApplyBeforeAggregationAndChangingThemMovesTheClientToAnotherGroup() {
        ClientSession s = client();
        send(f, s, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":[\"cpu\"]}}");
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":1,\"function\":\"max\"}");
        f.loop.advance(Duration.ofSeconds(1));
        outs.get(0).clear();

        publish(List.of(s), f.metric("agent", "[{\"agent_id\":\"a1\",\"cpu\":10,\"mem\":1},"
                + "{\"agent_id\":\"a2\",\"cpu\":99}]"), f.metric("agent", "[{\"agent_id\":\"a1\",\"cpu\":30}]"));
        f.loop.advance(Duration.ofSeconds(1));

        JsonNode data = outs.get(0).deliveries().get(0).get("data").get("data");
        assertThat(data).isEqualTo(json("[{\"agent_id\":\"a1\",\"cpu\":30}]"));
        send(f, s, "{\"type\":\"set_filters\",\"filters\":{}}");
        assertThat(f.loopState.aggregationGroups()).isEqualTo(1);
        s.onClosed();
        assertThat(f.loopState.aggregationGroups()).as("the last member left").isZero();
        assertThat(f.loop.pendingTasks()).as("its window timer stopped").isZero();
    }

    @Test
    void aggregatedEnvelopesFollowTheClientsBatchAndIntervalRules() {
        ClientSession s = client();
        send(f, s, "{\"type\":\"set_aggregation\",\"window_seconds\":1}");
        send(f, s, "{\"type\":\"set_update_interval\",\"interval_seconds\":3}");
        f.loop.advance(Duration.ofSeconds(1));
        outs.get(0).clear();

        for (int second = 0; second < 3; second++) {
            publish(List.of(s), f.metric("system", "{\"v\":" + second + "}"));
            f.loop.advance(Duration.ofSeconds(1));
        }

        List<JsonNode> got = outs.get(0).deliveries();
        assertThat(got).hasSize(1).as("the first at the first window's end; the next two wait for the interval");
        f.loop.advance(Duration.ofSeconds(1));
        assertThat(outs.get(0).deliveries()).hasSize(2);
        assertThat(outs.get(0).deliveries().get(1).get("count").intValue()).isEqualTo(2);
    }
}
