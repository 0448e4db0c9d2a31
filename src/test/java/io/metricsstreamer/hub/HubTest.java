package io.metricsstreamer.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HubTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final Instant WHEN = Instant.parse("2024-01-01T12:00:00.123456Z");
    /** Every metric is delivered at once as a {@code metric_update}. */
    private static final DeliveryConfig IMMEDIATE = new DeliveryConfig(1, 0, 100_000, 1_000_000_000L);
    private static final long MAX_LAG_NANOS = 1_000_000_000L;

    private final ServerStats stats = new ServerStats();
    private final ClientRegistry registry = new ClientRegistry(100);
    private final ManualScheduler clock = new ManualScheduler();
    /** Opened after each test, so that a dispatcher blocked by a test's loop never outlives it. */
    private final CountDownLatch release = new CountDownLatch(1);
    private Hub hub = newHub(1024);

    @AfterEach
    void stopHub() {
        release.countDown();
        CompletableFuture.supplyAsync(hub::drainAndStop).thenCompose(done -> done)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    private Hub newHub(int capacity) {
        return new Hub(capacity, MAX_LAG_NANOS, clock::nanoTime, new LocalSequencer(), stats, registry);
    }

    private static MetricEnvelope envelope(String type, int publisher, int n) {
        return new MetricEnvelope(TYPES.require(type), WHEN,
                JsonNodeFactory.instance.objectNode().put("publisher", publisher).put("n", n));
    }

    private static List<MetricEnvelope> envelopes(int count) {
        List<MetricEnvelope> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(envelope("system", 0, i));
        }
        return out;
    }

    private RecordingOutbound registerSession(String id, DeliveryConfig config, Executor loop) {
        RecordingOutbound out = new RecordingOutbound();
        hub.register(new ClientSession(id, out, clock, config, TYPES, stats), loop);
        return out;
    }

    private static List<JsonNode> envelopesReceived(RecordingOutbound out) {
        List<JsonNode> envelopes = new ArrayList<>();
        for (JsonNode d : out.deliveries()) {
            if (d.get("type").textValue().equals("metric_batch")) {
                d.get("data").forEach(envelopes::add);
            } else {
                envelopes.add(d.get("data"));
            }
        }
        return envelopes;
    }

    @Test
    void publishAllIsAllOrNothingAgainstCapacityAndCountsRefusals() throws Exception {
        hub = newHub(4);
        CountDownLatch dispatcherBlocked = new CountDownLatch(1);
        Executor blockingLoop = blockingLoop(dispatcherBlocked);
        RecordingOutbound out = registerSession("client_1", IMMEDIATE, blockingLoop);
        hub.start();
        hub.publish(envelope("system", 9, 0));
        assertThat(dispatcherBlocked.await(10, TimeUnit.SECONDS)).as("the dispatcher took the first metric").isTrue();

        assertThat(hub.publishAll(envelopes(3))).isTrue();
        assertThat(hub.publishAll(envelopes(2))).as("2 more do not fit: none is taken").isFalse();
        assertThat(hub.queueSize()).isEqualTo(3);
        assertThat(hub.publishAll(envelopes(1))).isTrue();
        assertThat(hub.publish(envelope("hero", 0, 0))).isFalse();
        assertThat(hub.queueSize()).isEqualTo(4);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> out.deliveries().size() == 5);
        assertThat(envelopesReceived(out)).extracting(e -> e.get("metric_type").textValue())
                .containsOnly("system");
        assertThat(stats.totalMetricsPublished()).isEqualTo(5);
        assertThat(stats.totalIngressDropped()).isEqualTo(3);
        assertThat(stats.totalMetricsDropped()).isEqualTo(3);
    }

    @Test
    void refusesPublishingWhileFanOutIsBehindByMoreThanTheMaximumLagThenAcceptsAgain() throws Exception {
        CountDownLatch dispatcherBlocked = new CountDownLatch(1);
        Executor blockingLoop = blockingLoop(dispatcherBlocked);
        RecordingOutbound out = registerSession("client_1", IMMEDIATE, blockingLoop);
        hub.start();
        assertThat(hub.offer(envelopes(1))).isEqualTo(Admission.ACCEPTED);
        assertThat(dispatcherBlocked.await(10, TimeUnit.SECONDS)).as("the dispatcher holds the first metric").isTrue();

        clock.advance(MAX_LAG_NANOS);
        assertThat(hub.offer(envelopes(2))).as("exactly the maximum lag behind: still taken")
                .isEqualTo(Admission.ACCEPTED);
        clock.advance(1);
        assertThat(hub.offer(envelopes(3))).as("further behind: refused whole").isEqualTo(Admission.BEHIND);
        assertThat(hub.publish(envelope("hero", 0, 0))).isFalse();
        assertThat(hub.queueSize()).isEqualTo(2);
        assertThat(stats.totalIngressDropped()).isEqualTo(4);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.deliveries().size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.offer(envelopes(1)) == Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.deliveries().size() == 4);
        assertThat(stats.totalMetricsPublished()).isEqualTo(4);
        assertThat(Admission.BEHIND.reason()).contains("behind");
    }

    @Test
    void aStoppedHubRefusesWithItsReason() {
        hub.start();
        hub.drainAndStop().join();
        assertThat(hub.offer(envelopes(2))).isEqualTo(Admission.STOPPED);
        assertThat(Admission.STOPPED.reason()).isEqualTo("server is stopping");
        assertThat(stats.totalIngressDropped()).isEqualTo(2);
    }

    @Test
    void chunksPostedWhileALoopIsBusyAreDeliveredByOneTaskWithOneFlushPerClient() {
        ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        AtomicBoolean busy = new AtomicBoolean(true);
        Executor busyLoop = task -> {
            if (busy.get()) {
                tasks.add(task);
            } else {
                task.run();
            }
        };
        RecordingOutbound first = registerSession("client_1", IMMEDIATE, busyLoop);
        RecordingOutbound second = registerSession("client_2", IMMEDIATE, busyLoop);
        hub.start();

        hub.publishAll(envelopes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.size() == 1);
        hub.publishAll(envelopes(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.queueSize() == 0);
        assertThat(tasks).as("the second chunk joined the task already queued").hasSize(1);

        tasks.poll().run();

        for (RecordingOutbound out : List.of(first, second)) {
            assertThat(envelopesReceived(out)).extracting(e -> e.get("seq").longValue())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(out.flushCount()).as("one flush for both chunks").isEqualTo(1);
        }
        assertThat(tasks).isEmpty();
        busy.set(false);
    }

    @Test
    void aSessionThatFailsCostsNeitherTheOtherSessionsNorTheHubItsInFlightCount() throws Exception {
        hub = newHub(4096);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            hub.register(new ClientSession("client_broken", new FailingOutbound(), clock, IMMEDIATE, TYPES, stats),
                    loop);
            RecordingOutbound healthy = registerSession("client_ok", IMMEDIATE, loop);
            hub.start();
            int total = 3 * Hub.MAX_METRICS_IN_FLIGHT;
            for (int i = 0; i < 3; i++) {
                assertThat(hub.publishAll(envelopes(Hub.MAX_METRICS_IN_FLIGHT))).isTrue();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.deliveries().size() == total);
            assertThat(hub.offer(envelopes(1))).isEqualTo(Admission.ACCEPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> healthy.deliveries().size() == total + 1);
        } finally {
            loop.shutdown();
        }
    }

    /** An outbound whose every delivery write fails, as a bug in a transport might. */
    private static final class FailingOutbound implements Outbound {
        @Override
        public void sendControl(String json) {
        }

        @Override
        public void write(SlicedFrame frame) {
            throw new IllegalStateException("write failed (test)");
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void close(CloseReason reason) {
        }
    }

    /** A loop that runs each task on the posting thread once the test ends, holding the dispatcher until then. */
    private Executor blockingLoop(CountDownLatch dispatcherBlocked) {
        return task -> {
            dispatcherBlocked.countDown();
            awaitQuietly(release);
            task.run();
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void metricsAreRefusedAndCountedBeforeStart() {
        assertThat(hub.publish(envelope("system", 0, 0))).isFalse();
        assertThat(hub.publishAll(List.of())).isFalse();

        assertThat(stats.totalIngressDropped()).isEqualTo(1);
        assertThat(hub.queueSize()).isZero();
    }

    @Test
    void anEmptyPublishIsAcceptedWhileRunningAndCountsNothing() {
        hub.start();

        assertThat(hub.publishAll(List.of())).isTrue();

        assertThat(stats.totalMetricsPublished()).isZero();
        assertThat(stats.totalIngressDropped()).isZero();
    }

    @Test
    void metricsReachSessionsRegisteredViaADirectExecutorWithSeqAndWireTimestamp() {
        RecordingOutbound out = registerSession("client_1", IMMEDIATE, Runnable::run);
        hub.start();

        assertThat(hub.publishAll(List.of(envelope("system", 0, 0), envelope("hero", 0, 1)))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.deliveries().size() == 2);

        List<JsonNode> received = envelopesReceived(out);
        assertThat(received).extracting(e -> e.get("seq").longValue()).containsExactly(1L, 2L);
        assertThat(received).extracting(e -> e.get("metric_type").textValue()).containsExactly("system", "hero");
        assertThat(received.get(0).get("timestamp").textValue()).isEqualTo("2024-01-01T12:00:00.123456Z");
        assertThat(received.get(1).get("data")).isEqualTo(envelope("hero", 0, 1).data());
        assertThat(out.flushCount()).isPositive();
        assertThat(hub.queueSize()).isZero();
        assertThat(registry.count()).isEqualTo(1);
        assertThat(stats.totalClientsConnected()).isEqualTo(1);
    }

    @Test
    void everySessionOfEveryLoopReceivesEveryMetric() {
        Executor loopA = Runnable::run;
        Executor loopB = Runnable::run;
        List<RecordingOutbound> outs = List.of(registerSession("client_1", IMMEDIATE, loopA),
                registerSession("client_2", IMMEDIATE, loopA), registerSession("client_3", IMMEDIATE, loopB));
        hub.start();

        hub.publishAll(envelopes(50));

        for (RecordingOutbound out : outs) {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.deliveries().size() == 50);
            assertThat(envelopesReceived(out)).extracting(e -> e.get("seq").longValue()).isSorted().hasSize(50);
        }
    }

    @Test
    void seqIsStrictlyIncreasingAcrossPublishersOnSeveralThreads() throws Exception {
        int publishers = 4;
        int perPublisher = 500;
        hub = newHub(publishers * perPublisher);
        RecordingOutbound out = registerSession("client_1", IMMEDIATE, Runnable::run);
        hub.start();

        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                done.add(pool.submit(() -> publishInTurns(go, publisher, perPublisher)));
            }
            go.countDown();
            for (Future<Boolean> d : done) {
                assertThat(d.get(20, TimeUnit.SECONDS)).as("every publish was taken").isTrue();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> out.deliveries().size() == publishers * perPublisher);
        } finally {
            pool.shutdownNow();
        }

        List<JsonNode> received = envelopesReceived(out);
        assertThat(received).extracting(e -> e.get("seq").longValue()).doesNotHaveDuplicates().isSorted();
        Map<Integer, List<Integer>> byPublisher = new HashMap<>();
        for (JsonNode e : received) {
            byPublisher.computeIfAbsent(e.get("data").get("publisher").intValue(), k -> new ArrayList<>())
                    .add(e.get("data").get("n").intValue());
        }
        assertThat(byPublisher).hasSize(publishers);
        byPublisher.values().forEach(ns -> assertThat(ns).hasSize(perPublisher).isSorted().doesNotHaveDuplicates());
        assertThat(stats.totalMetricsPublished()).isEqualTo(publishers * perPublisher);
        assertThat(stats.totalIngressDropped()).isZero();
    }

    /** Publishes {@code count} metrics in turns of single publishes and pairs; true when every one was taken. */
    private boolean publishInTurns(CountDownLatch go, int publisher, int count) throws InterruptedException {
        go.await();
        boolean allTaken = true;
        for (int n = 0; n < count; n += 2) {
            boolean taken = n % 4 == 0
                    ? hub.publish(envelope("system", publisher, n)) && hub.publish(envelope("agent", publisher, n + 1))
                    : hub.publishAll(List.of(envelope("hero", publisher, n), envelope("business", publisher, n + 1)));
            allTaken &= taken;
        }
        return allTaken;
    }

    @Test
    void anUnregisteredSessionIsClosedAndGetsNothingMore() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            RecordingOutbound stays = new RecordingOutbound();
            RecordingOutbound leaves = new RecordingOutbound();
            ClientSession staying = new ClientSession("client_1", stays, clock, IMMEDIATE, TYPES, stats);
            ClientSession leaving = new ClientSession("client_2", leaves, clock, IMMEDIATE, TYPES, stats);
            loop.submit(() -> {
                hub.register(staying, loop);
                hub.register(leaving, loop);
            }).get();
            hub.start();
            hub.publish(envelope("system", 0, 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> leaves.deliveries().size() == 1);

            loop.submit(() -> hub.unregister(leaving, loop)).get();
            hub.publish(envelope("system", 0, 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> stays.deliveries().size() == 2);
            loop.submit(() -> { }).get();

            assertThat(leaves.deliveries()).hasSize(1);
            assertThat(leaving.isClosed()).isTrue();
            assertThat(registry.contains("client_2")).isFalse();
            assertThat(registry.count()).isEqualTo(1);
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void drainAndStopDeliversWhatWasQueuedFlushesPendingAndRefusesMore() {
        RecordingOutbound out = registerSession("client_1", new DeliveryConfig(100, 60_000_000_000L, 1000,
                1_000_000_000L), Runnable::run);
        hub.start();
        hub.publishAll(envelopes(3));

        hub.drainAndStop().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(out.deliveries()).singleElement().satisfies(batch -> {
            assertThat(batch.get("type").textValue()).isEqualTo("metric_batch");
            assertThat(batch.get("count").intValue()).isEqualTo(3);
        });
        assertThat(out.flushCount()).isEqualTo(1);
        assertThat(hub.offer(List.of())).as("not accepting").isEqualTo(Admission.STOPPED);
        assertThat(hub.publish(envelope("system", 0, 9))).isFalse();
        assertThat(stats.totalIngressDropped()).isEqualTo(1);
    }
}
