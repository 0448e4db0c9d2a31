package io.metricsstreamer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.LoopScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
    private final ManualScheduler loop = new ManualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void timeMovesOnlyWhenAdvanced() {
        long start = loop.nanoTime();

        loop.advance(Duration.ofMillis(3));

        assertThat(start).isEqualTo(ManualScheduler.START_NANOS);
        assertThat(loop.nanoTime() - start).isEqualTo(3_000_000);
    }

    @Test
    void runsDueTasksInTimeOrderThenSchedulingOrderWithTheClockAtTheirDueTime() {
        List<Long> at = new ArrayList<>();
        long start = loop.nanoTime();
        loop.schedule(() -> record("c", at), 30);
        loop.schedule(() -> record("a", at), 10);
        loop.schedule(() -> record("b", at), 10);
        loop.schedule(() -> record("late", at), 31);

        loop.advance(30);

        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(at).containsExactly(start + 10, start + 10, start + 30);
        assertThat(loop.pendingTasks()).isEqualTo(1);
    }

    @Test
    void cancelledTasksNeverRun() {
        LoopScheduler.Cancellable task = loop.schedule(() -> ran.add("cancelled"), 5);
        loop.schedule(() -> ran.add("kept"), 5);

        task.cancel();
        loop.advance(10);

        assertThat(ran).containsExactly("kept");
        assertThat(loop.pendingTasks()).isZero();
    }

    @Test
    void tasksScheduledByATaskRunInTheSameAdvanceWhenDue() {
        loop.schedule(() -> {
            ran.add("first");
            loop.schedule(() -> ran.add("second"), 5);
            loop.schedule(() -> ran.add("too late"), 50);
        }, 5);

        loop.advance(10);

        assertThat(ran).containsExactly("first", "second");
        assertThat(loop.pendingTasks()).isEqualTo(1);
    }

    @Test
    void aZeroOrNegativeDelayRunsOnTheNextAdvance() {
        loop.schedule(() -> ran.add("now"), -5);
        assertThat(ran).isEmpty();

        loop.advance(0);

        assertThat(ran).containsExactly("now");
    }

    private void record(String name, List<Long> at) {
        ran.add(name);
        at.add(loop.nanoTime());
    }
}
