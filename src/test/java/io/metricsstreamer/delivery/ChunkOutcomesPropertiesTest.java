package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessageParser;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Sharing outcomes between clients in step, and skipping chunks while parked, change nothing any client receives:
 * the same scenario (clients with various subscriptions, filters, intervals and join times, some parked for a while;
 * chunks of mixed metrics; time passing between them) is played on one loop whose clients share a
 * {@link LoopDeliveryState} and take whole chunks ({@link ClientSession#offerAll}), and on loops of one client
 * each that is offered metric by metric ({@link ClientSession#offer}), where nothing is shared or skipped. Every
 * client must get the same frames, counts and pending list in both.
 */
class ChunkOutcomesPropertiesTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final String[] TYPE_NAMES = {"system", "agent", "business"};
    private static final String[] SETUPS = {
        null,
        "{\"type\":\"subscribe\",\"metric_types\":[\"system\"]}",
        "{\"type\":\"subscribe\",\"metric_types\":[\"agent\",\"business\"]}",
        "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"]}}",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":[\"n\"]}}",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"system\":[\"n\"]}}}",
        "{\"type\":\"set_filters\",\"filters\":{\"fields\":{\"SYSTEM\":[\"n\",\"n\"]}}}",
        "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"a1\"],\"fields\":{\"agent\":[\"x\"],"
                + "\"business\":[]}}}",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":0.1}",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":0,\"mode\":\"latest\"}",
        "{\"type\":\"set_update_interval\",\"interval_seconds\":0.1,\"mode\":\"latest\"}",
        "{\"type\":\"set_aggregation\",\"window_seconds\":0.1,\"function\":\"max\"}",
    };

    /** How many of the first setups leave a client able to share outcomes (the rest take it out of step). */
    private static final int IN_STEP_SETUPS = 8;

    /** One client: what it sends when it connects, the chunk before which it connects, when it is parked. */
    record ClientPlan(int setup, int joinsAt, int parkedFrom, int parkedUntil) {
    }

    /** A chunk: its metrics as (type, agent) pairs, and the milliseconds that pass after it. */
    record ChunkPlan(List<int[]> metrics, int millisAfter) {
    }

    record Scenario(int batchSize, int maxPending, long slowClientBytes, List<ClientPlan> clients,
                    List<ChunkPlan> chunks) {
    }

    /** One world: a manual loop, its clients, and either one shared cache or one per client. */
    private static final class World {
        final ManualScheduler loop = new ManualScheduler();
        final ServerStats stats = new ServerStats();
        final ClientMessageParser parser = new ClientMessageParser(TYPES);
        final List<RecordingOutbound> outs = new ArrayList<>();
        final List<ClientSession> sessions = new ArrayList<>();
        final List<LoopDeliveryState> loopStates = new ArrayList<>();
        final boolean shared;

        World(Scenario s, boolean shared) {
            this.shared = shared;
            DeliveryConfig config = new DeliveryConfig(s.batchSize(), Duration.ofMillis(50).toNanos(),
                    s.maxPending(), Duration.ofSeconds(10).toNanos(), s.slowClientBytes());
            LoopDeliveryState one = new LoopDeliveryState();
            for (int i = 0; i < s.clients().size(); i++) {
                RecordingOutbound out = new RecordingOutbound();
                outs.add(out);
                sessions.add(new ClientSession("c" + i, out, loop, config, TYPES, stats));
                loopStates.add(shared ? one : new LoopDeliveryState());
                sessions.get(i).attach(loopStates.get(i));
            }
        }

        private int at;

        /** Plays chunk {@code chunk} of the scenario: joins, parking changes, the chunk, then the time after it. */
        void step(Scenario s, List<PublishedMetric> published, int chunk) {
            for (int i = 0; i < s.clients().size(); i++) {
                ClientPlan c = s.clients().get(i);
                if (c.joinsAt() == chunk && SETUPS[c.setup()] != null) {
                    send(sessions.get(i), SETUPS[c.setup()]);
                }
                if (c.parkedFrom() == chunk) {
                    outs.get(i).setWritable(false);
                    sessions.get(i).onUnwritable();
                    sessions.get(i).onWritabilityChanged(false);
                }
                if (c.parkedUntil() == chunk) {
                    outs.get(i).setWritable(true);
                    sessions.get(i).onWritabilityChanged(true);
                }
            }
            int n = s.chunks().get(chunk).metrics().size();
            List<PublishedMetric> metrics = published.subList(at, at + n);
            at += n;
            long now = loop.nanoTime();
            for (int i = 0; i < sessions.size(); i++) {
                if (s.clients().get(i).joinsAt() > chunk) {
                    continue;
                }
                if (shared) {
                    sessions.get(i).offerAll(metrics, loopStates.get(i), now);
                } else {
                    for (PublishedMetric m : metrics) {
                        sessions.get(i).offer(m, loopStates.get(i), now);
                    }
                }
                sessions.get(i).flushWrites();
            }
            loopStates.forEach(LoopDeliveryState::endChunk);
            loop.advance(Duration.ofMillis(s.chunks().get(chunk).millisAfter()));
        }

        /** Every client drains at the end, so what a parked one skipped is delivered. */
        void drainAll() {
            for (int i = 0; i < sessions.size(); i++) {
                outs.get(i).setWritable(true);
                sessions.get(i).onWritabilityChanged(true);
            }
            loop.advance(Duration.ofSeconds(1));
        }

        long dropped(int client) {
            return sessions.get(client).snapshot(loop.nanoTime()).metricsDropped();
        }

        int pending(int client) {
            return sessions.get(client).snapshot(loop.nanoTime()).pendingMetrics();
        }

        private void send(ClientSession session, String text) {
            try {
                session.onMessage(parser.parse(text));
            } catch (ProtocolException e) {
                throw new AssertionError(e);
            }
        }

        long replays() {
            return loopStates.stream().distinct().mapToLong(LoopDeliveryState::replays).sum();
        }
    }

    @Property(tries = 300)
    void sharingOutcomesAndSkippingWhileParkedChangeNothingAnyClientReceives(@ForAll("scenarios") Scenario s) {
        List<PublishedMetric> published = new ArrayList<>();
        long seq = 0;
        for (ChunkPlan chunk : s.chunks()) {
            for (int[] m : chunk.metrics()) {
                String data = "{\"agent_id\":\"a" + m[1] + "\",\"n\":" + (seq + 1) + ",\"x\":true}";
                published.add(PublishedMetric.encode(++seq, TYPES.require(TYPE_NAMES[m[0]]),
                        "2024-01-01T12:00:00.000000Z", DeliveryFixture.json(data)));
            }
        }
        World shared = new World(s, true);
        World alone = new World(s, false);

        for (int chunk = 0; chunk < s.chunks().size(); chunk++) {
            shared.step(s, published, chunk);
            alone.step(s, published, chunk);
            for (int i = 0; i < s.clients().size(); i++) {
                // A parked client that skips chunks counts its drops as they happen once it has skipped what it
                // keeps; until then the few older pending metrics it loses are counted when it catches up. So it
                // never counts more than a client offered metric by metric, and at most its pending list when it
                // parked plus what it skipped before it passed what it keeps (each under max-pending) fewer.
                long lag = alone.dropped(i) - shared.dropped(i);
                assertThat(lag).as("client %d after chunk %d", i, chunk).isBetween(0L, 2L * s.maxPending());
                if (lag == 0) {
                    assertThat(shared.pending(i)).as("client %d after chunk %d", i, chunk).isEqualTo(alone.pending(i));
                }
            }
        }
        shared.drainAll();
        alone.drainAll();

        Statistics.label("replayed").collect(shared.replays() > 0);
        Statistics.label("replayed").coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("dropped").collect(shared.stats.totalClientDropped() > 0);
        Statistics.label("dropped").coverage(c -> c.check(true).percentage(p -> p > 10));
        assertThat(alone.replays()).isZero();
        long now = shared.loop.nanoTime();
        for (int i = 0; i < s.clients().size(); i++) {
            assertThat(shared.outs.get(i).sent()).as("client %d", i).isEqualTo(alone.outs.get(i).sent());
            ClientSnapshot a = shared.sessions.get(i).snapshot(now);
            ClientSnapshot b = alone.sessions.get(i).snapshot(now);
            assertThat(a.messagesSent()).isEqualTo(b.messagesSent());
            assertThat(a.metricsDelivered()).isEqualTo(b.metricsDelivered());
            assertThat(a.metricsDropped()).isEqualTo(b.metricsDropped());
            assertThat(a.pendingMetrics()).isEqualTo(b.pendingMetrics());
        }
        assertThat(shared.stats.totalMetricsDropped()).isEqualTo(alone.stats.totalMetricsDropped());
        assertThat(shared.stats.totalMetricsDelivered()).isEqualTo(alone.stats.totalMetricsDelivered());
        assertThat(shared.stats.totalMessagesSent()).isEqualTo(alone.stats.totalMessagesSent());
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<ClientPlan> client = Combinators.combine(
                // Setups a client can share outcomes in come three times as often as the others (an update interval,
                // latest mode, aggregation), so that sharing is still exercised in most scenarios.
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(0, IN_STEP_SETUPS - 1).edgeCases(e -> e.add(0))),
                        Tuple.of(1, Arbitraries.integers().between(IN_STEP_SETUPS, SETUPS.length - 1))),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 12)).as(ClientPlan::new);
        Arbitrary<int[]> metric = Combinators.combine(Arbitraries.integers().between(0, TYPE_NAMES.length - 1),
                Arbitraries.integers().between(1, 3)).as((t, a) -> new int[] {t, a});
        Arbitrary<ChunkPlan> chunk = Combinators.combine(metric.list().ofMinSize(1).ofMaxSize(40),
                Arbitraries.of(0, 5, 20, 60, 120)).as(ChunkPlan::new);
        return Combinators.combine(Arbitraries.of(1, 3, 10), Arbitraries.of(4, 10_000),
                Arbitraries.of(300L, 1_000L, 1L << 20), client.list().ofMinSize(2).ofMaxSize(7),
                chunk.list().ofMinSize(1).ofMaxSize(8)).as(Scenario::new);
    }
}
