package io.metricsstreamer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.subscription.DataFilterBytes;
import io.metricsstreamer.subscription.Filters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dispatcher's encoding by concatenation: a frame any JSON parser reads back to the envelope it was given. */
class EnvelopeEncoderTest {
    private static final MetricType TYPE = new MetricType("business_kpi_2", 3);
    private static final String TIMESTAMP = "2026-11-26T10:00:00.123456Z";
    private static final byte[] DATA = "{\"agent_id\":\"a\\\"1\",\"v\":[1.5,null,true]}"
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 1_000_000_007L, 999_999_999_999_999_999L, Long.MAX_VALUE})
    void writesEverySeqDigitForDigit(long seq) throws Exception {
        EncodedMetric m = EnvelopeEncoder.encodeRaw(seq, TYPE, TIMESTAMP, DATA);

        JsonNode frame = Json.mapper().readTree(m.frame());
        assertThat(frame.get("type").textValue()).isEqualTo("metric_update");
        JsonNode envelope = frame.get("data");
        assertThat(envelope.get("seq").isIntegralNumber()).isTrue();
        assertThat(envelope.get("seq").longValue()).isEqualTo(seq);
        assertThat(envelope.get("metric_type").textValue()).isEqualTo("business_kpi_2");
        assertThat(envelope.get("timestamp").textValue()).isEqualTo(TIMESTAMP);
        assertThat(envelope.get("data")).isEqualTo(Json.mapper().readTree(DATA));
        assertThat(m.seq()).isEqualTo(seq);
        assertThat(m.typeIndex()).isEqualTo(3);
    }

    @Property(tries = 200)
    void theEnvelopeSliceIsTheEnvelopeAndTheSingleFrameTheWholeFrame(@ForAll @LongRange(min = 0) long seq)
            throws Exception {
        EncodedMetric m = EnvelopeEncoder.encodeRaw(seq, TYPE, TIMESTAMP, DATA);

        byte[] envelope = Arrays.copyOfRange(m.frame(), m.envelopeOffset(), m.envelopeOffset() + m.envelopeLength());
        assertThat(Json.mapper().readTree(envelope)).isEqualTo(Json.mapper().readTree(m.frame()).get("data"));
        assertThat(Json.mapper().readTree(envelope).get("seq").longValue()).isEqualTo(seq);
        assertThat(m.singleFrame().count()).isEqualTo(1);
        assertThat(m.singleFrame().toBytes()).isEqualTo(m.frame());
        assertThat(EnvelopeEncoder.digits(seq)).isEqualTo(Long.toString(seq).length());
    }

    @Property(tries = 200)
    void aPublishedMetricsDataIsTheSliceOfItsFrameWhereTheDataIs(@ForAll @LongRange(min = 0) long seq)
            throws Exception {
        PublishedMetric m = PublishedMetric.encode(seq, TYPE, TIMESTAMP, DATA);

        // Held once: the data is read from the frame, where the envelope's data member is.
        byte[] slice = Arrays.copyOfRange(m.encoded().frame(), m.dataOffset(), m.dataOffset() + m.dataLength());
        assertThat(slice).isEqualTo(DATA);
        assertThat(m.data()).isEqualTo(Json.mapper().readTree(DATA));
        assertThat(DataFilterBytes.apply(m.dataIndex(), Filters.NONE)).isEqualTo(DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:00:00.123456Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z"})
    void aPublishedMetricsSeqAndTimestampAreReadFromItsFrame(String timestamp) throws Exception {
        PublishedMetric m = PublishedMetric.encode(1_234_567, TYPE, timestamp, DATA, 42);

        assertThat(m.seq()).isEqualTo(1_234_567);
        assertThat(m.timestamp()).isEqualTo(timestamp);
        JsonNode envelope = Json.mapper().readTree(m.encoded().frame()).get("data");
        assertThat(envelope.get("timestamp").textValue()).isEqualTo(timestamp);
    }

    @Test
    void aViewOfAPublishedMetricCarriesItsSeqTypeTimestampAndAcceptedTime() throws Exception {
        PublishedMetric m = PublishedMetric.encode(77, TYPE, TIMESTAMP, DATA, 123_456_789L);
        byte[] view = "{\"v\":[1.5]}".getBytes(StandardCharsets.UTF_8);

        EncodedMetric e = EnvelopeEncoder.encodeRaw(m, view);

        assertThat(e.frame()).isEqualTo(EnvelopeEncoder.encodeRaw(77, TYPE, TIMESTAMP, view).frame());
        assertThat(e.seq()).isEqualTo(77);
        assertThat(e.typeIndex()).isEqualTo(TYPE.index());
        assertThat(e.acceptedNanos()).isEqualTo(123_456_789L);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void refusesANegativeSeq(long seq) {
        assertThatThrownBy(() -> EnvelopeEncoder.encodeRaw(seq, TYPE, TIMESTAMP, DATA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
    }
}
