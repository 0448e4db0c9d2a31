package io.metricsstreamer.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.DeliveryConfig;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.testing.RecordingOutbound;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The session set of one loop: adds and removes in any order, and removals made while a delivery pass runs. */
class LoopShardTest {
    private static final MetricTypes TYPES = MetricTypes.builtIns();
    private static final DeliveryConfig IMMEDIATE = new DeliveryConfig(1, 0, 100_000, 1_000_000_000L);

    private final ServerStats stats = new ServerStats();
    private final ManualScheduler clock = new ManualScheduler();
    private final LoopShard shard = new LoopShard(Runnable::run);
    private long seq;

    private ClientSession session(String id, RecordingOutbound out) {
        return new ClientSession(id, out, clock, IMMEDIATE, TYPES, stats);
    }

    private List<PublishedMetric> metrics(int count) {
        List<PublishedMetric> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(PublishedMetric.encode(++seq, TYPES.require("system"), "2024-01-01T12:00:00Z",
                    JsonNodeFactory.instance.objectNode().put("n", i)));
        }
        return out;
    }

    @Test
    void sessionsAddedAndRemovedInAnyOrderAreExactlyTheOnesDeliveredTo() {
        List<RecordingOutbound> outs = new ArrayList<>();
        List<ClientSession> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordingOutbound out = new RecordingOutbound();
            ClientSession s = session("client_" + i, out);
            outs.add(out);
            sessions.add(s);
            shard.add(s);
        }
        for (int i = 0; i < 100; i += 3) {
            assertThat(shard.remove(sessions.get(i))).isTrue();
        }
        assertThat(shard.remove(sessions.get(0))).as("a second removal").isFalse();

        shard.deliver(metrics(2));

        for (int i = 0; i < 100; i++) {
            assertThat(outs.get(i).deliveries()).as("client_" + i).hasSize(i % 3 == 0 ? 0 : 2);
        }
        assertThat(shard.size()).isEqualTo(66);
        for (int i = 0; i < 100; i++) {
            shard.remove(sessions.get(i));
        }
        assertThat(shard.size()).isZero();
        shard.deliver(metrics(1));
        assertThat(outs).allSatisfy(out -> assertThat(out.deliveries()).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void sessionsRemovedDuringAPassNeitherDisturbTheOthersNorGetMore() {
        RecordingOutbound outA = new RecordingOutbound();
        RecordingOutbound outC = new RecordingOutbound();
        RecordingOutbound outD = new RecordingOutbound();
        ClientSession a = session("client_a", outA);
        ClientSession c = session("client_c", outC);
        ClientSession d = session("client_d", outD);
        List<ClientSession> closedByB = List.of(a, c);
        RecordingOutbound outB = new RecordingOutbound();
        ClientSession b = new ClientSession("client_b", new ClosingOthersOutbound(outB, closedByB), clock, IMMEDIATE,
                TYPES, stats);
        for (ClientSession s : List.of(a, b, c, d)) {
            shard.add(s);
        }

        shard.deliver(metrics(1));

        assertThat(outA.deliveries()).as("before the removal").hasSize(1);
        assertThat(outB.deliveries()).hasSize(1);
        assertThat(outC.deliveries()).as("removed before its turn").isEmpty();
        assertThat(outD.deliveries()).as("after the removed ones: not skipped").hasSize(1);
        assertThat(shard.size()).isEqualTo(2);

        shard.deliver(metrics(1));

        assertThat(outA.deliveries()).hasSize(1);
        assertThat(outB.deliveries()).hasSize(2);
        assertThat(outC.deliveries()).isEmpty();
        assertThat(outD.deliveries()).hasSize(2);
    }

    @Test
    void aSessionRemovedDuringItsOwnDeliveryAndOneAddedDuringThePassAreHandledAfterIt() {
        RecordingOutbound outA = new RecordingOutbound();
        RecordingOutbound outLate = new RecordingOutbound();
        ClientSession a = session("client_a", outA);
        ClientSession late = session("client_late", outLate);
        List<ClientSession> self = new ArrayList<>();
        AtomicBoolean added = new AtomicBoolean();
        RecordingOutbound outB = new RecordingOutbound();
        ClientSession b = new ClientSession("client_b", new ClosingOthersOutbound(outB, self) {
            @Override
            public void write(SlicedFrame frame) {
                super.write(frame);
                if (!added.getAndSet(true)) {
                    shard.add(late);
                }
            }
        }, clock, IMMEDIATE, TYPES, stats);
        self.add(b);
        shard.add(a);
        shard.add(b);
        for (int i = 0; i < 20; i++) {
            shard.add(session("client_" + i, new RecordingOutbound()));
        }

        shard.deliver(metrics(1));

        assertThat(outB.deliveries()).hasSize(1);
        assertThat(outLate.deliveries()).as("added during the pass: not part of it").isEmpty();
        assertThat(shard.size()).isEqualTo(22);

        shard.deliver(metrics(1));

        assertThat(outA.deliveries()).hasSize(2);
        assertThat(outB.deliveries()).as("removed itself").hasSize(1);
        assertThat(outLate.deliveries()).hasSize(1);
    }

    /** Records like its delegate, and on its first write closes and removes other sessions of the loop. */
    private class ClosingOthersOutbound implements Outbound {
        private final RecordingOutbound delegate;
        private final List<ClientSession> toClose;

        ClosingOthersOutbound(RecordingOutbound delegate, List<ClientSession> toClose) {
            this.delegate = delegate;
            this.toClose = toClose;
        }

        @Override
        public void sendControl(String json) {
            delegate.sendControl(json);
        }

        @Override
        public void write(SlicedFrame frame) {
            delegate.write(frame);
            for (ClientSession s : toClose) {
                if (!s.isClosed()) {
                    // As the transport does when a channel goes inactive during the pass.
                    s.onClosed();
                    assertThat(shard.remove(s)).isTrue();
                }
            }
        }

        @Override
        public boolean flush() {
            return delegate.flush();
        }

        @Override
        public boolean isWritable() {
            return delegate.isWritable();
        }

        @Override
        public void close(CloseReason reason) {
            delegate.close(reason);
        }
    }
}
