package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The frame scan: metric counting by seq, sent_us, dropped, and control replies, on the server's wire forms. */
class FrameScannerTest {
    /** Collects what the scanner reports. */
    private static final class Found implements FrameScanner.Sink {
        final List<Long> seqs = new ArrayList<>();
        final List<Long> sent = new ArrayList<>();
        final List<String> order = new ArrayList<>();
        long dropped;

        @Override
        public void seq(long seq) {
            seqs.add(seq);
        }

        @Override
        public void sentUs(long sentUs) {
            sent.add(sentUs);
            order.add("sent_us " + sentUs);
        }

        @Override
        public void skippedOffers(long skipped) {
            order.add("skipped " + skipped);
        }

        @Override
        public void dropped(long n) {
            dropped += n;
        }
    }

    private static String envelope(long seq, long sentUs) {
        return "{\"metric_type\":\"system\",\"timestamp\":\"2026-11-25T12:00:00.123456Z\",\"seq\":" + seq
                + ",\"data\":{\"timestamp\":\"2026-11-25T12:00:00Z\",\"throughput_tps\":1500.5,\"queue_depth\":7,"
                + "\"sent_us\":" + sentUs + "}}";
    }

    private static FrameScanner.Kind scan(String frame, Found found) {
        return FrameScanner.scan(frame.getBytes(StandardCharsets.UTF_8), found);
    }

    @Test
    void aMetricUpdateHasOneSeqAndOneSentUs() {
        Found f = new Found();

        FrameScanner.Kind kind = scan("{\"type\":\"metric_update\",\"data\":" + envelope(42, 123456789) + "}", f);

        assertThat(kind).isEqualTo(FrameScanner.Kind.METRICS);
        assertThat(f.seqs).containsExactly(42L);
        assertThat(f.sent).containsExactly(123456789L);
        assertThat(f.dropped).isZero();
    }

    @Test
    void aMetricBatchReportsEveryEnvelopeInOrderAndItsDroppedCount() {
        Found f = new Found();
        String frame = "{\"type\":\"metric_batch\",\"count\":3,\"dropped\":17,\"data\":[" + envelope(7, 1000) + ","
                + envelope(8, 2000) + "," + envelope(10, 3000) + "]}";

        FrameScanner.Kind kind = scan(frame, f);

        assertThat(kind).isEqualTo(FrameScanner.Kind.METRICS);
        assertThat(f.seqs).containsExactly(7L, 8L, 10L);
        assertThat(f.sent).containsExactly(1000L, 2000L, 3000L);
        assertThat(f.dropped).isEqualTo(17);
    }

    @Test
    void aMetricUpdateCarriesDroppedBeforeItsData() {
        Found f = new Found();

        scan("{\"type\":\"metric_update\",\"dropped\":5,\"data\":" + envelope(99, 1) + "}", f);

        assertThat(f.dropped).isEqualTo(5);
        assertThat(f.seqs).containsExactly(99L);
    }

    @Test
    void skippedOffersAreReportedBeforeTheirMetricsSentUs() {
        Found f = new Found();
        StringBuilder sb = new StringBuilder("{\"type\":\"metric_batch\",\"count\":2,\"data\":[");
        MetricBodies.system(sb, 1, "2026-11-25T12:00:00Z", 100, 0);
        sb.append(',');
        MetricBodies.system(sb, 2, "2026-11-25T12:00:00Z", 200, 37);
        String frame = sb.append("]}").toString().replace("\"data\":{", "\"seq\":1,\"data\":{");

        scan(frame, f);

        assertThat(f.order).containsExactly("sent_us 100", "skipped 37", "sent_us 200");
        assertThat(f.seqs).hasSize(2);
    }

    @Test
    void spacesAfterKeysAreTolerated() {
        Found f = new Found();

        scan("{\"type\": \"metric_update\", \"dropped\": 2, \"data\": {\"seq\": 12345678901, \"data\": "
                + "{\"sent_us\" : 77}}}", f);

        assertThat(f.seqs).containsExactly(12345678901L);
        assertThat(f.sent).containsExactly(77L);
        assertThat(f.dropped).isEqualTo(2);
    }

    @Test
    void filteredAgentArraysStillCarryOneSentUsPerMetric() {
        Found f = new Found();
        String frame = "{\"type\":\"metric_batch\",\"count\":2,\"data\":[{\"metric_type\":\"agent\",\"timestamp\":"
                + "\"2026-11-25T12:00:00.000001Z\",\"seq\":3,\"data\":[{\"sent_us\":11},{\"agent_id\":\"agent_0\","
                + "\"health_score\":0.99}]},{\"metric_type\":\"agent\",\"timestamp\":\"2026-11-25T12:00:00.000002Z\","
                + "\"seq\":4,\"data\":[{\"sent_us\":12},{\"agent_id\":\"agent_0\",\"health_score\":0.98}]}]}";

        scan(frame, f);

        assertThat(f.seqs).containsExactly(3L, 4L);
        assertThat(f.sent).containsExactly(11L, 12L);
    }

    @Test
    void controlRepliesAreClassifiedByType() {
        assertThat(scan("{\"type\":\"welcome\",\"client_id\":\"client_1\",\"timestamp\":\"x\",\"message\":\"hi\"}",
                new Found())).isEqualTo(FrameScanner.Kind.WELCOME);
        assertThat(scan("{\"type\":\"subscription_confirmed\",\"metric_types\":[\"all\"]}", new Found()))
                .isEqualTo(FrameScanner.Kind.SUBSCRIBED);
        assertThat(scan("{\"type\":\"filters_updated\",\"filters\":{\"fields\":[\"sent_us\"]}}", new Found()))
                .isEqualTo(FrameScanner.Kind.FILTERS_UPDATED);
        assertThat(scan("{\"type\":\"error\",\"code\":\"invalid_message\",\"message\":\"no\"}", new Found()))
                .isEqualTo(FrameScanner.Kind.ERROR);
        assertThat(scan("{\"type\":\"pong\"}", new Found())).isEqualTo(FrameScanner.Kind.OTHER);
    }

    @Test
    void replayCompleteIsAControlReplyWhoseSeqPositionsAreNotMetrics() {
        Found f = new Found();

        FrameScanner.Kind kind = scan("{\"type\":\"replay_complete\",\"epoch\":\"0a1b\",\"from_seq\":1,"
                + "\"to_seq\":100000,\"count\":100000,\"earliest_seq\":1,\"recovered\":true}", f);

        assertThat(kind).isEqualTo(FrameScanner.Kind.REPLAY_COMPLETE);
        assertThat(f.seqs).isEmpty();
    }

    @Test
    void aScanRespectsTheGivenRange() {
        byte[] frame = ("xxxx{\"type\":\"metric_update\",\"data\":" + envelope(5, 50) + "}yyyy")
                .getBytes(StandardCharsets.UTF_8);
        Found f = new Found();

        FrameScanner.Kind kind = FrameScanner.scan(frame, 4, frame.length - 8, f);

        assertThat(kind).isEqualTo(FrameScanner.Kind.METRICS);
        assertThat(f.seqs).containsExactly(5L);
        Found truncated = new Found();
        assertThat(FrameScanner.scan(frame, 4, 20, truncated)).isNotEqualTo(FrameScanner.Kind.METRICS);
        assertThat(truncated.seqs).isEmpty();
    }

    @Test
    void aKeyWithoutANumberIsIgnored() {
        Found f = new Found();

        FrameScanner.Kind kind = scan("{\"seq\":null,\"sent_us\":\"x\",\"dropped\":0}", f);

        assertThat(kind).isNotEqualTo(FrameScanner.Kind.METRICS);
        assertThat(f.seqs).isEmpty();
        assertThat(f.sent).isEmpty();
        assertThat(f.dropped).isZero();
    }

    private static byte[] batchFrame(int metrics, long dropped) {
        StringBuilder sb = new StringBuilder("{\"type\":\"metric_batch\",\"count\":" + metrics + ",\"dropped\":"
                + dropped + ",\"data\":[");
        for (int i = 0; i < metrics; i++) {
            sb.append(i == 0 ? "" : ",").append(envelope(1_000_000_000L + i, 1_700_000_000_000_000L + i));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Scans {@code frame} in pieces ending at {@code cuts} (ascending), carrying what each piece's end may cut. */
    private static Found scanInPieces(byte[] frame, int... cuts) {
        Found f = new Found();
        byte[] work = new byte[frame.length + FrameScanner.MAX_CUT];
        int carry = 0;
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : frame.length;
            System.arraycopy(frame, from, work, carry, to - from);
            int end = carry + to - from;
            int resume = FrameScanner.scanPiece(work, 0, end, k == cuts.length, f);
            carry = end - resume;
            assertThat(carry).isLessThanOrEqualTo(FrameScanner.MAX_CUT);
            System.arraycopy(work, resume, work, 0, carry);
            from = to;
        }
        return f;
    }

    @Test
    void aFrameScannedInTwoPiecesFindsTheSameAsWholeWhereverItIsCut() {
        byte[] frame = batchFrame(3, 7);
        Found whole = new Found();
        assertThat(FrameScanner.scan(frame, whole)).isEqualTo(FrameScanner.Kind.METRICS);
        assertThat(whole.seqs).hasSize(3);

        for (int cut = 0; cut <= frame.length; cut++) {
            Found pieces = scanInPieces(frame, cut);
            assertThat(pieces.seqs).as("cut at %d", cut).isEqualTo(whole.seqs);
            assertThat(pieces.sent).as("cut at %d", cut).isEqualTo(whole.sent);
            assertThat(pieces.dropped).as("cut at %d", cut).isEqualTo(7);
        }
    }

    @Property(tries = 200)
    void aFrameScannedInAnyPiecesFindsEveryMetricOnce(@ForAll @IntRange(min = 1, max = 40) int metrics,
                                                      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000)
                                                              Integer> cutSeeds) {
        byte[] frame = batchFrame(metrics, 0);
        int[] cuts = cutSeeds.stream().mapToInt(c -> c % (frame.length + 1)).sorted().toArray();
        Found whole = new Found();
        FrameScanner.scan(frame, whole);

        Found pieces = scanInPieces(frame, cuts);

        assertThat(pieces.seqs).hasSize(metrics).isEqualTo(whole.seqs);
        assertThat(pieces.sent).isEqualTo(whole.sent);
    }

    @Test
    void aNumberFarFromItsKeyIsNotReadWholeOrInPieces() {
        byte[] frame = ("{\"type\":\"metric_update\",\"data\":{\"seq\":" + " ".repeat(29) + "123456789}}")
                .getBytes(StandardCharsets.UTF_8);
        Found whole = new Found();
        FrameScanner.scan(frame, whole);
        assertThat(whole.seqs).as("past the separator budget").isEmpty();

        for (int cut = 0; cut <= frame.length; cut++) {
            assertThat(scanInPieces(frame, cut).seqs).as("cut at %d", cut).isEmpty();
        }
    }
}
