package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.recording.RecordedMetric;
import io.metricsstreamer.testing.Recordings;
import io.metricsstreamer.testing.RedisServer;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --record} on a node of a cluster: the node's own publishes are in its file, the other nodes' are not. */
@Timeout(90)
class ClusterRecordingSocketTest {
    @TempDir
    Path dir;

    @Test
    void aNodeRecordsWhatItsOwnPublishersPublishedAndNotWhatItReceivedFromOtherNodes() {
        Path file = dir.resolve("node-a.ndjson.gz");
        try (RedisServer redis = RedisServer.start()) {
            try (TestServer a = TestServer.start(b -> b.redis(redis.url()).record(file));
                 TestServer b = TestServer.start(c -> c.redis(redis.url()));
                 WsTestClient onA = a.connect()) {
                assertThat(a.post("[{\"metric_type\":\"hero\",\"data\":{\"n\":\"a1\"}},"
                        + "{\"metric_type\":\"hero\",\"data\":{\"n\":\"a2\"}}]").statusCode()).isEqualTo(202);
                assertThat(b.streamer().queueMetric("hero", Map.of("n", "b1"))).isTrue();
                assertThat(b.post("{\"metric_type\":\"hero\",\"data\":{\"n\":\"b2\"}}").statusCode()).isEqualTo(202);
                assertThat(a.streamer().queueMetric("hero", Map.of("n", "a3"))).isTrue();
                List<JsonNode> delivered = onA.metrics(5);
                assertThat(delivered).extracting(m -> m.at("/data/n").asText())
                        .containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2");
                assertThat(a.statistics().at("/recording/recorded_total").asLong()).isLessThanOrEqualTo(3);
            }
            assertThat(Recordings.read(file)).extracting(RecordedMetric::envelope)
                    .extracting(e -> e.data().path("n").asText()).containsExactly("a1", "a2", "a3");
        }
    }
}
