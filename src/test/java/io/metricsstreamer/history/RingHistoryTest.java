package io.metricsstreamer.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SPEC §8: the history's bounds, positions and what it says about evictions, and its reads under a writer. */
class RingHistoryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final MetricTypes TYPES = MetricTypes.builtIns();

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    private static PublishedMetric metric(long seq, int dataBytes) {
        String data = "{\"v\":\"" + "x".repeat(Math.max(0, dataBytes - 8)) + "\"}";
        return PublishedMetric.encode(seq, TYPES.require("system"), "2026-01-01T00:00:00.000000Z",
                data.getBytes(StandardCharsets.UTF_8));
    }

    private RingHistory history(int size, long seconds, long bytes) {
        return new RingHistory("epoch-1", new HistoryLimits(size, seconds * SECOND, bytes), clock::get);
    }

    private static List<Long> retainedSeqs(RingHistory h) {
        List<Long> out = new ArrayList<>();
        for (long p = h.firstPosition(); p < h.endPosition(); p++) {
            out.add(h.at(p).seq());
        }
        return out;
    }

    @Test
    void keepsTheNewestWithinTheSizeBoundAndSaysWhatItEvicted() {
        RingHistory h = history(3, 600, 1 << 30);
        for (long seq = 1; seq <= 5; seq++) {
            h.append(metric(seq, 50), clock.get());
        }

        assertThat(retainedSeqs(h)).containsExactly(3L, 4L, 5L);
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.earliestSeq()).isEqualTo(3);
        assertThat(h.lastSeq()).isEqualTo(5);
        assertThat(h.lastEvictedSeq()).isEqualTo(2);
        assertThat(h.at(h.firstPosition() - 1)).as("an evicted position reads as gone").isNull();
        assertThat(h.at(h.endPosition())).as("a position not written yet").isNull();
    }

    @Test
    void keepsWithinTheByteBoundCountingEachMetricsFrameAndItsOverhead() {
        PublishedMetric sample = metric(11, 1000); // seqs of two digits: every frame of the same size
        long cost = RingHistory.costOf(sample);
        assertThat(cost).isEqualTo(sample.encoded().frame().length + RingHistory.METRIC_OVERHEAD_BYTES);
        RingHistory h = history(1000, 600, 3 * cost);
        for (long seq = 11; seq <= 20; seq++) {
            h.append(metric(seq, 1000), clock.get());
        }

        assertThat(retainedSeqs(h)).containsExactly(18L, 19L, 20L);
        assertThat(h.bytes()).isEqualTo(3 * cost);
    }

    @Test
    void keepsTheNewestMetricEvenWhenItAloneIsOverTheByteBound() {
        RingHistory h = history(1000, 600, 2048);
        h.append(metric(1, 100), clock.get());
        h.append(metric(2, 10_000), clock.get());

        assertThat(retainedSeqs(h)).containsExactly(2L);
    }

    @Test
    void evictsByAgeOnAppendAndWhenTrimmedWhileIdle() {
        RingHistory h = history(1000, 10, 1 << 30);
        h.append(metric(1, 50), clock.get());
        clock.addAndGet(5 * SECOND);
        h.append(metric(2, 50), clock.get());
        clock.addAndGet(6 * SECOND);
        h.append(metric(3, 50), clock.get());

        assertThat(retainedSeqs(h)).containsExactly(2L, 3L);
        clock.addAndGet(5 * SECOND);
        h.trim(clock.get());
        assertThat(retainedSeqs(h)).containsExactly(3L);
        assertThat(h.evictedWithin(6 * SECOND)).as("seq 2 was published 11 s ago").isFalse();
        assertThat(h.evictedWithin(12 * SECOND)).isTrue();
    }

    @Test
    void findsPositionsBySeqAndByAge() {
        RingHistory h = history(1000, 600, 1 << 30);
        for (long seq = 10; seq <= 50; seq += 10) {
            h.append(metric(seq, 50), clock.get());
            clock.addAndGet(SECOND);
        }
        // Published 5, 4, 3, 2 and 1 seconds ago.
        assertThat(h.at(h.positionAfterSeq(0)).seq()).isEqualTo(10);
        assertThat(h.at(h.positionAfterSeq(10)).seq()).isEqualTo(20);
        assertThat(h.at(h.positionAfterSeq(25)).seq()).isEqualTo(30);
        assertThat(h.positionAfterSeq(50)).isEqualTo(h.endPosition());
        assertThat(h.at(h.positionSince(2 * SECOND)).seq()).isEqualTo(40);
        assertThat(h.at(h.positionSince(10 * SECOND)).seq()).isEqualTo(10);
        assertThat(h.positionSince(SECOND / 2)).isEqualTo(h.endPosition());
    }

    @Test
    void appendTimesNeverGoBackSoAgeSearchesStaySorted() {
        RingHistory h = history(1000, 600, 1 << 30);
        h.append(metric(1, 50), clock.get());
        h.append(metric(2, 50), clock.get() - SECOND);
        clock.addAndGet(SECOND / 2);

        assertThat(h.at(h.positionSince(SECOND)).seq()).isEqualTo(1);
    }

    @Test
    void offKeepsNothingAndCountsEveryMetricAsEvicted() {
        RingHistory h = new RingHistory("e", HistoryLimits.OFF, clock::get);
        h.append(metric(1, 50), clock.get());
        h.append(metric(2, 50), clock.get());

        assertThat(h.enabled()).isFalse();
        assertThat(h.size()).isZero();
        assertThat(h.earliestSeq()).isZero();
        assertThat(h.lastSeq()).isEqualTo(2);
        assertThat(h.lastEvictedSeq()).isEqualTo(2);
        assertThat(h.evictedWithin(SECOND)).isTrue();
    }

    @Test
    void growsItsRingUpToTheSizeBoundKeepingEveryPosition() {
        RingHistory h = history(5000, 600, 1L << 40);
        for (long seq = 1; seq <= 12_000; seq++) {
            h.append(metric(seq, 20), clock.get());
        }

        assertThat(h.size()).isEqualTo(5000);
        List<Long> seqs = retainedSeqs(h);
        assertThat(seqs.get(0)).isEqualTo(7001);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
    }

    @Test
    void everyPositionReadsItsOwnMetricAfterTheRingGrewManyTimes() {
        RingHistory h = history(2_000_000, 600, 1L << 40);
        for (long seq = 1; seq <= 200_000; seq++) {
            h.append(metric(seq, 10), clock.get());
        }

        for (long p = 0; p < 200_000; p++) {
            assertThat(h.at(p).seq()).as("position %d", p).isEqualTo(p + 1);
        }
        assertThat(h.at(h.positionAfterSeq(150_000)).seq()).isEqualTo(150_001);
    }

    @Test
    void aReaderUnderARunningWriterGetsEachPositionsOwnMetricOrNothing() throws Exception {
        // Seqs are position + 1: a read of the wrong slot (a newer metric, or a slot of an old ring) would show.
        RingHistory h = history(1024, 600, 1L << 40);
        int total = 2_000_000;
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long reads = 0;
            while (h.lastSeq() < total && wrong.get() == null) {
                long end = h.endPosition();
                for (long p = Math.max(0, end - 2048); p < end + 2; p++) {
                    PublishedMetric m = h.at(p);
                    if (m != null && m.seq() != p + 1) {
                        wrong.set("position " + p + " read seq " + m.seq());
                    }
                    reads++;
                }
                long after = h.positionAfterSeq(end - 100);
                PublishedMetric m = h.at(after);
                if (m != null && m.seq() <= end - 100) {
                    wrong.set("positionAfterSeq(" + (end - 100) + ") gave seq " + m.seq());
                }
            }
            assertThat(reads).isPositive();
        });
        reader.start();
        for (long seq = 1; seq <= total; seq++) {
            h.append(metric(seq, 10), clock.get());
        }
        reader.join();

        assertThat(wrong.get()).isNull();
    }
}
