package io.metricsstreamer.delivery;

import static io.metricsstreamer.delivery.DeliveryFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code metric_update} / {@code metric_batch} frames assembled from encoded envelopes. */
class DeliveryFrameAssemblerTest {
    private static final String TS = DeliveryFixture.TIMESTAMP;

    private final PendingQueue pending = new PendingQueue(100);

    private EncodedMetric add(long seq, String type, String data) {
        EncodedMetric m = EnvelopeEncoder.encode(seq, DeliveryFixture.TYPES.require(type), TS, json(data));
        pending.add(m, 0);
        return m;
    }

    private static JsonNode envelope(long seq, String type, String data) {
        return json("{\"metric_type\":\"" + type + "\",\"timestamp\":\"" + TS + "\",\"seq\":" + seq + ",\"data\":"
                + data + "}");
    }

    private static JsonNode parse(SlicedFrame frame) {
        JsonNode node = json(frame.toString());
        assertThat(frame.totalBytes()).isEqualTo(frame.toBytes().length);
        return node;
    }

    @Test
    void anEncodedMetricIsACompleteMetricUpdateWhoseSliceIsTheEnvelope() {
        EncodedMetric m = EnvelopeEncoder.encode(7, DeliveryFixture.TYPES.require("hero"), TS, json("{\"a\":\"é\"}"));

        assertThat(json(new String(m.frame(), StandardCharsets.UTF_8)))
                .isEqualTo(json("{\"type\":\"metric_update\",\"data\":" + envelope(7, "hero", "{\"a\":\"é\"}") + "}"));
        assertThat(json(new String(m.frame(), m.envelopeOffset(), m.envelopeLength(), StandardCharsets.UTF_8)))
                .isEqualTo(envelope(7, "hero", "{\"a\":\"é\"}"));
        assertThat(m.seq()).isEqualTo(7);
        assertThat(m.typeIndex()).isEqualTo(DeliveryFixture.TYPES.require("hero").index());
    }

    @Test
    void oneMetricWithoutDropsIsSentAsItsSharedFrameUncopied() {
        EncodedMetric m = add(1, "system", "{\"x\":1}");

        SlicedFrame frame = DeliveryFrameAssembler.assemble(pending, 0, null);

        assertThat(frame.count()).isEqualTo(1);
        assertThat(frame.array(0)).isSameAs(m.frame());
        assertThat(parse(frame)).isEqualTo(json("{\"type\":\"metric_update\",\"data\":"
                + envelope(1, "system", "{\"x\":1}") + "}"));
    }

    @Test
    void oneMetricAfterDropsIsAMetricUpdateReportingDropped() {
        add(4, "agent", "[{\"agent_id\":\"a\"}]");

        JsonNode update = parse(DeliveryFrameAssembler.assemble(pending, 3, null));

        assertThat(update).isEqualTo(json("{\"type\":\"metric_update\",\"dropped\":3,\"data\":"
                + envelope(4, "agent", "[{\"agent_id\":\"a\"}]") + "}"));
    }

    @Test
    void severalMetricsAreOneMetricBatchWithCountOldestFirst() {
        add(1, "system", "{\"x\":1}");
        add(2, "hero", "{\"y\":2}");
        add(3, "agent", "[]");

        JsonNode batch = parse(DeliveryFrameAssembler.assemble(pending, 0, null));

        assertThat(batch).isEqualTo(json("{\"type\":\"metric_batch\",\"count\":3,\"data\":["
                + envelope(1, "system", "{\"x\":1}") + "," + envelope(2, "hero", "{\"y\":2}") + ","
                + envelope(3, "agent", "[]") + "]}"));
    }

    @Test
    void aBatchAfterDropsReportsDropped() {
        add(8, "system", "{}");
        add(9, "system", "{}");

        JsonNode batch = parse(DeliveryFrameAssembler.assemble(pending, 12, null));

        assertThat(batch.get("type").textValue()).isEqualTo("metric_batch");
        assertThat(batch.get("count").intValue()).isEqualTo(2);
        assertThat(batch.get("dropped").longValue()).isEqualTo(12);
        assertThat(batch.get("data")).hasSize(2);
    }

    @Test
    void aBatchSharesTheEnvelopeBytesInsteadOfCopyingThem() {
        EncodedMetric a = add(1, "system", "{}");
        EncodedMetric b = add(2, "system", "{}");

        SlicedFrame frame = DeliveryFrameAssembler.assemble(pending, 0, null);

        assertThat(frame.array(1)).isSameAs(a.frame());
        assertThat(frame.offset(1)).isEqualTo(a.envelopeOffset());
        assertThat(frame.length(1)).isEqualTo(a.envelopeLength());
        assertThat(frame.array(3)).isSameAs(b.frame());
    }

    @Test
    void aFrameGrowsPastItsInitialSlices() {
        for (int i = 1; i <= 40; i++) {
            add(i, "system", "{\"i\":" + i + "}");
        }

        JsonNode batch = parse(DeliveryFrameAssembler.assemble(pending, 0, null));

        assertThat(batch.get("count").intValue()).isEqualTo(40);
        assertThat(DeliveryFixture.seqs(batch)).hasSize(40).isSorted().first().isEqualTo(1L);
    }

    @Test
    void oneMetricIsTheSameFrameInstanceForEveryClient() {
        EncodedMetric m = add(1, "system", "{\"x\":1}");

        assertThat(DeliveryFrameAssembler.assemble(pending, 0, null)).isSameAs(m.singleFrame());
        assertThat(DeliveryFrameAssembler.assemble(pending, 2, null)).isNotSameAs(m.singleFrame());
    }

    @Test
    void anIdenticalPendingListSharesTheLastBatchFrameOfTheLoop() {
        RecentBatchFrames batches = new RecentBatchFrames();
        EncodedMetric a = add(1, "system", "{\"x\":1}");
        EncodedMetric b = add(2, "system", "{\"x\":2}");
        SlicedFrame first = DeliveryFrameAssembler.assemble(pending, 0, batches);

        PendingQueue other = new PendingQueue(10);
        other.add(a, 5);
        other.add(b, 6);
        assertThat(DeliveryFrameAssembler.assemble(other, 0, batches)).isSameAs(first);
        assertThat(DeliveryFrameAssembler.assemble(other, 1, batches)).as("a drop report is never shared")
                .isNotSameAs(first);
        assertThat(batches.hits()).isEqualTo(1);
    }

    @Test
    void aBatchWithTheSameEndsButOtherMiddleIsNotShared() {
        RecentBatchFrames batches = new RecentBatchFrames();
        EncodedMetric a = add(1, "system", "{\"x\":1}");
        add(2, "hero", "{\"x\":2}");
        EncodedMetric c = add(4, "system", "{\"x\":4}");
        SlicedFrame first = DeliveryFrameAssembler.assemble(pending, 0, batches);

        PendingQueue other = new PendingQueue(10);
        other.add(a, 0);
        other.add(EnvelopeEncoder.encode(3, DeliveryFixture.TYPES.require("agent"), TS, json("{\"x\":3}")), 0);
        other.add(c, 0);
        SlicedFrame second = DeliveryFrameAssembler.assemble(other, 0, batches);

        assertThat(second).isNotSameAs(first);
        assertThat(parse(second).at("/data/1/seq").asLong()).isEqualTo(3);
        assertThat(batches.hits()).isZero();
    }
}
