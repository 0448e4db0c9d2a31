package io.metricsstreamer.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.delivery.MetricHistory;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ClusterStatistics;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub of a node in a cluster, with a fake {@link ClusterLink}: it publishes through the link, delivers what the
 * cluster sequenced in its seqs, and keeps its history honest about what it never got.
 */
@Timeout(30)
class HubClusterModeTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final DeliveryConfig IMMEDIATE = new DeliveryConfig(1, 0, 100_000, 1_000_000_000L);

    private final ServerStats stats = new ServerStats();
    private final ManualScheduler clock = new ManualScheduler();
    private final ClusterSequence sequence = new ClusterSequence();
    private final FakeLink link = new FakeLink();
    private final Hub hub = new Hub(1024, 1_000_000_000L, clock::nanoTime, sequence, link,
            new HistoryLimits(100, 600_000_000_000L, 1 << 20), stats, new ClientRegistry(10));

    /** A link that keeps what it was sent, and refuses when told to. */
    private static final class FakeLink implements ClusterLink {
        final List<List<MetricEnvelope>> sent = new ArrayList<>();
        boolean full;

        @Override
        public boolean send(List<MetricEnvelope> metrics) {
            if (full) {
                return false;
            }
            sent.add(metrics);
            return true;
        }

        @Override
        public long backlog() {
            return sent.stream().mapToLong(List::size).sum();
        }

        @Override
        public boolean reachable() {
            return !full;
        }

        @Override
        public ClusterStatistics statistics() {
            return ClusterStatistics.of("cluster-epoch", List.of());
        }
    }

    @AfterEach
    void stop() {
        CompletableFuture.supplyAsync(hub::drainAndStop).thenCompose(done -> done)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A metric the cluster sequenced, received now on the manual clock (so the history's age bound keeps it). */
    private static PublishedMetric metric(long seq) {
        return PublishedMetric.encode(seq, TYPES.require("system"), "2024-01-01T12:00:00.000000Z",
                ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8), ManualScheduler.START_NANOS);
    }

    private static List<PublishedMetric> metrics(long from, long to) {
        List<PublishedMetric> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(metric(s));
        }
        return out;
    }

    private RecordingOutbound session() {
        RecordingOutbound out = new RecordingOutbound();
        hub.register(new ClientSession("client_1", out, clock, IMMEDIATE, TYPES, stats), Runnable::run);
        return out;
    }

    private static List<Long> seqs(RecordingOutbound out) {
        return out.deliveries().stream().map(d -> d.get("data").get("seq").asLong()).toList();
    }

    @Test
    void publishersGoThroughTheLinkAndARefusalIsCountedAsDropped() {
        sequence.begin("cluster-epoch");
        hub.start();
        MetricEnvelope m = new MetricEnvelope(TYPES.require("system"), Instant.EPOCH,
                JsonNodeFactory.instance.objectNode().put("n", 1));
        assertThat(hub.publishAll(List.of(m, m))).isTrue();
        assertThat(link.sent).hasSize(1);
        assertThat(link.sent.get(0)).hasSize(2);
        assertThat(hub.queueSize()).isEqualTo(2);
        link.full = true;
        assertThat(hub.publish(m)).isFalse();
        assertThat(stats.totalMetricsPublished()).isEqualTo(2);
        assertThat(stats.totalMetricsDropped()).isEqualTo(1);
        assertThat(hub.history().lastSeq()).as("nothing is sequenced locally").isZero();
    }

    @Test
    void receivedMetricsAreDeliveredInTheClustersSeqsOnceEach() {
        sequence.begin("cluster-epoch");
        hub.start();
        RecordingOutbound out = session();
        assertThat(hub.receive(metrics(1, 3))).isTrue();
        assertThat(hub.receive(metrics(2, 5))).isTrue();
        await().until(() -> out.deliveries().size() == 5);
        assertThat(seqs(out)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sequence.last()).isEqualTo(5);
        assertThat(hub.history().epoch()).isEqualTo("cluster-epoch");
        assertThat(hub.history().lastEvictedSeq()).isZero();
        assertThatThrownBy(sequence::next).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void seqsTheNodeNeverReceivedAreMissingFromTheHistoryAndCountedAsDropped() {
        sequence.begin("cluster-epoch");
        hub.start();
        RecordingOutbound out = session();
        hub.receive(metrics(1, 2));
        hub.receive(metrics(6, 7));
        await().until(() -> out.deliveries().size() == 4);
        assertThat(seqs(out)).containsExactly(1L, 2L, 6L, 7L);
        assertThat(hub.history().lastEvictedSeq()).as("a replay from before 6 is not whole").isEqualTo(5);
        assertThat(stats.totalMetricsDropped()).isEqualTo(3);
    }

    @Test
    void aBackfillFillsTheHistoryAndTheNodeGoesOnAfterItsLastSeq() {
        sequence.begin("cluster-epoch");
        hub.backfill(metrics(41, 50), 50);
        assertThat(hub.history().size()).isEqualTo(10);
        assertThat(hub.history().earliestSeq()).isEqualTo(41);
        assertThat(hub.history().lastEvictedSeq()).as("seqs 1 to 40 are gone").isEqualTo(40);
        assertThat(sequence.last()).isEqualTo(50);
        hub.start();
        assertThatThrownBy(() -> hub.backfill(List.of(), 0)).isInstanceOf(IllegalStateException.class);
        RecordingOutbound out = session();
        hub.receive(metrics(45, 52));
        await().until(() -> out.deliveries().size() == 2);
        assertThat(seqs(out)).containsExactly(51L, 52L);
    }

    @Test
    void aBackfillOfAnEmptyClusterMissesNothing() {
        sequence.begin("cluster-epoch");
        hub.backfill(List.of(), 0);
        assertThat(hub.history().lastEvictedSeq()).isZero();
        assertThat(sequence.last()).isZero();
    }

    @Test
    void aNewEpochDeliversTheOldOneFirstThenStartsItsHistoryAndClosesEveryClient() {
        sequence.begin("old-epoch");
        hub.start();
        RecordingOutbound out = session();
        MetricHistory before = hub.history();
        assertThat(hub.receive(metrics(1, 3))).isTrue();

        assertThat(hub.resetEpoch("new-epoch", metrics(4, 5), 5)).isTrue();

        await().until(() -> !out.closeReasons().isEmpty());
        assertThat(seqs(out)).as("the old epoch's metrics, delivered before the close").containsExactly(1L, 2L, 3L);
        assertThat(out.closeReasons()).containsExactly(CloseReason.CLUSTER_EPOCH_CHANGED);
        assertThat(sequence.epoch()).isEqualTo("new-epoch");
        assertThat(sequence.last()).isEqualTo(5);
        assertThat(hub.history().epoch()).isEqualTo("new-epoch");
        assertThat(hub.history().earliestSeq()).isEqualTo(4);
        assertThat(hub.history().lastSeq()).isEqualTo(5);
        assertThat(hub.history().lastEvictedSeq()).as("seqs 1 to 3 of the new epoch were never held").isEqualTo(3);
        assertThat(before.epoch()).as("the old history is left whole for a replay still reading it")
                .isEqualTo("old-epoch");
        assertThat(hub.sessionCurrent(before, Runnable::run)).isFalse();
        assertThat(hub.sessionCurrent(hub.history(), Runnable::run)).isTrue();

        RecordingOutbound next = session();
        hub.receive(metrics(5, 7));
        await().until(() -> next.deliveries().size() == 2);
        assertThat(seqs(next)).as("the new epoch goes on after the seq it was read at").containsExactly(6L, 7L);
        assertThat(next.closeReasons()).isEmpty();
        assertThat(seqs(out)).as("no metric of the new epoch reached a session of the old").containsExactly(1L, 2L, 3L);
    }

    @Test
    void aNewEpochOfAnEmptyClusterStartsAtSeqOne() {
        sequence.begin("old-epoch");
        hub.start();
        hub.receive(metrics(1, 9));
        await().until(() -> sequence.last() == 9);

        hub.resetEpoch("new-epoch", List.of(), 0);
        RecordingOutbound out = new RecordingOutbound();
        await().until(() -> hub.history().epoch().equals("new-epoch"));
        hub.register(new ClientSession("client_2", out, clock, IMMEDIATE, TYPES, stats), Runnable::run);
        hub.receive(metrics(1, 2));

        await().until(() -> out.deliveries().size() == 2);
        assertThat(seqs(out)).containsExactly(1L, 2L);
        assertThat(hub.history().lastEvictedSeq()).isZero();
        assertThat(stats.totalMetricsDropped()).isZero();
    }

    @Test
    void onlyANodeOfAClusterChangesEpoch() {
        Hub alone = new Hub(16, 1_000_000_000L, clock::nanoTime, new LocalSequencer(), stats, new ClientRegistry(1));
        assertThatThrownBy(() -> alone.resetEpoch("e", List.of(), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLoopDeliversTheOldEpochToItsOldSessionsOnlyAndTakesNewOnesOnceItPassedTheChange() {
        sequence.begin("old-epoch");
        hub.start();
        LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        AtomicBoolean holding = new AtomicBoolean(true);
        // the loop's tasks wait for the test to run them, until the end (the hub's stop runs them inline)
        Executor loop = task -> {
            if (holding.get()) {
                tasks.add(task);
            } else {
                task.run();
            }
        };
        RecordingOutbound old = new RecordingOutbound();
        MetricHistory oldHistory = hub.history();
        hub.register(new ClientSession("client_old", old, clock, IMMEDIATE, TYPES, stats, oldHistory), loop);
        assertThat(hub.sessionCurrent(oldHistory, loop)).isTrue();
        hub.receive(metrics(1, 3));
        hub.resetEpoch("new-epoch", List.of(), 0);
        await().until(() -> hub.history().epoch().equals("new-epoch"));
        await().until(() -> tasks.size() >= 1);
        MetricHistory fresh = hub.history();
        assertThat(hub.sessionCurrent(oldHistory, loop)).as("opened on the old history").isFalse();
        assertThat(hub.sessionCurrent(fresh, loop)).as("the loop has not passed the change yet: the old epoch's "
                + "chunks are still queued for it").isFalse();

        runUntil(tasks, () -> !old.closeReasons().isEmpty());

        assertThat(seqs(old)).containsExactly(1L, 2L, 3L);
        assertThat(old.closeReasons()).containsExactly(CloseReason.CLUSTER_EPOCH_CHANGED);
        assertThat(hub.sessionCurrent(fresh, loop)).isTrue();
        RecordingOutbound next = new RecordingOutbound();
        hub.register(new ClientSession("client_new", next, clock, IMMEDIATE, TYPES, stats, fresh), loop);
        hub.receive(metrics(1, 2));
        runUntil(tasks, () -> next.deliveries().size() == 2);
        assertThat(seqs(next)).containsExactly(1L, 2L);
        assertThat(next.closeReasons()).isEmpty();
        assertThat(seqs(old)).as("nothing of the new epoch for the old session").containsExactly(1L, 2L, 3L);
        holding.set(false);
        runUntil(tasks, () -> true);
    }

    /** Runs the loop's queued tasks, as its thread would, until {@code done}. */
    private static void runUntil(Queue<Runnable> tasks, BooleanSupplier done) {
        await().until(() -> {
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run();
            }
            return done.getAsBoolean();
        });
    }
}
