package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stream entries to published metrics: the bytes as a node wrote them, and nothing a node would not write. */
class StreamEntriesTest {
    private final StreamEntries entries = new StreamEntries(MetricTypes.builtIns());

    private static StreamMessage<String, byte[]> entry(long seq, String type, String ts, String data, String at) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        body.put(ClusterKeys.TYPE, type.getBytes(StandardCharsets.UTF_8));
        body.put(ClusterKeys.TIMESTAMP, ts.getBytes(StandardCharsets.UTF_8));
        body.put(ClusterKeys.DATA, data.getBytes(StandardCharsets.UTF_8));
        body.put(ClusterKeys.NODE, "n1".getBytes(StandardCharsets.UTF_8));
        if (at != null) {
            body.put(ClusterKeys.AT, at.getBytes(StandardCharsets.UTF_8));
        }
        return new StreamMessage<>(ClusterKeys.STREAM, ClusterKeys.idOf(seq), body);
    }

    @Test
    void anEntryBecomesTheEnvelopeItsNodePublishedWithTheSeqOfItsId() {
        List<PublishedMetric> out = entries.decode(List.of(entry(42, "system", "2024-01-01T12:00:00.123456Z",
                "{\"cpu\":0.5}", "1000000")), 5_000_000_000L, 1_000_500);
        assertThat(out).hasSize(1);
        PublishedMetric m = out.get(0);
        assertThat(m.seq()).isEqualTo(42);
        assertThat(m.type().name()).isEqualTo("system");
        assertThat(m.timestamp()).isEqualTo("2024-01-01T12:00:00.123456Z");
        assertThat(m.data().get("cpu").asDouble()).isEqualTo(0.5);
        assertThat(m.encoded().acceptedNanos()).as("sent 500 us before now").isEqualTo(5_000_000_000L - 500_000);
    }

    @Test
    void aNodeWhoseClockRunsAheadCannotPutAMetricInTheFuture() {
        List<PublishedMetric> out = entries.decode(List.of(entry(1, "agent", "2024-01-01T12:00:00Z", "[{}]",
                "9000000")), 7, 1_000_000);
        assertThat(out.get(0).encoded().acceptedNanos()).isEqualTo(7);
    }

    @Test
    void entriesNoNodeWouldWriteAreLeftOutAndTheOthersKept() {
        List<PublishedMetric> out = entries.decode(List.of(
                entry(1, "nosuchtype", "2024-01-01T12:00:00Z", "{}", null),
                entry(2, "system", "2024-01-01\"T12", "{}", null),
                entry(3, "system", "2024-01-01T12:00:00Z", "42", null),
                entry(4, "system", "2024-01-01T12:00:00Z", "{}", "soon"),
                entry(5, "hero", "2024-01-01T12:00:00Z", "{\"ok\":true}", null)), 0, 0);
        assertThat(out).extracting(PublishedMetric::seq).containsExactly(5L);
    }

    @Test
    void anIdIsTheSeqAndItsSequenceNumberZero() {
        assertThat(ClusterKeys.idOf(17)).isEqualTo("17-0");
        assertThat(ClusterKeys.seqOf("17-0")).isEqualTo(17);
        assertThat(ClusterKeys.seqOf("17")).isEqualTo(17);
    }
}
