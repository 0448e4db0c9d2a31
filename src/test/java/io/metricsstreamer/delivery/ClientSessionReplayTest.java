package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.allSeqs;
import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.history.RingHistory;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** SPEC §8: a session's replay from the history, and how live metrics meet it. */
class ClientSessionReplayTest {
    private static final String EPOCH = "0123456789abcdef";
    private static final long SECOND = 1_000_000_000L;

    private final DeliveryFixture f = new DeliveryFixture();

    private RingHistory history(int size) {
        return new RingHistory(EPOCH, new HistoryLimits(size, 600 * SECOND, 1L << 30), f.loop::nanoTime);
    }

    private ClientSession session(MetricHistory history) {
        return new ClientSession("client_1", f.out, f.loop, DeliveryFixture.config(1, Duration.ofMillis(500), 10_000),
                DeliveryFixture.TYPES, f.stats, history);
    }

    /** Publishes {@code n} metrics of {@code type} into the history, as the dispatcher does before posting them. */
    private List<PublishedMetric> publish(RingHistory h, String type, int n) {
        List<PublishedMetric> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PublishedMetric m = f.metric(type);
            h.append(m, f.loop.nanoTime());
            out.add(m);
        }
        return out;
    }

    /** A loop's delivery task: the chunk offered to the session, then its writes flushed. */
    private void deliverLive(ClientSession s, List<PublishedMetric> chunk) {
        s.offerAll(chunk, f.loopState, f.loop.nanoTime());
        s.flushWrites();
    }

    private List<JsonNode> replayFrames() {
        return f.out.deliveries().stream().filter(d -> d.path("replay").asBoolean(false)).toList();
    }

    private JsonNode replayComplete() {
        List<JsonNode> done = f.out.controls().stream()
                .filter(c -> c.get("type").textValue().equals("replay_complete")).toList();
        assertThat(done).hasSize(1);
        return done.get(0);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void sendsEveryRetainedMetricAfterTheSeqMarkedReplayThenReplayComplete() {
        RingHistory h = history(1000);
        publish(h, "system", 5);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":2,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(f.out.deliveries()).hasSize(1);
        JsonNode batch = f.out.deliveries().get(0);
        assertThat(batch.get("type").textValue()).isEqualTo("metric_batch");
        assertThat(batch.get("replay").booleanValue()).isTrue();
        assertThat(batch.get("count").intValue()).isEqualTo(3);
        assertThat(DeliveryFixture.seqs(batch)).containsExactly(3L, 4L, 5L);
        assertThat(replayComplete()).isEqualTo(json("{\"type\":\"replay_complete\",\"epoch\":\"" + EPOCH + "\","
                + "\"from_seq\":3,\"to_seq\":5,\"count\":3,\"earliest_seq\":1,\"recovered\":true}"));
        assertThat(f.out.sent().get(f.out.sent().size() - 1).json().get("type").textValue())
                .as("replay_complete comes after the frames").isEqualTo("replay_complete");
        assertThat(f.stats.totalReplays()).isEqualTo(1);
        assertThat(f.stats.totalMetricsReplayed()).isEqualTo(3);
    }

    @Test
    void aSingleReplayedMetricIsAMetricUpdateMarkedReplay() {
        RingHistory h = history(1000);
        publish(h, "system", 3);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":2,\"epoch\":\"" + EPOCH + "\"}");

        JsonNode update = f.out.deliveries().get(0);
        assertThat(update.get("type").textValue()).isEqualTo("metric_update");
        assertThat(update.get("replay").booleanValue()).isTrue();
        assertThat(update.get("data").get("seq").longValue()).isEqualTo(3);
    }

    @Test
    void aClientUpToDateGetsAnEmptyRecoveredReplay() {
        RingHistory h = history(1000);
        publish(h, "system", 4);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":4,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(f.out.deliveries()).isEmpty();
        assertThat(replayComplete()).isEqualTo(json("{\"type\":\"replay_complete\",\"epoch\":\"" + EPOCH + "\","
                + "\"from_seq\":null,\"to_seq\":null,\"count\":0,\"earliest_seq\":1,\"recovered\":true}"));
    }

    @Test
    void liveMetricsPublishedDuringTheReplayComeThroughItWithEverySeqOnceInOrder() {
        RingHistory h = history(100_000);
        // Large enough that the replay takes several turns of the loop.
        List<PublishedMetric> before = publish(h, "system", 4000);
        ClientSession s = session(h);
        deliverLive(s, before.subList(3990, 4000));
        assertThat(allSeqs(f.out.deliveries())).as("live before the replay").containsExactly(range(3991, 4000)
                .toArray(new Long[0]));
        f.out.clear();

        // Published before the replay starts, but posted to this loop only after it did: the replay covers them.
        List<PublishedMetric> inFlight = publish(h, "system", 20);
        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        assertThat(f.out.controls()).as("the replay is still running").isEmpty();
        deliverLive(s, inFlight);
        List<PublishedMetric> after = publish(h, "system", 30);
        deliverLive(s, after);
        assertThat(f.out.deliveries()).allMatch(d -> d.path("replay").asBoolean(false),
                "nothing live before replay_complete");

        f.loop.advance(0);
        f.loop.advance(0);
        f.loop.advance(0);

        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 4050));
        JsonNode done = replayComplete();
        assertThat(done.get("from_seq").longValue()).isEqualTo(1);
        assertThat(done.get("to_seq").longValue()).as("the replay read on to the live edge").isEqualTo(4050);
        assertThat(done.get("count").longValue()).isEqualTo(4050);
        assertThat(done.get("recovered").booleanValue()).isTrue();
        assertThat(replayFrames().size()).as("frames of at most 64 KiB").isGreaterThan(1);
        assertThat(f.stats.totalClientDropped()).isZero();
    }

    @Test
    void aChunkPostedBeforeTheReplayButArrivingAfterItEndedIsNotDeliveredTwice() {
        RingHistory h = history(1000);
        publish(h, "system", 5);
        ClientSession s = session(h);
        List<PublishedMetric> inFlight = publish(h, "system", 3);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        assertThat(replayComplete().get("to_seq").longValue()).isEqualTo(8);
        List<PublishedMetric> mixed = new ArrayList<>(inFlight);
        mixed.addAll(publish(h, "system", 2));
        deliverLive(s, mixed);

        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 10));
    }

    @Test
    void theReplayGoesAsTheSocketDrainsAndAClientThatReadsNothingIsClosedAsSlow() {
        RingHistory h = history(100_000);
        publish(h, "system", 4000);
        ClientSession s = session(h);
        f.out.setWritable(false);
        s.onWritabilityChanged(false);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        assertThat(f.out.deliveries()).as("nothing while over the mark").isEmpty();
        f.out.setWritable(true);
        s.onWritabilityChanged(true);
        int firstTurn = f.out.deliveries().size();
        assertThat(firstTurn).isPositive();
        f.out.setWritable(false);
        s.onWritabilityChanged(false);
        f.loop.advance(0);
        assertThat(f.out.deliveries()).as("stops while over the mark").hasSize(firstTurn);

        f.loop.advance(DeliveryFixture.SLOW);

        assertThat(f.out.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
        assertThat(f.stats.totalReplays()).as("an abandoned replay is not completed").isZero();
    }

    @Test
    void liveMetricsPublishedWhileAReplayWaitsForTheSocketAreNotCutToTheParkedBound() {
        RingHistory h = history(100_000);
        publish(h, "system", 4000);
        ClientSession s = session(h);
        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        f.out.setWritable(false);
        s.onUnwritable();
        s.onWritabilityChanged(false);
        // More than the parked bound (64 KiB) of live metrics while the replay waits for the socket.
        List<PublishedMetric> live = publish(h, "system", 1500);
        deliverLive(s, live);
        f.out.setWritable(true);
        s.onWritabilityChanged(true);
        f.loop.advance(0);
        f.loop.advance(0);
        f.loop.advance(0);

        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 5500));
        assertThat(f.stats.totalClientDropped()).isZero();
    }

    @Test
    void aHistoryThatNoLongerReachesTheSeqReplaysWhatItHasUnrecovered() {
        RingHistory h = history(3);
        publish(h, "system", 6);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":2,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(allSeqs(f.out.deliveries())).containsExactly(4L, 5L, 6L);
        assertThat(replayComplete()).isEqualTo(json("{\"type\":\"replay_complete\",\"epoch\":\"" + EPOCH + "\","
                + "\"from_seq\":4,\"to_seq\":6,\"count\":3,\"earliest_seq\":4,\"recovered\":false}"));
    }

    @Test
    void aSeqFromAnotherEpochReplaysTheWholeHistoryUnrecovered() {
        RingHistory h = history(1000);
        publish(h, "system", 4);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":3,\"epoch\":\"an-older-server\"}");

        assertThat(allSeqs(f.out.deliveries())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(replayComplete().get("recovered").booleanValue()).isFalse();
        assertThat(replayComplete().get("epoch").textValue()).isEqualTo(EPOCH);
    }

    @Test
    void sinceSecondsReplaysWhatWasPublishedInThatWindow() {
        RingHistory h = history(1000);
        publish(h, "system", 3);
        f.loop.advance(Duration.ofSeconds(10));
        publish(h, "system", 2);
        f.loop.advance(Duration.ofSeconds(1));
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seconds\":5}");

        assertThat(allSeqs(f.out.deliveries())).containsExactly(4L, 5L);
        assertThat(replayComplete().get("recovered").booleanValue()).isTrue();
    }

    @Test
    void sinceSecondsIsUnrecoveredWhenTheHistoryEvictedAMetricOfTheWindow() {
        RingHistory h = history(2);
        publish(h, "system", 3);
        f.loop.advance(Duration.ofSeconds(1));
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seconds\":5}");

        assertThat(allSeqs(f.out.deliveries())).containsExactly(2L, 3L);
        assertThat(replayComplete().get("recovered").booleanValue()).isFalse();
    }

    @Test
    void theReplayAppliesTheSubscriptionAndFiltersTheClientHasWhenItStarts() {
        RingHistory h = history(1000);
        publish(h, "agent", 1);
        publish(h, "system", 1);
        f.metric("system");
        PublishedMetric a1 = f.metric("agent", "{\"agent_id\":\"a1\",\"load\":1,\"mem\":2}");
        PublishedMetric a2 = f.metric("agent", "{\"agent_id\":\"a2\",\"load\":3,\"mem\":4}");
        h.append(a1, f.loop.nanoTime());
        h.append(a2, f.loop.nanoTime());
        ClientSession s = session(h);
        f.send(s, "{\"type\":\"subscribe\",\"metric_types\":[\"agent\"]}");
        f.send(s, "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":[\"load\"]}}");
        f.out.clear();

        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(f.out.deliveries()).hasSize(1);
        JsonNode only = f.out.deliveries().get(0).get("data");
        assertThat(only.get("seq").longValue()).isEqualTo(a1.seq());
        assertThat(only.get("data")).isEqualTo(json("{\"agent_id\":\"a1\",\"load\":1}"));
        assertThat(replayComplete().get("count").longValue()).isEqualTo(1);
        assertThat(replayComplete().get("recovered").booleanValue()).isTrue();
    }

    @Test
    void aSecondReplayWhileOneRunsIsRefusedAndChangesNothing() {
        RingHistory h = history(100_000);
        publish(h, "system", 4000);
        ClientSession s = session(h);
        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");

        f.send(s, "{\"type\":\"replay\",\"since_seconds\":10}");

        JsonNode error = f.out.controls().get(0);
        assertThat(error.get("type").textValue()).isEqualTo("error");
        assertThat(error.get("code").textValue()).isEqualTo("invalid_message");
        assertThat(error.get("message").textValue()).contains("replay is running");
        f.loop.advance(0);
        f.loop.advance(0);
        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 4000));
        assertThat(replayComplete().get("count").longValue()).isEqualTo(4000);
    }

    @Test
    void withHistoryOffEveryReplayIsUnrecovered() {
        RingHistory h = new RingHistory(EPOCH, HistoryLimits.OFF, f.loop::nanoTime);
        publish(h, "system", 3);
        ClientSession s = session(h);

        f.send(s, "{\"type\":\"replay\",\"since_seq\":3,\"epoch\":\"" + EPOCH + "\"}");

        assertThat(replayComplete()).isEqualTo(json("{\"type\":\"replay_complete\",\"epoch\":\"" + EPOCH + "\","
                + "\"from_seq\":null,\"to_seq\":null,\"count\":0,\"earliest_seq\":null,\"recovered\":false}"));
    }

    @Test
    void whatWasPendingWhenTheReplayBeganIsSentByTheReplayNotTwice() {
        RingHistory h = history(1000);
        ClientSession s = new ClientSession("client_1", f.out, f.loop,
                DeliveryFixture.config(100, Duration.ofSeconds(5), 10_000), DeliveryFixture.TYPES, f.stats, h);
        deliverLive(s, publish(h, "system", 5));
        assertThat(f.out.deliveries()).as("batched, still pending").isEmpty();

        f.send(s, "{\"type\":\"replay\",\"since_seq\":2,\"epoch\":\"" + EPOCH + "\"}");
        f.loop.advance(Duration.ofSeconds(10));

        assertThat(allSeqs(f.out.deliveries())).containsExactly(3L, 4L, 5L);
        assertThat(f.stats.totalClientDropped()).isZero();
    }

    @Test
    void liveMetricsPublishedDuringALongReplayAreNotBoundByTheClientsMaxPending() {
        RingHistory h = history(100_000);
        publish(h, "system", 20_000);
        ClientSession s = new ClientSession("client_1", f.out, f.loop,
                DeliveryFixture.config(1, Duration.ofMillis(500), 10), DeliveryFixture.TYPES, f.stats, h);
        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");

        // Each chunk is thirty times what the client may hold pending; the replay runs through all of them.
        for (int round = 0; round < 5; round++) {
            deliverLive(s, publish(h, "system", 300));
            assertThat(f.loop.runOne()).as("a turn of the replay").isTrue();
        }
        f.loop.advance(0);

        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 21_500));
        JsonNode done = replayComplete();
        assertThat(done.get("to_seq").longValue()).isEqualTo(21_500);
        assertThat(done.get("recovered").booleanValue()).isTrue();
        assertThat(f.stats.totalClientDropped()).isZero();
        deliverLive(s, publish(h, "system", 3));
        assertThat(allSeqs(f.out.deliveries())).as("then live").containsExactlyElementsOf(range(1, 21_503));
    }

    @Test
    void aReplayTheHistoryOvertakesPastWhereItBeganEndsUnrecoveredAndTheClientGoesOnLive() {
        RingHistory h = history(5000);
        publish(h, "system", 5000);
        ClientSession s = session(h);
        f.send(s, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        assertThat(f.out.controls()).as("the replay is still running").isEmpty();

        // Faster than the replay reads: the history evicts what it had not read yet, before and past its horizon.
        deliverLive(s, publish(h, "system", 5000));
        assertThat(f.loop.runOne()).isTrue();
        deliverLive(s, publish(h, "system", 5000));
        f.loop.advance(0);
        JsonNode done = replayComplete();
        deliverLive(s, publish(h, "system", 10));

        assertThat(done.get("recovered").booleanValue()).isFalse();
        List<Long> seqs = allSeqs(f.out.deliveries());
        assertThat(seqs).as("every seq at most once, in order").isSorted().doesNotHaveDuplicates();
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(15_010);
        List<Long> live = allSeqs(f.out.deliveries().stream()
                .filter(d -> !d.path("replay").asBoolean(false)).toList());
        assertThat(live).as("live again from the newest metric").containsExactlyElementsOf(range(15_001, 15_010));
        assertThat(done.get("to_seq").longValue()).isLessThan(15_000);
    }

    @Test
    void theReplaysOfOneLoopShareABudgetPerTurnRoundRobin() {
        RingHistory h = history(100_000);
        publish(h, "system", 20_000);
        RecordingOutbound otherOut = new RecordingOutbound();
        ClientSession first = session(h);
        ClientSession second = new ClientSession("client_2", otherOut, f.loop,
                DeliveryFixture.config(1, Duration.ofMillis(500), 10_000), DeliveryFixture.TYPES, f.stats, h);
        first.attach(f.loopState);
        second.attach(f.loopState);
        f.send(first, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        f.send(second, "{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + EPOCH + "\"}");
        assertThat(otherOut.frames()).as("the second waits for the loop's next turn").isEmpty();
        long firstBefore = bytes(f.out);

        assertThat(f.loop.runOne()).isTrue();

        long firstTurn = bytes(f.out) - firstBefore;
        long secondTurn = bytes(otherOut);
        assertThat(firstTurn).isPositive();
        assertThat(secondTurn).isPositive();
        assertThat(firstTurn + secondTurn).as("one budget for the loop's turn")
                .isLessThanOrEqualTo(ReplayPump.BYTES_PER_TURN + HistoryReplay.FRAME_BYTES);
        f.loop.advance(0);
        assertThat(allSeqs(f.out.deliveries())).containsExactlyElementsOf(range(1, 20_000));
        assertThat(allSeqs(otherOut.deliveries())).containsExactlyElementsOf(range(1, 20_000));
    }

    private static long bytes(RecordingOutbound out) {
        return out.frames().stream().mapToLong(SlicedFrame::totalBytes).sum();
    }
}
