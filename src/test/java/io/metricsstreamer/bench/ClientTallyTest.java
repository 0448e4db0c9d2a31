package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A bench client's counting: seq order, the measured window, timed metrics with their skipped offers, closes. */
class ClientTallyTest {
    private final MeasureWindow window = new MeasureWindow();
    private final LoopStats stats = new LoopStats(window);
    private final ClientTally tally = new ClientTally(stats);

    @Test
    void countsARepeatedSeqAsADuplicateAndALowerOneAsOutOfOrder() {
        tally.messageStarted();
        for (long seq : new long[] {1, 2, 2, 5, 3, 6}) {
            tally.seq(seq);
        }

        assertThat(tally.textMessageEnded()).isTrue();
        assertThat(stats.received()).isEqualTo(6);
        assertThat(stats.counts.duplicates).isEqualTo(1);
        assertThat(stats.counts.outOfOrder).isEqualTo(1);
    }

    @Test
    void countsASeqMoreThanOnePastTheLastAsAGapButNotTheFirstSeq() {
        tally.messageStarted();
        for (long seq : new long[] {41, 42, 44, 45, 48}) {
            tally.seq(seq);
        }
        tally.textMessageEnded();

        assertThat(stats.counts.gaps).isEqualTo(2);
        assertThat(stats.counts.outOfOrder).isZero();
    }

    @Test
    void aReplayCompleteIsTimedAndItsCountComparedWithTheMetricsReceivedBeforeIt() {
        tally.messageStarted();
        tally.seq(1);
        tally.seq(2);
        tally.textMessageEnded();

        tally.replayComplete(new ReplayComplete(2, true), 5_000_000);

        tally.messageStarted();
        tally.seq(3);
        tally.textMessageEnded();
        ReplayCounters c = stats.replays;
        assertThat(c.completed()).isEqualTo(1);
        assertThat(c.recovered).isEqualTo(1);
        assertThat(c.replayed).isEqualTo(2);
        assertThat(c.receivedBefore).isEqualTo(2);
        assertThat(c.mismatched).isZero();
        assertThat(c.times.getMaxValue()).isEqualTo(c.times.highestEquivalentValue(5_000));

        ClientTally other = new ClientTally(stats);
        other.replayComplete(new ReplayComplete(7, false), 1_000);
        assertThat(c.completed()).isEqualTo(2);
        assertThat(c.recovered).isEqualTo(1);
        assertThat(c.mismatched).as("7 said, none received").isEqualTo(1);
    }

    @Test
    void aMessageWithoutSeqIsAControlReplyAndAddsNoMetric() {
        tally.messageStarted();
        tally.seq(1);
        tally.textMessageEnded();
        tally.messageStarted();

        assertThat(tally.textMessageEnded()).isFalse();
        assertThat(stats.received()).isEqualTo(1);
        assertThat(stats.counts.framesTotal).isEqualTo(2);
    }

    @Test
    void countsMessagesAndMetricsInTheWindowByArrivalAndTimesOnlyMetricsSentAfterTheWarmUp() {
        window.open(1_000, 2_000, 500, 100);
        tally.arrivedAt(1_500);
        tally.messageStarted();
        tally.seq(1);
        tally.sentUs(400);
        tally.seq(2);
        tally.skippedOffers(2);
        tally.sentUs(1_200);
        tally.textMessageEnded();
        tally.arrivedAt(2_500);
        tally.messageStarted();
        tally.seq(3);
        tally.textMessageEnded();

        assertThat(stats.counts.framesTotal).isEqualTo(2);
        assertThat(stats.counts.framesInWindow).isEqualTo(1);
        assertThat(stats.counts.metricsInWindow).isEqualTo(2);
        Histogram latencies = stats.takeLatencies();
        assertThat(latencies.getTotalCount()).isEqualTo(1);
        assertThat(latencies.getMaxValue()).isEqualTo(latencies.highestEquivalentValue(300));
        Histogram synthetic = stats.takeSynthetic();
        assertThat(synthetic.getTotalCount()).isEqualTo(2);
        assertThat(synthetic.getMaxValue()).isEqualTo(synthetic.highestEquivalentValue(500));
    }

    @Test
    void countsEveryCloseFrameAndThoseWithPolicyViolationApart() {
        tally.closeFrame(1008);
        tally.closeFrame(1000);
        tally.closeFrame(-1);

        assertThat(stats.counts.closeFrames).isEqualTo(3);
        assertThat(stats.counts.close1008).isEqualTo(1);
    }
}
