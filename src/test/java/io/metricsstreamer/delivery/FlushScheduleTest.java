package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The flush timer of one session: one timer at most, the earliest asked for, and the interval after a delivery. */
class FlushScheduleTest {
    private static final long MS = 1_000_000L;

    private final ManualScheduler loop = new ManualScheduler();
    private final DeliveryConfig config = DeliveryFixture.config(10, Duration.ofMillis(500), 100);
    private int fired;
    private final FlushSchedule schedule = new FlushSchedule(loop, config, () -> fired++);

    @Test
    void keepsTheEarlierTimerAndReplacesALaterOne() {
        long now = loop.nanoTime();
        schedule.fireWithin(now, 100 * MS);
        schedule.fireWithin(now, 300 * MS);
        assertThat(loop.pendingTasks()).isEqualTo(1);
        loop.advance(100 * MS);
        assertThat(fired).as("a later time does not replace an earlier timer").isEqualTo(1);
        schedule.fired();

        now = loop.nanoTime();
        schedule.fireWithin(now, 200 * MS);
        schedule.fireWithin(now, 50 * MS);
        assertThat(loop.pendingTasks()).isEqualTo(1);
        loop.advance(50 * MS);
        assertThat(fired).as("an earlier time replaces the timer").isEqualTo(2);
        loop.advance(500 * MS);
        assertThat(fired).as("the replaced timer was cancelled").isEqualTo(2);
    }

    @Test
    void firedAndCancelLeaveNoTimerSet() {
        FlushSchedule[] self = new FlushSchedule[1];
        self[0] = new FlushSchedule(loop, config, () -> {
            self[0].fired();
            fired++;
        });
        self[0].fireWithin(loop.nanoTime(), MS);
        assertThat(self[0].isSet()).isTrue();
        loop.advance(MS);
        assertThat(fired).isEqualTo(1);
        assertThat(self[0].isSet()).isFalse();

        self[0].fireWithin(loop.nanoTime(), MS);
        self[0].cancel();
        assertThat(self[0].isSet()).isFalse();
        loop.advance(10 * MS);
        assertThat(fired).as("the cancelled timer did not fire").isEqualTo(1);
    }

    @Test
    void waitsTheUpdateIntervalAfterADeliveryButNotBeforeTheFirst() {
        PendingQueue pending = new PendingQueue(100);
        long now = loop.nanoTime();
        for (int i = 0; i < 10; i++) {
            pending.add(PublishedMetric.encode(i + 1, DeliveryFixture.TYPES.require("system"),
                    DeliveryFixture.TIMESTAMP, DeliveryFixture.json("{}")).encoded(), now);
        }
        long interval = 2_000 * MS;
        assertThat(schedule.nanosUntilFlush(now, pending, interval)).as("a full batch, no delivery yet").isZero();

        schedule.delivered(now);
        assertThat(schedule.nanosUntilFlush(now + 500 * MS, pending, interval)).isEqualTo(1_500 * MS);
        assertThat(schedule.nanosUntilFlush(now + 500 * MS, new PendingQueue(1), interval))
                .isEqualTo(FlushPolicy.NEVER);
    }
}
