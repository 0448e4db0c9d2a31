package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open-loop pacing on a manual clock: what is due per tick, skipping when held up, intended times, wake-ups. */
class RatePacerTest {
    private static final long START = 5_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long TICK = 10 * MS;

    private final List<long[]> skips = new ArrayList<>();

    private RatePacer pacer(double rate, long phase, int maxPerPost) {
        return new RatePacer(rate, START, TICK, phase, maxPerPost, (from, to, now) -> skips.add(new long[] {from,
            to, now}));
    }

    /** Offers at {@code now} until nothing is due; returns the POST sizes. */
    private static List<Integer> drainAt(RatePacer p, long now) {
        List<Integer> posts = new ArrayList<>();
        for (int n = p.offer(now); n > 0; n = p.offer(now)) {
            posts.add(n);
            p.sent(n);
        }
        return posts;
    }

    @Test
    void halfOfOneHundredPerSecondIsOneMetricEveryOtherTick() {
        RatePacer p = pacer(50, 0, 1000);
        List<Integer> perTick = new ArrayList<>();
        for (int tick = 0; tick < 10; tick++) {
            perTick.add(drainAt(p, START + tick * TICK).stream().mapToInt(Integer::intValue).sum());
        }
        assertThat(perTick).containsExactly(1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
        assertThat(p.nextIndex()).isEqualTo(5);
        assertThat(p.skipped()).isZero();
    }

    @Test
    void aThousandPerSecondIsTenPerTickAfterTheFirst() {
        RatePacer p = pacer(1000, 0, 1000);
        assertThat(drainAt(p, START)).containsExactly(1);
        assertThat(drainAt(p, START + TICK)).containsExactly(10);
        assertThat(drainAt(p, START + 2 * TICK)).containsExactly(10);
        assertThat(p.target(START - 1)).isZero();
    }

    @Test
    void nothingIsDueBeforeTheStart() {
        RatePacer p = pacer(1000, 0, 1000);
        assertThat(p.offer(START - MS)).isZero();
    }

    @Test
    void aPublisherHeldUpLessThanOneHundredMillisecondsCatchesUpInFull() {
        RatePacer p = pacer(1000, 0, 1000);
        drainAt(p, START);

        assertThat(drainAt(p, START + 90 * MS)).containsExactly(90);
        assertThat(p.skipped()).isZero();
        assertThat(skips).isEmpty();
    }

    @Test
    void aPublisherHeldUpLongerSkipsToOneTickBehindAndCountsTheSkippedOffers() {
        RatePacer p = pacer(1000, 0, 1000);
        drainAt(p, START);

        List<Integer> posts = drainAt(p, START + 250 * MS);

        assertThat(posts).containsExactly(10);
        assertThat(p.skipped()).isEqualTo(240);
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0)).containsExactly(1, 241, START + 250 * MS);
        assertThat(p.nextIndex()).isEqualTo(251);
    }

    @Test
    void theLagAllowedIsAtLeastTwoTicks() {
        RatePacer p = pacer(50, 0, 1000);
        drainAt(p, START);
        // 100 ms of offers at 50/s is 5, two ticks is 1: the allowance is 5 offers.
        assertThat(drainAt(p, START + 100 * MS)).containsExactly(5);
        assertThat(p.skipped()).isZero();
        drainAt(p, START + 300 * MS);
        assertThat(p.skipped()).isPositive();
    }

    @Test
    void largeCatchUpsAreSplitIntoPostsOfAtMostMaxPerPost() {
        RatePacer p = pacer(100_000, 0, 1000);
        drainAt(p, START);

        assertThat(drainAt(p, START + 50 * MS)).containsExactly(1000, 1000, 1000, 1000, 1000);
        assertThat(p.skipped()).isZero();
    }

    @Test
    void intendedTimesAreDueTimesRoundedUpToTheConnectionsTicks() {
        RatePacer even = pacer(50, 0, 1000);
        assertThat(even.intendedNanos(0)).isEqualTo(START);
        assertThat(even.intendedNanos(1)).isEqualTo(START + 20 * MS);

        RatePacer odd = pacer(30, 0, 1000);
        assertThat(odd.intendedNanos(1)).isEqualTo(START + 40 * MS);

        RatePacer staggered = pacer(50, 5 * MS, 1000);
        assertThat(staggered.intendedNanos(0)).isEqualTo(START + 5 * MS);
        assertThat(staggered.intendedNanos(1)).isEqualTo(START + 25 * MS);
    }

    @Test
    void wakeUpsFollowTheTicksAndResyncWhenLate() {
        RatePacer p = pacer(1000, 5 * MS, 1000);

        assertThat(p.nextWake(START + 6 * MS)).isEqualTo(START + 15 * MS);
        assertThat(p.nextWake(START + 16 * MS)).isEqualTo(START + 25 * MS);
        assertThat(p.nextWake(START + 60 * MS)).isEqualTo(START + 60 * MS);
        assertThat(p.nextWake(START + 61 * MS)).isEqualTo(START + 70 * MS);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> pacer(0, 0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
