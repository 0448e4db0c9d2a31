package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A parked client that takes every metric unfiltered skips whole chunks at no cost per metric and, when it drains,
 * takes the newest from the loop's {@link ChunkLog}: exactly what it would have kept had each metric been offered.
 */
class ClientSessionSkipWhileParkedTest {
    /** Every test metric's envelope here is this long or shorter; keeping 5 of them keeps the newest 5 or 6. */
    private static final int ENVELOPE = 120;

    private final DeliveryFixture fx = new DeliveryFixture();

    /** A session whose parked pending list keeps {@code keptBytes} (a sixteenth of the slow-client mark). */
    private ClientSession session(long keptBytes) {
        return fx.session(new DeliveryConfig(10, Duration.ofMillis(50).toNanos(), 10_000,
                DeliveryFixture.SLOW.toNanos(), keptBytes * DeliveryConfig.PARKED_PENDING_SHARE));
    }

    private List<PublishedMetric> chunk(int count) {
        List<PublishedMetric> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(fx.metric("system", "{\"v\":" + (1000 + i) + "}"));
        }
        return made;
    }

    private void deliver(ClientSession s, List<PublishedMetric> chunk) {
        s.offerAll(chunk, fx.loopState, fx.loop.nanoTime());
        s.flushWrites();
        fx.loopState.endChunk();
    }

    private void park(ClientSession s) {
        fx.out.setWritable(false);
        s.onUnwritable();
        s.onWritabilityChanged(false);
    }

    /** The socket drains; the pending list is flushed at once if it is a batch, else at the batch timeout. */
    private void drain(ClientSession s) {
        fx.out.setWritable(true);
        s.onWritabilityChanged(true);
        fx.loop.advance(Duration.ofMillis(50));
    }

    @Test
    void aParkedClientSkipsChunksWithoutLookingAtTheirMetricsThenGetsTheNewestAndTheCountOfTheRest() {
        List<PublishedMetric> probe = chunk(1);
        assertThat(probe.get(0).encoded().envelopeLength()).isLessThanOrEqualTo(ENVELOPE);
        ClientSession s = session(5L * ENVELOPE);
        deliver(s, probe);
        fx.loop.advance(Duration.ofMillis(50));
        fx.out.clear();
        park(s);
        int checks = fx.out.writableChecks();

        List<PublishedMetric> skipped = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<PublishedMetric> c = chunk(30);
            skipped.addAll(c);
            deliver(s, c);
        }

        assertThat(fx.out.writableChecks()).as("socket checks while skipping 120 metrics").isEqualTo(checks);
        assertThat(fx.out.deliveries()).isEmpty();
        // Counted as they happen, not only when it drains: the statistics show a stalled client losing metrics.
        long countedWhileParked = s.snapshot(fx.loop.nanoTime()).metricsDropped();
        assertThat(countedWhileParked).isBetween(114L, 115L);
        drain(s);

        JsonNode catchUp = fx.out.deliveries().get(0);
        int kept = catchUp.get("count").asInt();
        assertThat(kept).isBetween(5, 6);
        assertThat(catchUp.get("dropped").asLong()).isEqualTo(120 - kept).isEqualTo(countedWhileParked);
        assertThat(allSeqs(fx.out.deliveries())).containsExactlyElementsOf(
                seqsOf(skipped.subList(120 - kept, 120)));
        assertThat(s.snapshot(fx.loop.nanoTime()).metricsDropped()).isEqualTo(120 - kept);
        assertThat(fx.stats.totalClientDropped()).isEqualTo(120 - kept);
    }

    @Test
    void theLogKeepsWhatAParkedClientKeepsEvenWhenOtherChunksPushThrough() {
        ClientSession s = session(40L * ENVELOPE);
        park(s);

        List<PublishedMetric> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<PublishedMetric> c = chunk(7);
            all.addAll(c);
            deliver(s, c);
        }
        drain(s);

        List<Long> got = allSeqs(fx.out.deliveries());
        assertThat(got).hasSizeGreaterThanOrEqualTo(40);
        assertThat(got).containsExactlyElementsOf(seqsOf(all.subList(all.size() - got.size(), all.size())));
        assertThat(fx.out.deliveries().get(0).get("dropped").asLong()).isEqualTo(all.size() - got.size());
    }

    @Test
    void aFilteredParkedClientIsStillOfferedMetricByMetric() {
        ClientSession s = session(5L * ENVELOPE);
        fx.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}");
        fx.out.clear();
        park(s);
        int checks = fx.out.writableChecks();

        deliver(s, chunk(30));

        // Only a client that takes every type unfiltered skips; this one keeps its pending list under the mark
        // as each metric arrives (a socket check each time it goes over), and has counted its drops already.
        assertThat(fx.out.writableChecks()).isGreaterThan(checks);
        long dropped = s.snapshot(fx.loop.nanoTime()).metricsDropped();
        assertThat(dropped).isBetween(24L, 25L);
        drain(s);
        assertThat(fx.out.deliveries().get(0).get("dropped").asLong()).isEqualTo(dropped);
    }

    @Test
    void aMessageWhileSkippingFirstTakesWhatWasSkippedUnderTheOldSubscription() {
        ClientSession s = session(1L << 20);
        park(s);
        List<PublishedMetric> skipped = chunk(4);
        deliver(s, skipped);

        fx.send(s, "{\"type\":\"unsubscribe\",\"metric_types\":[\"agent\"]}");
        drain(s);

        assertThat(allSeqs(fx.out.deliveries())).containsExactlyElementsOf(seqsOf(skipped));
    }

    @Test
    void aClientClosedWhileSkippingCountsWhatItLost() {
        ClientSession s = session(5L * ENVELOPE);
        park(s);
        deliver(s, chunk(30));

        s.onClosed();

        assertThat(s.snapshot(fx.loop.nanoTime()).metricsDropped()).isBetween(24L, 25L);
        assertThat(fx.out.deliveries()).isEmpty();
    }
}
