package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tiny benches over real sockets against an in-process server: every metric arrives, in order, and is timed. */
@Timeout(60)
class BenchSocketTest {
    @TempDir
    Path tmp;

    private final List<String> out = new ArrayList<>();

    private List<RunResult> bench(TestServer server, Workload w, Path json) throws Exception {
        URI http = server.http("/");
        Bench.Settings settings = new Bench.Settings(List.of(w), server.wsUri(), http, -1, ServerLaunch.DEFAULT, 2, 2,
                10, json);
        return new Bench(settings, out::add).runAll();
    }

    @Test
    void aTinyFanOutReceivesEveryPublishedMetricInOrderAndTimesThem() throws Exception {
        Workload tiny = Workload.W0.with(20, 200.0, 1.0, 0.5, false);
        Path json = tmp.resolve("results.json");
        try (TestServer server = TestServer.start()) {
            RunResult r = bench(server, tiny, json).get(0);

            assertThat(r.count("clients_ready")).isEqualTo(20);
            assertThat(r.count("published")).isBetween(100L, 310L);
            assertThat(r.count("expected")).isEqualTo(r.count("published") * 20);
            assertThat(r.count("received")).isEqualTo(r.count("expected"));
            assertThat(r.count("missing")).isZero();
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.count("duplicates")).isZero();
            assertThat(r.count("post_errors")).isZero();
            assertThat(r.count("lat_n")).isGreaterThan(1000);
            assertThat(r.num("lat_p50_ms")).isPositive().isLessThan(r.num("lat_max_ms") + 0.001);
            assertThat(r.num("delivered_per_s")).isGreaterThan(0);
            assertThat(r.has("invalid")).isFalse();
            assertThat(r.has("server_cpu_cores")).as("no pid, no server CPU").isFalse();
            assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(r.count("published"));
        }
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("W0 latency at a fixed load: 20 clients"));
        assertThat(out).anySatisfy(l -> assertThat(l).contains("missing 0 (0.000%), out-of-order 0"));
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("workload").contains("p99.9 ms"));
        JsonNode written = TestServer.parse(Files.readString(json));
        assertThat(written.isArray()).isTrue();
        assertThat(written.get(0).path("workload").asText()).isEqualTo("W0");
        assertThat(written.get(0).path("missing").asLong()).isZero();
    }

    @Test
    void aTinyRunPublishingLineProtocolHasEveryPostAcceptedAndEveryMetricDeliveredInOrder() throws Exception {
        Workload tiny = Workload.W0.with(20, 200.0, 1.0, 0.5, false).with(PublishFormat.INFLUX);
        try (TestServer server = TestServer.start()) {
            RunResult r = bench(server, tiny, null).get(0);

            assertThat(r.text("publish_format")).isEqualTo("influx");
            assertThat(r.count("published")).isBetween(100L, 310L);
            assertThat(r.count("post_errors")).isZero();
            assertThat(r.count("expected")).isEqualTo(r.count("published") * 20);
            assertThat(r.count("received")).isEqualTo(r.count("expected"));
            assertThat(r.count("missing")).isZero();
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.count("lat_n")).isGreaterThan(1000);
            assertThat(server.statistics().path("total_metrics_published").asLong()).isEqualTo(r.count("published"));
        }
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("W0 latency at a fixed load: 20 clients")
                .endsWith(", published as line protocol"));
    }

    @Test
    void aTinyReplayRunHasEveryClientReplayTheFilledHistoryThenGoLiveWithEverySeqOnceInOrder() throws Exception {
        Workload tiny = new Workload("W7", "replay at connect", 5, 200, 1, 0.5, 10, 0.05, 5, 0, false, false, 0, 0,
                2_000);
        try (TestServer server = TestServer.start(b -> b.batchSize(10).batchTimeoutSeconds(0.05))) {
            RunResult r = bench(server, tiny, null).get(0);

            assertThat(r.count("history_fill")).isEqualTo(2_000);
            assertThat(r.count("history_size_filled")).isEqualTo(2_000);
            assertThat(r.count("clients_ready")).isEqualTo(5);
            assertThat(r.count("replays_completed")).isEqualTo(5);
            assertThat(r.count("replays_recovered")).isEqualTo(5);
            assertThat(r.count("replay_count_mismatches")).isZero();
            assertThat(r.count("metrics_replayed")).isGreaterThanOrEqualTo(5 * 2_000);
            assertThat(r.count("server_total_replays")).isEqualTo(5);
            assertThat(r.count("server_metrics_replayed")).isEqualTo(r.count("metrics_replayed"));
            assertThat(r.num("replay_max_ms")).isPositive();
            assertThat(r.count("published")).isPositive();
            assertThat(r.count("expected")).isEqualTo((2_000 + r.count("published")) * 5);
            assertThat(r.count("received")).isEqualTo(r.count("expected"));
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.count("duplicates")).isZero();
            assertThat(r.count("seq_gaps")).isZero();
            assertThat(r.count("lat_n")).as("live metrics timed after the replays").isPositive();
        }
        assertThat(out).anySatisfy(l -> assertThat(l).contains("replays").contains("5 complete, 5 recovered"));
    }

    @Test
    void aTinyFilteredFanOutStillDeliversEveryMetricToEveryView() throws Exception {
        Workload tiny = Workload.W5.with(20, 500.0, 1.0, 0.5, false);
        try (TestServer server = TestServer.start(b -> b.batchSize(10).batchTimeoutSeconds(0.05))) {
            RunResult r = bench(server, tiny, null).get(0);

            assertThat(r.count("clients_ready")).isEqualTo(20);
            assertThat(r.count("error_replies")).isZero();
            assertThat(r.count("published")).isGreaterThan(300);
            assertThat(r.count("received")).isEqualTo(r.count("published") * 20);
            assertThat(r.count("missing")).isZero();
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.count("lat_n")).isPositive();
            assertThat(r.num("frames_per_s")).as("batched").isLessThan(r.num("delivered_per_s"));
            assertThat(r.count("filter_views")).isEqualTo(10);
        }
    }
}
