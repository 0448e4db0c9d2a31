package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.seqsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Clients in step share what a delivery chunk does to them ({@link ChunkOutcomes}): the first of each state offers
 * the chunk metric by metric, the others replay its outcome. Offered as a loop does it: one {@link LoopDeliveryState},
 * the same chunk instance for every session, {@link ClientSession#offerAll} then {@link ClientSession#flushWrites}.
 */
class ClientSessionInStepTest {
    private final DeliveryFixture fx = new DeliveryFixture();
    private final DeliveryConfig config = DeliveryFixture.config(10, Duration.ofMillis(50), 10_000);

    private final class Client {
        final RecordingOutbound out = new RecordingOutbound();
        final ClientSession session = new ClientSession("c" + out.hashCode(), out, fx.loop, config,
                DeliveryFixture.TYPES, fx.stats);
    }

    private List<PublishedMetric> chunk(String type, int count) {
        List<PublishedMetric> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(fx.metric(type));
        }
        return made;
    }

    private void deliver(List<PublishedMetric> chunk, Client... clients) {
        long now = fx.loop.nanoTime();
        for (Client c : clients) {
            c.session.offerAll(chunk, fx.loopState, now);
            c.session.flushWrites();
        }
        fx.loopState.endChunk();
    }

    @Test
    void clientsInStepGetTheSameFrameInstancesAndOnlyTheFirstOffersMetricByMetric() {
        Client a = new Client();
        Client b = new Client();
        Client c = new Client();
        List<PublishedMetric> first = chunk("system", 25);

        deliver(first, a, b, c);

        assertThat(a.out.frames()).hasSize(2);
        assertThat(b.out.frames()).containsExactlyElementsOf(a.out.frames());
        assertThat(c.out.frames()).containsExactlyElementsOf(a.out.frames());
        assertThat(fx.loopState.replays()).isEqualTo(2);
        for (Client x : List.of(a, b, c)) {
            assertThat(allSeqs(x.out.deliveries())).containsExactlyElementsOf(seqsOf(first.subList(0, 20)));
            assertThat(x.session.snapshot(fx.loop.nanoTime()).pendingMetrics()).isEqualTo(5);
        }

        // The five each kept are the replayed ones: the next chunk completes the same batch for everyone.
        List<PublishedMetric> second = chunk("system", 5);
        deliver(second, a, b, c);

        List<Long> expected = seqsOf(first);
        expected = new ArrayList<>(expected);
        expected.addAll(seqsOf(second));
        for (Client x : List.of(a, b, c)) {
            assertThat(allSeqs(x.out.deliveries())).containsExactlyElementsOf(expected);
            ClientSnapshot s = x.session.snapshot(fx.loop.nanoTime());
            assertThat(s.messagesSent()).isEqualTo(3);
            assertThat(s.metricsDelivered()).isEqualTo(30);
            assertThat(s.pendingMetrics()).isZero();
        }
        assertThat(fx.loopState.replays()).isEqualTo(4);
    }

    @Test
    void aReplayedRemainderIsFlushedByTheBatchTimeoutLikeTheFirstClients() {
        Client a = new Client();
        Client b = new Client();
        List<PublishedMetric> metrics = chunk("agent", 3);

        deliver(metrics, a, b);
        assertThat(a.out.deliveries()).isEmpty();
        assertThat(b.out.deliveries()).isEmpty();
        fx.loop.advance(Duration.ofMillis(50));

        assertThat(fx.loopState.replays()).isEqualTo(1);
        assertThat(allSeqs(a.out.deliveries())).containsExactlyElementsOf(seqsOf(metrics));
        assertThat(allSeqs(b.out.deliveries())).containsExactlyElementsOf(seqsOf(metrics));
    }

    @Test
    void clientsOutOfStepEachGetTheirOwnOutcome() {
        Client early = new Client();
        List<PublishedMetric> first = chunk("system", 4);
        deliver(first, early);
        Client late = new Client();
        Client filtered = new Client();
        fx.send(filtered.session, "{\"type\":\"subscribe\",\"metric_types\":[\"agent\"]}");

        List<PublishedMetric> second = chunk("system", 8);
        deliver(second, early, late, filtered);

        assertThat(fx.loopState.replays()).isZero();
        assertThat(allSeqs(early.out.deliveries())).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10).mapToObj(i -> (long) i).toList());
        assertThat(early.session.snapshot(fx.loop.nanoTime()).pendingMetrics()).isEqualTo(2);
        assertThat(late.out.deliveries()).isEmpty();
        assertThat(late.session.snapshot(fx.loop.nanoTime()).pendingMetrics()).isEqualTo(8);
        assertThat(filtered.out.deliveries()).isEmpty();
        assertThat(filtered.session.snapshot(fx.loop.nanoTime()).pendingMetrics()).isZero();
    }

    @Test
    void neitherAParkedClientNorAnOutcomeWithDropsIsShared() {
        DeliveryConfig small = DeliveryFixture.config(10, Duration.ofMillis(50), 5);
        List<RecordingOutbound> outs = new ArrayList<>();
        List<ClientSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingOutbound out = new RecordingOutbound();
            outs.add(out);
            sessions.add(new ClientSession("c" + i, out, fx.loop, small, DeliveryFixture.TYPES, fx.stats));
        }
        outs.get(0).setWritable(false);
        sessions.get(0).onUnwritable();
        sessions.get(0).onWritabilityChanged(false);
        List<PublishedMetric> metrics = chunk("system", 12);

        long now = fx.loop.nanoTime();
        for (ClientSession s : sessions) {
            s.offerAll(metrics, fx.loopState, now);
            s.flushWrites();
        }

        // The parked client is not in step; the two others are, but the first one's outcome dropped metrics (a
        // pending list of 5 under a batch of 10), so the second offers metric by metric too.
        assertThat(fx.loopState.replays()).isZero();
        for (int i = 1; i < 3; i++) {
            assertThat(outs.get(i).deliveries()).isEmpty();
            assertThat(sessions.get(i).snapshot(now).metricsDropped()).isEqualTo(7);
            assertThat(sessions.get(i).snapshot(now).pendingMetrics()).isEqualTo(5);
        }
        // The parked one skipped the chunk; it counts the same drops once it drains.
        assertThat(outs.get(0).deliveries()).isEmpty();
        outs.get(0).setWritable(true);
        sessions.get(0).onWritabilityChanged(true);
        fx.loop.advance(Duration.ofMillis(50));
        assertThat(sessions.get(0).snapshot(now).metricsDropped()).isEqualTo(7);
        assertThat(outs.get(0).deliveries()).singleElement().satisfies(d -> {
            assertThat(d.get("dropped").asInt()).isEqualTo(7);
            assertThat(DeliveryFixture.seqs(d)).containsExactlyElementsOf(seqsOf(metrics.subList(7, 12)));
        });
    }

    @Test
    void anOutcomeIsNeverReplayedForAnotherChunk() {
        Client a = new Client();
        Client b = new Client();
        List<PublishedMetric> first = chunk("system", 10);
        List<PublishedMetric> second = chunk("system", 10);
        long now = fx.loop.nanoTime();

        // The same loop state, its chunk not ended between two chunks (a caller that forgot): the outcome of the
        // first chunk must not be taken for the second.
        a.session.offerAll(first, fx.loopState, now);
        b.session.offerAll(second, fx.loopState, now);
        a.session.flushWrites();
        b.session.flushWrites();

        assertThat(fx.loopState.replays()).isZero();
        assertThat(allSeqs(a.out.deliveries())).containsExactlyElementsOf(seqsOf(first));
        assertThat(allSeqs(b.out.deliveries())).containsExactlyElementsOf(seqsOf(second));
    }
}
