package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** SPEC §9: latest mode, where a delivery carries per key only the newest metric, and counts what it replaced. */
class ClientSessionLatestModeTest {
    private final DeliveryFixture f = new DeliveryFixture();

    private ClientSession latestEvery(String seconds) {
        ClientSession s = f.session(10, Duration.ofMillis(500));
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":" + seconds + ",\"mode\":\"latest\"}");
        return s;
    }

    @Test
    void theReplyEchoesTheModeAndLeavingItOutMeansAll() {
        ClientSession s = f.session(10, Duration.ofMillis(500));

        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":\"latest\"}");
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":2}");
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":0,\"mode\":\"newest\"}");

        assertThat(f.out.controls()).containsExactly(
                json("{\"type\":\"update_interval_set\",\"interval_seconds\":1.0,\"mode\":\"latest\"}"),
                json("{\"type\":\"update_interval_set\",\"interval_seconds\":2.0,\"mode\":\"all\"}"),
                json("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"'mode' must be \\\"all\\\" "
                        + "(every metric) or \\\"latest\\\" (the newest of each key); was \\\"newest\\\"\"}"));
    }

    @Test
    void aDeliveryCarriesTheNewestOfEachTypeInSeqOrderAndCountsTheReplacedAsConflated() {
        ClientSession s = latestEvery("1");
        f.offer(s, f.metric("system"));
        f.loop.advance(Duration.ofSeconds(1));
        f.out.clear();

        f.offer(s, f.metric("system"), f.metric("business"), f.metric("system"), f.metric("system"));
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(f.out.deliveries()).hasSize(1);
        JsonNode batch = f.out.deliveries().get(0);
        assertThat(DeliveryFixture.seqs(batch)).containsExactly(3L, 5L);
        assertThat(batch.get("conflated").intValue()).isEqualTo(2);
        assertThat(batch.has("dropped")).isFalse();
        assertThat(f.stats.totalClientDropped()).as("conflated metrics are not dropped").isZero();
    }

    @Test
    void agentScopedObjectsAreKeptPerAgentAndArraysOfAgentsPerType() {
        ClientSession s = latestEvery("1");
        f.offer(s, f.metric("agent", "{\"agent_id\":\"a1\",\"load\":1}"),
                f.metric("agent", "{\"agent_id\":\"a2\",\"load\":2}"),
                f.metric("agent", "{\"agent_id\":\"a1\",\"load\":3}"),
                f.metric("agent", "[{\"agent_id\":\"a1\"},{\"agent_id\":\"a2\"}]"),
                f.metric("agent", "{\"load\":5}"),
                f.metric("agent", "[{\"agent_id\":\"a3\"}]"));
        f.loop.advance(Duration.ofSeconds(1));

        JsonNode batch = f.out.deliveries().get(0);
        // a2 (2), a1 (3) and the newest of the rest, keyed by the type alone (6).
        assertThat(DeliveryFixture.seqs(batch)).containsExactly(2L, 3L, 6L);
        assertThat(batch.get("conflated").intValue()).isEqualTo(3);
    }

    @Test
    void anEmptyAgentIdIsAKeyOfItsOwnNotTheKeyOfDataWithoutOne() {
        ClientSession s = latestEvery("1");
        f.offer(s, f.metric("agent", "{\"load\":1}"), f.metric("agent", "{\"agent_id\":\"\",\"load\":2}"));
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(DeliveryFixture.seqs(f.out.deliveries().get(0))).containsExactly(1L, 2L);
    }

    @Test
    void aSingleMetricLeftAfterConflationIsAMetricUpdateCountingTheOthers() {
        ClientSession s = latestEvery("1");
        f.offer(s, f.metric("system"), f.metric("system"), f.metric("system"));
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(f.out.deliveries()).containsExactly(json("{\"type\":\"metric_update\",\"conflated\":2,\"data\":"
                + "{\"metric_type\":\"system\",\"timestamp\":\"" + DeliveryFixture.TIMESTAMP + "\",\"seq\":3,"
                + "\"data\":{\"n\":3}}}"));
    }

    @Test
    void replacingTheOldestDoesNotPostponeTheBatchTimeout() {
        ClientSession s = latestEvery("0");
        f.offer(s, f.metric("system"));
        for (int i = 0; i < 4; i++) {
            f.loop.advance(Duration.ofMillis(120));
            f.offer(s, f.metric("system"));
        }
        assertThat(f.out.deliveries()).isEmpty();

        f.loop.advance(Duration.ofMillis(20));

        assertThat(allSeqs(f.out.deliveries())).as("half a second after the first became pending").containsExactly(5L);
    }

    @Test
    void everyMetricIsDeliveredAgainInModeAll() {
        ClientSession s = latestEvery("1");
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":\"all\"}");
        f.offer(s, f.metric("system"), f.metric("system"));
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(allSeqs(f.out.deliveries())).containsExactly(1L, 2L);
        assertThat(f.out.deliveries().get(0).has("conflated")).isFalse();
    }

    /**
     * Whatever metrics come between two deliveries, a latest-mode delivery holds exactly the newest of each key, in
     * seq order, and counts every other one as conflated.
     */
    @Property(tries = 200)
    void aDeliveryHoldsExactlyTheNewestOfEachKey(@ForAll("waves") List<List<int[]>> waves) {
        DeliveryFixture world = new DeliveryFixture();
        ClientSession s = world.session(1000, Duration.ofMillis(500));
        world.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1,\"mode\":\"latest\"}");
        world.offer(s, world.metric("business"));
        world.loop.advance(Duration.ofSeconds(1));
        for (List<int[]> wave : waves) {
            world.out.clear();
            Map<String, Long> newest = new LinkedHashMap<>();
            List<PublishedMetric> offered = new ArrayList<>();
            for (int[] m : wave) {
                String type = m[0] == 0 ? "system" : "agent";
                String data = m[1] == 0 ? "{\"v\":1}" : "{\"agent_id\":\"a" + m[1] + "\",\"v\":1}";
                PublishedMetric p = world.metric(type, data);
                offered.add(p);
                String key = type + "/" + (m[1] == 0 ? "" : "a" + m[1]);
                newest.remove(key);
                newest.put(key, p.seq());
            }
            world.offer(s, offered.toArray(new PublishedMetric[0]));
            world.loop.advance(Duration.ofSeconds(1));

            List<Long> expected = newest.values().stream().sorted().toList();
            assertThat(allSeqs(world.out.deliveries())).isEqualTo(expected);
            if (!wave.isEmpty()) {
                JsonNode d = world.out.deliveries().get(0);
                assertThat(d.path("conflated").asLong(0)).isEqualTo(wave.size() - expected.size());
            }
        }
        assertThat(world.stats.totalClientDropped()).isZero();
    }

    @Provide
    Arbitrary<List<List<int[]>>> waves() {
        Arbitrary<int[]> metric = Arbitraries.integers().between(0, 1).flatMap(type ->
                Arbitraries.integers().between(0, 3).map(agent -> new int[] {type, agent}));
        return metric.list().ofMaxSize(30).list().ofMinSize(1).ofMaxSize(4);
    }
}
