package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.ingest.InfluxMapping;
import io.metricsstreamer.ingest.InfluxPrecision;
import io.metricsstreamer.ingest.IngestParser;
import io.metricsstreamer.ingest.LineProtocolParser;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publisher's line protocol bodies ({@code --publish-format influx}) carry the same records as its JSON bodies:
 * the server's own parsers read both back to the same data, {@code "measurement":"system"} aside.
 */
class MetricBodiesTest {
    private static final String TS = "2026-11-25T12:00:00Z";
    private static final long TS_NANOS = 1_795_000_000_123_456_789L;

    private final MetricTypes types = MetricTypes.builtIns();
    private final IngestParser json = new IngestParser(types);
    private final LineProtocolParser lines = new LineProtocolParser(InfluxMapping.defaults(types));

    @Test
    void aSystemLineReadsBackToTheJsonEnvelopesDataFieldForFieldInOrder() throws Exception {
        StringBuilder j = new StringBuilder("[");
        StringBuilder l = new StringBuilder();
        long[] counters = {1, 7, 999, 1_000_001, 123_456_789_012L};
        for (int i = 0; i < counters.length; i++) {
            j.append(i == 0 ? "" : ",");
            long skipped = i == 2 ? 37 : 0;
            MetricBodies.system(j, counters[i], TS, 1_000_000L * i + 42, skipped);
            MetricBodies.systemLine(l, counters[i], TS, 1_000_000L * i + 42, skipped, null, TS_NANOS + i);
        }
        List<MetricEnvelope> fromJson = json.parse(bytes(j.append(']')), Instant.EPOCH);
        List<MetricEnvelope> fromLines = parseLines(l);

        assertThat(fromLines).hasSameSizeAs(fromJson).hasSize(counters.length);
        for (int i = 0; i < counters.length; i++) {
            ObjectNode a = (ObjectNode) fromJson.get(i).data();
            ObjectNode b = (ObjectNode) fromLines.get(i).data().deepCopy();
            assertThat(b.remove("measurement").asText()).isEqualTo("system");
            assertThat(b).isEqualTo(a);
            assertThat(names(b)).as("field order").isEqualTo(names(a));
            assertThat(new String(fromLines.get(i).dataJson(), StandardCharsets.UTF_8))
                    .startsWith(new String(fromJson.get(i).dataJson(), StandardCharsets.UTF_8)
                            .replaceFirst("}$", ","));
            assertThat(fromLines.get(i).type()).isEqualTo(fromJson.get(i).type()).isEqualTo(types.require("system"));
            assertThat(fromLines.get(i).timestamp()).isEqualTo(Instant.ofEpochSecond(1_795_000_000L, 123_456_789L + i));
        }
        assertThat(fromLines.get(2).data().get("skipped_offers").isIntegralNumber()).isTrue();
        assertThat(fromLines.get(2).data().get("skipped_offers").asLong()).isEqualTo(37);
        assertThat(fromLines.get(1).data().has("skipped_offers")).isFalse();
        assertThat(fromLines.get(4).data().get("sent_us").isIntegralNumber()).isTrue();
        assertThat(fromLines.get(4).data().get("requests_total").asLong()).isEqualTo(123_456_789_012L * 37);
        assertThat(fromLines.get(4).data().get("timestamp").asText()).isEqualTo(TS);
    }

    @Test
    void aPaddedSystemLineCarriesThePadFirstAsThePaddedEnvelopeDoes() throws Exception {
        String pad = "x".repeat(50_000);
        StringBuilder j = new StringBuilder("[");
        MetricBodies.system(j, 7, TS, 42, 0);
        MetricBodies.pad(j, pad);
        StringBuilder l = new StringBuilder();
        MetricBodies.systemLine(l, 7, TS, 42, 0, pad, TS_NANOS);

        JsonNode a = json.parse(bytes(j.append(']')), Instant.EPOCH).get(0).data();
        ObjectNode b = (ObjectNode) parseLines(l).get(0).data().deepCopy();
        b.remove("measurement");
        assertThat(b).isEqualTo(a);
        assertThat(b.fieldNames().next()).isEqualTo("pad");
        assertThat(b.get("pad").asText()).hasSize(50_000);
    }

    @Test
    void aFullPostOfLinesStaysUnderTheBodyLimitAndEveryLineIsAPoint() throws Exception {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < Workload.W2.maxPerPost(); i++) {
            MetricBodies.systemLine(l, 5_000_000_000L + i, TS, 1_800_000_000_000_000L + i, i == 0 ? 9 : 0, null,
                    TS_NANOS);
        }
        assertThat(bytes(l).length).isLessThan(IngestParser.MAX_BODY_BYTES);
        assertThat(parseLines(l)).hasSize(Workload.W2.maxPerPost());

        String pad = "x".repeat(Workload.W6.padBytes());
        StringBuilder large = new StringBuilder();
        for (int i = 0; i < Workload.W6.maxPerPost(); i++) {
            MetricBodies.systemLine(large, i, TS, 42, 0, pad, TS_NANOS);
        }
        assertThat(bytes(large).length).isLessThan(IngestParser.MAX_BODY_BYTES);
        assertThat(parseLines(large)).hasSize(Workload.W6.maxPerPost());
    }

    @Test
    void onlyTheSystemRecordsArePublishedAsLineProtocol() {
        Workload w2 = Workload.W2.with(PublishFormat.INFLUX);
        assertThat(w2.format()).isEqualTo(PublishFormat.INFLUX);
        assertThat(w2.summary()).endsWith(", published as line protocol");
        assertThat(w2.atRate(100).format()).isEqualTo(PublishFormat.INFLUX);
        assertThat(w2.with(20, 100.0, 1.0, 0.5, false).format()).isEqualTo(PublishFormat.INFLUX);
        assertThat(Workload.W2.format()).isEqualTo(PublishFormat.JSON);
        assertThat(Workload.W2.summary()).doesNotContain("line protocol");
        assertThatThrownBy(() -> Workload.W5.with(PublishFormat.INFLUX)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--publish-format influx").hasMessageContaining("W5's agent arrays");
        assertThatThrownBy(() -> Workload.W1.with(false, MetricMix.DEMO).with(PublishFormat.INFLUX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("demo mix");
        assertThatThrownBy(() -> w2.with(false, MetricMix.DEMO)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<MetricEnvelope> parseLines(CharSequence body) throws Exception {
        byte[] b = bytes(body);
        return lines.parse(b, 0, b.length, InfluxPrecision.NANOSECONDS, Instant.EPOCH);
    }

    private static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
