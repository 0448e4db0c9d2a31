package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.seqs;
import static io.metricsstreamer.delivery.DeliveryFixture.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §5 "Delivery: batching and update interval", on a manual clock. */
class ClientSessionBatchingTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private final DeliveryFixture f = new DeliveryFixture();

    @Test
    void sendsASingleMetricAsMetricUpdateWithItsEnvelope() {
        ClientSession s = f.session(1, TIMEOUT);

        f.offer(s, f.metric("system", "{\"throughput_tps\":12.5}"));

        JsonNode update = f.out.deliveries().get(0);
        assertThat(update.get("type").textValue()).isEqualTo("metric_update");
        assertThat(update.has("dropped")).isFalse();
        assertThat(update.get("data")).isEqualTo(DeliveryFixture.json("{\"metric_type\":\"system\",\"timestamp\":\""
                + DeliveryFixture.TIMESTAMP + "\",\"seq\":1,\"data\":{\"throughput_tps\":12.5}}"));
        assertThat(f.out.flushCount()).isEqualTo(1);
    }

    @Test
    void flushesWhenPendingReachesBatchSize() {
        ClientSession s = f.session(3, TIMEOUT);

        List<PublishedMetric> first = f.offerNew(s, "system", 2);
        assertThat(f.out.deliveries()).isEmpty();
        List<PublishedMetric> third = f.offerNew(s, "agent", 1);

        assertThat(f.out.deliveries()).singleElement().satisfies(batch -> {
            assertThat(batch.get("type").textValue()).isEqualTo("metric_batch");
            assertThat(batch.get("count").intValue()).isEqualTo(3);
            assertThat(batch.has("dropped")).isFalse();
            assertThat(seqs(batch)).containsExactly(first.get(0).seq(), first.get(1).seq(), third.get(0).seq());
        });
    }

    @Test
    void flushesWhenOldestMetricWaitedBatchTimeout() {
        ClientSession s = f.session(10, TIMEOUT);

        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofMillis(300));
        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT.minusMillis(300).minus(ONE_NANO));
        assertThat(f.out.deliveries()).isEmpty();
        f.loop.advance(ONE_NANO);

        assertThat(f.out.deliveries()).singleElement()
                .satisfies(batch -> assertThat(batch.get("count").intValue()).isEqualTo(2));
        assertThat(f.out.flushCount()).as("a timer flush flushes the socket").isEqualTo(1);
    }

    @Test
    void batchTimeoutRunsFromTheOldestMetricAfterTheLastFlush() {
        ClientSession s = f.session(10, TIMEOUT);
        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT);
        f.loop.advance(Duration.ofSeconds(3));

        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT.minus(ONE_NANO));
        assertThat(f.out.deliveries()).hasSize(1);
        f.loop.advance(ONE_NANO);

        assertThat(f.out.deliveries()).hasSize(2);
    }

    @Test
    void zeroBatchTimeoutDeliversEachOfferAtOnce() {
        ClientSession s = f.session(10, Duration.ZERO);

        f.offerNew(s, "system", 1);
        f.offerNew(s, "hero", 1);

        assertThat(f.out.deliveries()).extracting(d -> d.get("type").textValue())
                .containsExactly("metric_update", "metric_update");
    }

    @Test
    void metricsOfferedInOneTaskUpToBatchSizeGoOutAsOneFrame() {
        ClientSession s = f.session(4, TIMEOUT);

        List<PublishedMetric> sent = f.offerNew(s, "system", 4);

        assertThat(f.out.deliveries()).hasSize(1);
        assertThat(seqs(f.out.deliveries().get(0))).containsExactlyElementsOf(seqsOf(sent));
        assertThat(f.out.flushCount()).isEqualTo(1);
    }

    @Test
    void updateIntervalIsTheMinimumGapBetweenDeliveries() {
        ClientSession s = f.session(1, TIMEOUT);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1}");
        f.offerNew(s, "system", 1);
        assertThat(f.out.deliveries()).as("the first delivery is not throttled").hasSize(1);

        f.loop.advance(Duration.ofMillis(100));
        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofMillis(899));
        assertThat(f.out.deliveries()).hasSize(1);
        f.loop.advance(Duration.ofMillis(1));

        assertThat(f.out.deliveries()).hasSize(2);
    }

    @Test
    void aFlushHeldBackByTheIntervalHappensAsSoonAsTheIntervalHasPassed() {
        ClientSession s = f.session(10, Duration.ofMillis(200));
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":2}");
        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofMillis(200));
        assertThat(f.out.deliveries()).hasSize(1);

        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofSeconds(2).minus(ONE_NANO));
        assertThat(f.out.deliveries()).as("batch timeout passed, two seconds since the delivery not yet").hasSize(1);
        f.loop.advance(ONE_NANO);

        assertThat(f.out.deliveries()).hasSize(2);
    }

    @Test
    void aHeldBackFlushSendsEveryPendingMetricAsOneBatchBeyondBatchSize() {
        ClientSession s = f.session(2, TIMEOUT);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1}");
        f.offerNew(s, "system", 2);

        List<PublishedMetric> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            f.loop.advance(Duration.ofMillis(100));
            held.addAll(f.offerNew(s, "system", 1));
        }
        f.loop.advance(Duration.ofMillis(500));

        assertThat(f.out.deliveries()).hasSize(2);
        JsonNode batch = f.out.deliveries().get(1);
        assertThat(batch.get("count").intValue()).isEqualTo(5);
        assertThat(seqs(batch)).containsExactlyElementsOf(seqsOf(held));
    }

    @Test
    void theIntervalCountsFromDeliveriesNotFromControlReplies() {
        ClientSession s = f.session(1, TIMEOUT);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":1}");
        f.offerNew(s, "system", 1);

        f.loop.advance(Duration.ofMillis(900));
        f.send(s, "{\"type\":\"ping\"}");
        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"all\"]}");
        f.loop.advance(Duration.ofMillis(100));
        f.offerNew(s, "system", 1);

        assertThat(f.out.deliveries()).hasSize(2);
    }

    @Test
    void loweringTheIntervalReleasesAHeldBackFlushAtOnce() {
        ClientSession s = f.session(1, TIMEOUT);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofSeconds(1));
        f.offerNew(s, "system", 1);
        assertThat(f.out.deliveries()).hasSize(1);

        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":0}");

        assertThat(f.out.deliveries()).hasSize(2);
        f.loop.advance(Duration.ofSeconds(61));
        assertThat(f.out.deliveries()).as("the held-back timer, left to fire, finds nothing due").hasSize(2);
    }

    @Test
    void aDeliveryReleasedBySetUpdateIntervalIsFlushed() {
        ClientSession s = f.session(1, TIMEOUT);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
        f.offerNew(s, "system", 1);
        f.offerNew(s, "system", 1);
        int flushesBefore = f.out.flushCount();

        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":0}");

        assertThat(f.out.deliveries()).hasSize(2);
        assertThat(f.out.flushCount()).isGreaterThan(flushesBefore);
    }

    @Test
    void raisingTheIntervalDelaysTheNextFlush() {
        ClientSession s = f.session(10, TIMEOUT);
        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT);
        f.offerNew(s, "system", 1);
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":3}");

        f.loop.advance(Duration.ofSeconds(3).minus(ONE_NANO));
        assertThat(f.out.deliveries()).as("the batch timeout passed, three seconds since the delivery not yet")
                .hasSize(1);
        f.loop.advance(ONE_NANO);

        assertThat(f.out.deliveries()).hasSize(2);
    }

    @Test
    void deliveriesKeepSeqOrderAcrossBatchesAndTimers() {
        ClientSession s = f.session(3, Duration.ofMillis(50));
        List<Long> offered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offered.addAll(seqsOf(f.offerNew(s, i % 2 == 0 ? "system" : "agent", 1 + i % 4)));
            f.loop.advance(Duration.ofMillis(30));
        }
        f.loop.advance(Duration.ofSeconds(1));

        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(offered);
    }

    @Test
    void flushNowDeliversWhatIsPendingIgnoringBatchAndInterval() {
        ClientSession s = f.session(10, Duration.ofSeconds(30));
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofSeconds(30));
        List<PublishedMetric> pending = f.offerNew(s, "hero", 2);

        s.flushNow();

        assertThat(f.out.deliveries()).hasSize(2);
        assertThat(seqs(f.out.deliveries().get(1))).containsExactlyElementsOf(seqsOf(pending));
        assertThat(f.out.flushCount()).isEqualTo(2);
    }

    @Test
    void deliveriesAreCountedInStatistics() {
        ClientSession s = f.session(2, TIMEOUT);

        f.offerNew(s, "system", 2);
        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT);

        assertThat(f.stats.totalMessagesSent()).isEqualTo(2);
        assertThat(f.stats.totalMetricsDelivered()).isEqualTo(3);
        assertThat(s.snapshot(f.loop.nanoTime()).metricsDelivered()).isEqualTo(3);
        assertThat(s.snapshot(f.loop.nanoTime()).messagesSent()).isEqualTo(2);
    }
}
