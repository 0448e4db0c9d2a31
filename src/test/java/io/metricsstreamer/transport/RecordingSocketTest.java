package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.model.SystemMetrics;
import io.metricsstreamer.recording.PlaybackTimestamps;
import io.metricsstreamer.recording.RecordedMetric;
import io.metricsstreamer.recording.RecordingPlayer;
import io.metricsstreamer.testing.Recordings;
import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --record} and {@code serve --play} on real sockets: what a server publishes, from HTTP and the Java API, is
 * in the file in publish order as delivered; a file played back reaches a client in the same order, data and
 * pacing; a recording killed mid-run reads back to its last flush.
 */
@Timeout(120)
class RecordingSocketTest {
    private static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final String[] ENVELOPES = {
        "{\"metric_type\":\"system\",\"timestamp\":\"2026-12-05T10:00:00.000000Z\","
                + "\"data\":{\"throughput_tps\":1200.5,\"p99_response_time_ms\":48}}",
        "{\"metric_type\":\"agent\",\"timestamp\":\"2026-12-05T10:00:01.000000Z\","
                + "\"data\":[{\"agent_id\":\"agent_1\",\"health_score\":0.97},{\"agent_id\":\"agent_2\",\"x\":1e3}]}",
        "{\"metric_type\":\"business\",\"timestamp\":\"2026-12-05T10:00:02.000000Z\","
                + "\"data\":{\"transactions_processed\":1234,\"note\":\"caf\\u00e9\"}}",
        "{\"metric_type\":\"hero\",\"timestamp\":\"2026-12-05T10:00:03.000000Z\",\"data\":{\"ai_accuracy\":0.991}}"
    };

    @TempDir
    Path dir;

    @Test
    void recordsWhatHttpAndTheJavaApiPublishInPublishOrderAsItWasDelivered() throws IOException {
        Path file = dir.resolve("run.ndjson.gz");
        List<JsonNode> delivered = new ArrayList<>();
        try (TestServer server = TestServer.start(b -> b.record(file)); WsTestClient client = server.connect()) {
            RealTimeMetricsStreamer streamer = server.streamer();
            assertThat(server.post("[" + ENVELOPES[0] + "," + ENVELOPES[1] + "]").statusCode()).isEqualTo(202);
            delivered.addAll(client.metrics(2));
            assertThat(streamer.broadcastSystemMetrics(SystemMetrics.builder().throughputTps(900)
                    .p99ResponseTimeMs(12.25).build())).isTrue();
            assertThat(streamer.queueMetric("hero", Map.of("total_transactions", 5))).isTrue();
            assertThat(server.post(ENVELOPES[2]).statusCode()).isEqualTo(202);
            delivered.addAll(client.metrics(3));
            await().atMost(AT_MOST).untilAsserted(() -> assertThat(server.statistics()
                    .at("/recording/recorded_total").asLong()).isEqualTo(5));
            JsonNode recording = server.statistics().path("recording");
            assertThat(recording.path("file").asText()).isEqualTo(file.toString());
            assertThat(recording.path("recording_dropped").asLong()).isZero();
            assertThat(server.get("/metrics").body()).contains("metrics_streamer_recorded_total 5.0",
                    "metrics_streamer_recording_dropped_total 0.0");
        }

        assertThat(Recordings.truncated(file)).as("closed at stop: a whole gzip file").isFalse();
        List<RecordedMetric> recorded = Recordings.read(file);
        assertThat(recorded).hasSize(5);
        long previous = 0;
        for (int i = 0; i < 5; i++) {
            RecordedMetric r = recorded.get(i);
            JsonNode d = delivered.get(i);
            assertThat(r.envelope().type().name()).isEqualTo(d.path("metric_type").asText());
            assertThat(Timestamps.format(r.envelope().timestamp()))
                    .isEqualTo(d.path("timestamp").asText());
            assertThat(r.envelope().data()).as("metric %d's data as delivered", i).isEqualTo(d.path("data"));
            assertThat(r.offsetMs()).isGreaterThanOrEqualTo(previous);
            previous = r.offsetMs();
        }
        // The data of a POST byte for byte as it was posted (and so as the clients received it).
        for (int i = 0; i < 3; i++) {
            assertThat(Recordings.data(recorded.get(i == 2 ? 4 : i))).isEqualTo(postedData(ENVELOPES[i]));
        }
        assertThat(recorded.get(3).envelope().data().path("total_transactions").asInt()).isEqualTo(5);
    }

    @Test
    void aRecordingPlaysBackInOrderWithItsDataAndItsPaceDividedByTheSpeed() throws Exception {
        Path file = Recordings.write(dir.resolve("paced.ndjson.gz"), new long[] {0, 1000, 2000, 3000}, ENVELOPES);
        try (TestServer server = TestServer.start(); WsTestClient client = server.connect()) {
            RecordingPlayer player = RecordingPlayer.open(new RecordingPlayer.Settings(file, 2, false,
                    PlaybackTimestamps.NOW), server.streamer().getMetricTypes());
            Instant before = Instant.now();
            // When the player publishes: its pace, apart from how fast the client is scheduled on a busy machine.
            List<Long> published = new CopyOnWriteArrayList<>();
            player.start(metrics -> {
                published.add(System.nanoTime());
                return server.streamer().publishEnvelopes(metrics);
            });
            List<JsonNode> got = client.metrics(4);
            RecordingPlayer.Summary summary = player.done().get(10, TimeUnit.SECONDS);
            assertThat(summary).isEqualTo(new RecordingPlayer.Summary(4, 0, 0, false));

            for (int i = 0; i < 4; i++) {
                JsonNode recorded = Json.mapper().readTree(ENVELOPES[i]);
                assertThat(got.get(i).path("metric_type")).isEqualTo(recorded.path("metric_type"));
                assertThat(got.get(i).path("data")).isEqualTo(recorded.path("data"));
                assertThat(got.get(i).path("seq").asLong()).isEqualTo(i + 1);
            }
            // Restamped to the playback: 1 s recorded is 0.5 s played, exactly, from a start after `before`.
            List<Instant> stamps = got.stream().map(e -> Instant.parse(e.path("timestamp").asText())).toList();
            assertThat(stamps.get(0)).isAfterOrEqualTo(before.minusMillis(1)).isBefore(before.plusSeconds(10));
            for (int i = 1; i < 4; i++) {
                assertThat(Duration.between(stamps.get(i - 1), stamps.get(i))).isEqualTo(Duration.ofMillis(500));
                long gapMillis = TimeUnit.NANOSECONDS.toMillis(published.get(i) - published.get(i - 1));
                assertThat(gapMillis).as("publish gap %d (1 s recorded, speed 2)", i).isBetween(300L, 999L);
            }
        }
    }

    @Test
    void playbackCanKeepTheRecordedTimestamps() throws Exception {
        Path file = Recordings.write(dir.resolve("stamps.ndjson.gz"), new long[] {0, 10, 20, 30}, ENVELOPES);
        try (TestServer server = TestServer.start(); WsTestClient client = server.connect()) {
            RecordingPlayer player = RecordingPlayer.open(new RecordingPlayer.Settings(file, 1000, false,
                    PlaybackTimestamps.RECORDED), server.streamer().getMetricTypes());
            player.start(server.streamer()::publishEnvelopes);
            assertThat(client.metrics(4)).extracting(e -> e.path("timestamp").asText()).containsExactly(
                    "2026-12-05T10:00:00.000000Z", "2026-12-05T10:00:01.000000Z", "2026-12-05T10:00:02.000000Z",
                    "2026-12-05T10:00:03.000000Z");
        }
    }

    @Test
    void servePlaysARecordingThatAClientOpenedLaterReplaysFromHistory() {
        Path file = Recordings.write(dir.resolve("history.ndjson.gz"), new long[] {0, 100, 200, 300}, ENVELOPES);
        try (ServeProcess serve = ServeProcess.start(dir, "--play", file.toString(), "--speed", "4")) {
            await().atMost(AT_MOST).until(() -> serve.stderr().contains("playback of " + file + " finished: 4 "
                    + "metrics published"));
            assertThat(serve.stderr()).contains("the server goes on serving");
            try (WsTestClient client = WsTestClient.connect(serve.wsUri())) {
                String epoch = client.welcome().path("epoch").asText();
                client.send("{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + epoch + "\"}");
                List<JsonNode> replayed = client.metrics(4);
                assertThat(replayed).extracting(e -> e.path("metric_type").asText())
                        .containsExactly("system", "agent", "business", "hero");
                assertThat(replayed).extracting(e -> e.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
                assertThat(client.next("replay_complete").path("recovered").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void aRecordingKilledMidRunReadsBackUpToItsLastFlush() {
        Path file = dir.resolve("crash.ndjson.gz");
        try (ServeProcess serve = ServeProcess.start(dir, "--record", file.toString())) {
            for (String envelope : ENVELOPES) {
                assertThat(TestServer.send(HttpRequest.newBuilder(serve.http("/api/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString(envelope)).build()).statusCode())
                        .isEqualTo(202);
            }
            await().atMost(AT_MOST).ignoreExceptions()
                    .untilAsserted(() -> assertThat(Recordings.read(file)).hasSize(4));
            serve.kill();
        }
        assertThat(Recordings.read(file)).extracting(r -> r.envelope().type().name())
                .containsExactly("system", "agent", "business", "hero");
        assertThat(Recordings.truncated(file)).as("killed: no gzip trailer").isTrue();
    }

    /** The data of an envelope as its text has it: from after {@code "data":} to its closing brace. */
    private static String postedData(String envelope) {
        return envelope.substring(envelope.indexOf("\"data\":") + "\"data\":".length(), envelope.length() - 1);
    }
}
