package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.ManualScheduler;
import io.metricsstreamer.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session's flush timer: one at most, the earliest asked for, cancelled when the pending list is discarded; and the
 * update interval counted from the last delivery. The timer runs the session's {@link ClientSession#onFlushTimer}.
 */
class PendingDeliveriesTest {
    private static final long MS = 1_000_000L;

    private final DeliveryFixture fx = new DeliveryFixture();
    private final ManualScheduler loop = fx.loop;
    private final DeliveryConfig config = DeliveryFixture.config(10, Duration.ofMillis(500), 100);
    private final PendingDeliveries deliveries = new PendingDeliveries(fx.out, loop, config, new SessionCounters(),
            fx.session(config), nanos -> { });

    @Test
    void keepsTheEarlierTimerAndReplacesALaterOne() {
        long now = loop.nanoTime();
        deliveries.fireWithin(now, 100 * MS);
        deliveries.fireWithin(now, 300 * MS);
        assertThat(loop.pendingTasks()).isEqualTo(1);
        loop.advance(100 * MS);
        assertThat(deliveries.timerSet()).as("a later time does not replace an earlier timer").isFalse();
        assertThat(loop.pendingTasks()).isZero();

        now = loop.nanoTime();
        deliveries.fireWithin(now, 200 * MS);
        deliveries.fireWithin(now, 50 * MS);
        assertThat(loop.pendingTasks()).as("the later timer was cancelled").isEqualTo(1);
        loop.advance(49 * MS);
        assertThat(deliveries.timerSet()).isTrue();
        loop.advance(MS);
        assertThat(deliveries.timerSet()).as("an earlier time replaces the timer").isFalse();
        assertThat(loop.pendingTasks()).isZero();
    }

    @Test
    void aDeliverysLatencyIsSampledFromItsOldestMetricAtMostOnceASecondPerClient() {
        List<Long> samples = new ArrayList<>();
        PendingDeliveries sampled = new PendingDeliveries(fx.out, loop, config, new SessionCounters(),
                fx.session(config), samples::add);
        long now = loop.nanoTime();
        byte[] data = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        MetricType system = DeliveryFixture.TYPES.require("system");

        sampled.add(PublishedMetric.encode(1, system, DeliveryFixture.TIMESTAMP, data, now - 30 * MS).encoded(), now);
        sampled.add(PublishedMetric.encode(2, system, DeliveryFixture.TIMESTAMP, data, now - 10 * MS).encoded(), now);
        sampled.deliver(now, null);
        sampled.add(PublishedMetric.encode(3, system, DeliveryFixture.TIMESTAMP, data, now - 5 * MS).encoded(), now);
        sampled.deliver(now + 999 * MS, null);
        sampled.add(PublishedMetric.encode(4, system, DeliveryFixture.TIMESTAMP, data, now).encoded(), now);
        sampled.deliver(now + 1_000 * MS, null);

        assertThat(samples).as("the oldest metric's wait; the second delivery within the second is not sampled")
                .containsExactly(30 * MS, 1_000 * MS);
    }

    @Test
    void discardCancelsTheTimerAndEmptiesTheList() {
        deliveries.add(fx.metric("system").encoded(), loop.nanoTime());
        deliveries.fireWithin(loop.nanoTime(), MS);
        deliveries.discard();
        assertThat(deliveries.timerSet()).isFalse();
        assertThat(loop.pendingTasks()).isZero();
        assertThat(deliveries.queue().isEmpty()).isTrue();
    }

    @Test
    void plansTheUpdateIntervalFromTheLastDeliveryButNotBeforeTheFirst() {
        long interval = 2_000 * MS;
        long now = loop.nanoTime();
        for (int i = 0; i < 10; i++) {
            deliveries.add(fx.metric("system").encoded(), now);
        }
        deliveries.plan(now, interval, null);
        assertThat(fx.out.deliveries()).as("a full batch, no delivery yet: now").hasSize(1);

        for (int i = 0; i < 10; i++) {
            deliveries.add(fx.metric("system").encoded(), now);
        }
        deliveries.plan(now + 500 * MS, interval, null);
        assertThat(fx.out.deliveries()).as("a full batch within the interval waits").hasSize(1);
        assertThat(deliveries.timerSet()).isTrue();
        loop.advance(1_499 * MS);
        assertThat(deliveries.timerSet()).isTrue();
    }
}
