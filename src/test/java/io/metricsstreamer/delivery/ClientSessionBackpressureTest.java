package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.seqs;
import static io.metricsstreamer.delivery.DeliveryFixture.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §5: the bounded pending list, writability and the slow-consumer close, on a manual clock. */
class ClientSessionBackpressureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private final DeliveryFixture f = new DeliveryFixture();

    private void becomeUnwritable(ClientSession s) {
        f.out.setWritable(false);
        s.onWritabilityChanged(false);
    }

    private void becomeWritable(ClientSession s) {
        f.out.setWritable(true);
        s.onWritabilityChanged(true);
    }

    @Test
    void pastMaxPendingTheOldestAreDroppedAndTheNextDeliveryReportsThemOnce() {
        ClientSession s = f.session(DeliveryFixture.config(10, TIMEOUT, 3));

        List<PublishedMetric> offered = f.offerNew(s, "system", 5);
        f.loop.advance(TIMEOUT);
        f.offerNew(s, "system", 1);
        f.loop.advance(TIMEOUT);

        List<JsonNode> deliveries = f.out.deliveries();
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).get("type").textValue()).isEqualTo("metric_batch");
        assertThat(deliveries.get(0).get("count").intValue()).isEqualTo(3);
        assertThat(deliveries.get(0).get("dropped").longValue()).isEqualTo(2);
        assertThat(seqs(deliveries.get(0))).containsExactlyElementsOf(seqsOf(offered.subList(2, 5)));
        assertThat(deliveries.get(1).get("type").textValue()).isEqualTo("metric_update");
        assertThat(deliveries.get(1).has("dropped")).as("dropped resets after it was reported").isFalse();
        assertThat(f.stats.totalClientDropped()).isEqualTo(2);
        assertThat(f.stats.totalMetricsDropped()).isEqualTo(2);
        assertThat(s.snapshot(f.loop.nanoTime()).metricsDropped()).isEqualTo(2);
    }

    @Test
    void aSingleMetricDeliveryReportsDroppedToo() {
        ClientSession s = f.session(DeliveryFixture.config(10, TIMEOUT, 1));

        List<PublishedMetric> offered = f.offerNew(s, "hero", 3);
        f.loop.advance(TIMEOUT);

        JsonNode update = f.out.deliveries().get(0);
        assertThat(update.get("type").textValue()).isEqualTo("metric_update");
        assertThat(update.get("dropped").longValue()).isEqualTo(2);
        assertThat(update.get("data").get("seq").longValue()).isEqualTo(offered.get(2).seq());
    }

    @Test
    void whileNotWritableDeliveriesAreHeldBack() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);

        f.offerNew(s, "system", 3);
        f.loop.advance(TIMEOUT.multipliedBy(5));

        assertThat(f.out.deliveries()).isEmpty();
        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isEqualTo(3);
    }

    @Test
    void whileNotWritableTheOldestPendingAreDroppedAndReportedOnResume() {
        ClientSession s = f.session(DeliveryFixture.config(1, TIMEOUT, 2));
        becomeUnwritable(s);
        List<PublishedMetric> offered = f.offerNew(s, "system", 5);

        becomeWritable(s);

        assertThat(f.out.deliveries()).singleElement().satisfies(batch -> {
            assertThat(batch.get("count").intValue()).isEqualTo(2);
            assertThat(batch.get("dropped").longValue()).isEqualTo(3);
            assertThat(seqs(batch)).containsExactlyElementsOf(seqsOf(offered.subList(3, 5)));
        });
        assertThat(f.out.flushCount()).as("resuming flushes the socket").isEqualTo(1);
        assertThat(f.stats.totalClientDropped()).isEqualTo(3);
    }

    @Test
    void aParkedClientCostsNoSocketCheckPerMetricUnderTheSlowMark() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        int before = f.out.writableChecks();

        f.offerNew(s, "system", 100);

        assertThat(f.out.writableChecks()).as("offers while parked plan no flush").isEqualTo(before);
        assertThat(f.out.deliveries()).isEmpty();
        becomeWritable(s);
        assertThat(f.out.deliveries()).singleElement()
                .satisfies(batch -> assertThat(batch.get("count").intValue()).isEqualTo(100));
    }

    @Test
    void aClientIsParkedTheMomentItsSocketGoesOverTheMarkBeforeTheDeferredNotice() {
        ClientSession s = f.session(1, TIMEOUT);
        f.out.setWritable(false);
        s.onUnwritable();
        int before = f.out.writableChecks();

        f.offerNew(s, "system", 50);

        assertThat(f.out.writableChecks()).as("no flush planned per metric while the notice is on its way")
                .isEqualTo(before);
        f.out.setWritable(true);
        s.onWritabilityChanged(true);
        assertThat(f.out.deliveries()).singleElement()
                .satisfies(batch -> assertThat(batch.get("count").intValue()).isEqualTo(50));
    }

    @Test
    void resumingWaitsForTheBatchRulesWhenNothingIsDueYet() {
        ClientSession s = f.session(10, TIMEOUT);
        becomeUnwritable(s);
        f.offerNew(s, "system", 1);
        f.loop.advance(Duration.ofMillis(400));

        becomeWritable(s);
        assertThat(f.out.deliveries()).isEmpty();
        f.loop.advance(Duration.ofMillis(600));

        assertThat(f.out.deliveries()).hasSize(1);
    }

    @Test
    void aClientNotWritableForSlowClientTimeIsClosedAsSlowConsumer() {
        ClientSession s = f.session(1, TIMEOUT);
        f.offerNew(s, "system", 1);
        becomeUnwritable(s);
        f.offerNew(s, "system", 2);

        f.loop.advance(DeliveryFixture.SLOW.minus(ONE_NANO));
        assertThat(f.out.closeReasons()).isEmpty();
        f.loop.advance(ONE_NANO);

        assertThat(f.out.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
        assertThat(CloseReason.SLOW_CONSUMER.code()).isEqualTo(1008);
        assertThat(CloseReason.SLOW_CONSUMER.reason()).isEqualTo("slow consumer");
        assertThat(s.isClosed()).isTrue();
        assertThat(f.stats.totalSlowClientsClosed()).isEqualTo(1);
        assertThat(f.loop.pendingTasks()).as("no timer survives the close").isZero();
    }

    @Test
    void aClosedSlowConsumerReceivesNothingMore() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        f.loop.advance(DeliveryFixture.SLOW);
        f.out.setWritable(true);
        f.out.clear();

        s.onWritabilityChanged(true);
        f.offerNew(s, "system", 2);
        f.send(s, "{\"type\":\"ping\"}");
        s.flushNow();
        f.loop.advance(DeliveryFixture.SLOW);

        assertThat(f.out.sent()).isEmpty();
        assertThat(f.out.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
    }

    @Test
    void becomingWritableAgainResumesAndCancelsTheSlowTimer() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        List<PublishedMetric> held = f.offerNew(s, "system", 2);
        f.loop.advance(Duration.ofSeconds(5));

        becomeWritable(s);
        f.loop.advance(DeliveryFixture.SLOW.multipliedBy(3));

        assertThat(f.out.closeReasons()).isEmpty();
        assertThat(s.isClosed()).isFalse();
        assertThat(f.stats.totalSlowClientsClosed()).isZero();
        assertThat(f.loop.pendingTasks()).isZero();
        assertThat(seqs(f.out.deliveries().get(0))).containsExactlyElementsOf(seqsOf(held));
    }

    @Test
    void theSlowTimeStartsAgainEachTimeTheClientBecomesUnwritable() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        f.loop.advance(Duration.ofSeconds(5));
        becomeWritable(s);
        f.loop.advance(Duration.ofSeconds(3));
        becomeUnwritable(s);

        f.loop.advance(DeliveryFixture.SLOW.minus(ONE_NANO));
        assertThat(f.out.closeReasons()).isEmpty();
        f.loop.advance(ONE_NANO);

        assertThat(f.out.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
    }

    @Test
    void repeatedUnwritableNoticesDoNotPostponeTheClose() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        f.loop.advance(Duration.ofSeconds(6));
        becomeUnwritable(s);

        f.loop.advance(Duration.ofSeconds(4));

        assertThat(f.out.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
    }

    @Test
    void resumingCancelsTheSlowTimerEvenAfterRepeatedUnwritableNotices() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);
        f.loop.advance(Duration.ofSeconds(1));
        becomeUnwritable(s);

        becomeWritable(s);

        assertThat(f.loop.pendingTasks()).isZero();
        becomeUnwritable(s);
        f.loop.advance(DeliveryFixture.SLOW.minus(ONE_NANO));
        assertThat(f.out.closeReasons()).isEmpty();
    }

    @Test
    void controlRepliesStillGoOutWhileDeliveriesAreHeld() {
        ClientSession s = f.session(1, TIMEOUT);
        becomeUnwritable(s);

        f.offerNew(s, "system", 1);
        f.send(s, "{\"type\":\"ping\",\"id\":3}");

        assertThat(f.out.deliveries()).isEmpty();
        assertThat(f.out.controls()).singleElement()
                .satisfies(pong -> assertThat(pong.get("type").textValue()).isEqualTo("pong"));
    }

    @Test
    void closingStopsTimersAndForgetsPendingMetrics() {
        ClientSession s = f.session(10, TIMEOUT);
        f.offerNew(s, "system", 3);
        becomeUnwritable(s);

        s.onClosed();
        s.onClosed();
        f.loop.advance(DeliveryFixture.SLOW.multipliedBy(2));

        assertThat(f.loop.pendingTasks()).isZero();
        assertThat(f.out.sent()).isEmpty();
        assertThat(f.out.closeReasons()).as("a connection that is gone is not closed again").isEmpty();
        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isZero();
    }

    @Test
    void overTheSlowMarkThePendingListIsKeptUnderASixteenthOfItInBytesAndTheDropsAreReported() {
        long mark = 64_000;
        DeliveryConfig config = new DeliveryConfig(1, TIMEOUT.toNanos(), 10_000, DeliveryFixture.SLOW.toNanos(), mark);
        ClientSession s = f.session(config);
        becomeUnwritable(s);
        List<PublishedMetric> offered = f.offerNew(s, "system", 200);

        long dropped = f.stats.totalClientDropped();
        assertThat(dropped).as("far more than the mark was offered").isPositive();
        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isEqualTo(200 - (int) dropped);
        becomeWritable(s);

        JsonNode batch = f.out.deliveries().get(0);
        assertThat(batch.get("dropped").longValue()).isEqualTo(dropped);
        assertThat(seqs(batch)).as("the newest, in order")
                .containsExactlyElementsOf(seqsOf(offered.subList((int) dropped, 200)));
        long envelopeBytes = 0;
        for (JsonNode e : batch.get("data")) {
            envelopeBytes += e.toString().length();
        }
        assertThat(config.parkedPendingBytes()).isEqualTo(mark / 16);
        assertThat(envelopeBytes).isLessThanOrEqualTo(mark / 16).isGreaterThan(mark / 16 - 100);
    }

    @Test
    void aWritableClientHeldBackByItsIntervalKeepsMoreThanTheMarkPending() {
        ClientSession s = f.session(new DeliveryConfig(1, TIMEOUT.toNanos(), 10_000, DeliveryFixture.SLOW.toNanos(),
                2_000));
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
        f.offerNew(s, "system", 1);
        f.offerNew(s, "system", 100);

        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isEqualTo(100);
        assertThat(f.stats.totalClientDropped()).isZero();
    }

    @Test
    void aWritableClientHeldBackByItsIntervalKeepsItsNewestMetricsWithinMaxPendingBytes() {
        // Large metrics to a throttled client: the count bound alone would let it hold max-pending of them.
        long maxBytes = 20_000;
        ClientSession s = f.session(new DeliveryConfig(1, TIMEOUT.toNanos(), 10_000, maxBytes,
                DeliveryFixture.SLOW.toNanos(), DeliveryConfig.DEFAULT_SLOW_CLIENT_BYTES));
        f.send(s, "{\"type\":\"set_update_interval\",\"interval_seconds\":60}");
        f.offerNew(s, "system", 1);
        String large = "{\"pad\":\"" + "x".repeat(3_000) + "\"}";
        List<PublishedMetric> offered = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            PublishedMetric m = f.metric("system", large);
            offered.add(m);
            f.offer(s, m);
        }

        int envelope = offered.get(0).encoded().envelopeLength();
        int kept = (int) (maxBytes / envelope);
        assertThat(s.snapshot(f.loop.nanoTime()).pendingMetrics()).isEqualTo(kept);
        assertThat(f.stats.totalClientDropped()).isEqualTo(50 - kept);
        f.loop.advance(Duration.ofSeconds(60));
        JsonNode batch = f.out.deliveries().get(1);
        assertThat(batch.get("dropped").longValue()).isEqualTo(50 - kept);
        assertThat(seqs(batch)).as("the newest are kept")
                .containsExactlyElementsOf(seqsOf(offered.subList(50 - kept, 50)));
    }

    @Test
    void oneMetricOverMaxPendingBytesIsStillDelivered() {
        ClientSession s = f.session(new DeliveryConfig(10, TIMEOUT.toNanos(), 10_000, 1_024,
                DeliveryFixture.SLOW.toNanos(), DeliveryConfig.DEFAULT_SLOW_CLIENT_BYTES));
        PublishedMetric large = f.metric("system", "{\"pad\":\"" + "x".repeat(5_000) + "\"}");

        f.offer(s, large);
        f.loop.advance(TIMEOUT);

        assertThat(seqs(f.out.deliveries().get(0))).containsExactly(large.seq());
        assertThat(f.stats.totalClientDropped()).isZero();
    }

    @Test
    void deliveriesTheTransportCouldNotSendAreCountedAsDroppedAndReportedByTheNext() {
        // The transport had no direct memory left to frame them: they never reached the client.
        ClientSession s = f.session(DeliveryFixture.config(2, TIMEOUT, 100));
        f.out.failFlushes(1);

        f.offerNew(s, "system", 2);
        assertThat(f.out.deliveries()).as("the batch was lost in the transport").isEmpty();
        List<PublishedMetric> next = f.offerNew(s, "system", 2);

        JsonNode batch = f.out.deliveries().get(0);
        assertThat(batch.get("dropped").longValue()).isEqualTo(2);
        assertThat(seqs(batch)).containsExactlyElementsOf(seqsOf(next));
        assertThat(s.snapshot(f.loop.nanoTime()).metricsDropped()).isEqualTo(2);
        assertThat(s.snapshot(f.loop.nanoTime()).metricsDelivered()).as("only what was sent").isEqualTo(2);
        assertThat(s.snapshot(f.loop.nanoTime()).messagesSent()).isEqualTo(1);
    }
}
