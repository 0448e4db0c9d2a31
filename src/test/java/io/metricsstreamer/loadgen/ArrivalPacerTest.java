package io.metricsstreamer.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pacer on a real clock: every start handed over at or after its due time, in order, none lost or repeated. */
class ArrivalPacerTest {
    private static LoadProfile sustained(double tps, double seconds) {
        return LoadProfile.builder().profileType(ProfileType.SUSTAINED).startTps(tps).peakTps(tps)
                .sustainedTps(tps).durationSeconds(seconds).build();
    }

    @Test
    void handsEveryStartOverInOrderAndNeverBeforeItIsDue() throws InterruptedException {
        LoadProfile profile = sustained(2_000, 0.5);
        List<long[]> handed = new ArrayList<>();
        ArrivalPacer pacer = new ArrivalPacer(profile, (intended, count) -> {
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                handed.add(new long[] {intended[i], now});
            }
        });
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);

        long n = pacer.run(start);

        ArrivalSchedule expected = new ArrivalSchedule(profile);
        assertThat(n).isEqualTo(new ArrivalSchedule(profile).count()).isEqualTo(handed.size());
        for (long[] h : handed) {
            assertThat(h[0]).as("the intended start").isEqualTo(start + expected.next());
            assertThat(h[1]).as("handed over at or after it is due").isGreaterThanOrEqualTo(h[0]);
        }
        assertThat(expected.next()).isEqualTo(ArrivalSchedule.END);
    }

    @Test
    void stopEndsTheScheduleFromAnotherThreadEvenWhileItWaits() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        // one start a second: after the first, the pacer waits (parks, then spins) for almost a second
        ArrivalPacer pacer = new ArrivalPacer(sustained(1, 60), (intended, count) -> first.countDown());
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return pacer.run(System.nanoTime());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        pacer.stop();

        assertThat(run.get(10, TimeUnit.SECONDS)).isBetween(1L, 2L);
        assertThat(pacer.stopped()).isTrue();
    }
}
