package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.testing.HttpTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} on the command line, in process: its exit status, its summary file, its refusals. */
@Timeout(120)
class RunCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--host", "127.0.0.1", "--port", "0", "--http-port", "0"));
        all.addAll(List.of(args));
        return Main.run(Map.of(), all.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
    }

    @Test
    void exitsZeroWhenTheCriteriaPassAndWritesTheSummary() throws Exception {
        Path summary = dir.resolve("summary.json");
        Path body = Files.writeString(dir.resolve("body.json"), "{\"item\":1}");
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(2))) {
            int status = run("--target", target.uri("/orders?x=1").toString(), "--method", "post",
                    "--header", "X-Test: yes", "--body-file", body.toString(), "--profile", "ramp_up",
                    "--start-tps", "50", "--peak-tps", "150", "--duration", "2", "--summary", summary.toString(),
                    "--criteria", "max_p99_ms=60000,max_error_rate=0,min_throughput_tps=50");
            assertThat(status).as(err.toString()).isZero();
            assertThat(target.lastRequest()).isEqualTo("POST /orders?x=1 x-test=yes body={\"item\":1}");
        }
        JsonNode s = Json.mapper().readTree(summary.toFile());
        assertThat(s.path("requests_scheduled").asLong()).isBetween(199L, 200L);
        assertThat(s.path("target_tps").asDouble()).isBetween(99.0, 100.5);
        assertThat(s.path("duration_seconds").asDouble()).isEqualTo(2.0);
        assertThat(s.at("/status_codes/200").asLong()).isEqualTo(s.path("requests_scheduled").asLong());
        assertThat(s.path("name").asText()).isEqualTo("POST /orders");
        assertThat(s.at("/profile/profile_type").asText()).isEqualTo("ramp_up");
        assertThat(s.at("/criteria/max_error_rate/passed").asBoolean()).isTrue();
        assertThat(s.at("/criteria/min_throughput_tps/actual").asDouble()).isBetween(95.0, 100.5);
        assertThat(s.path("passed").asBoolean()).isTrue();
        for (String field : List.of("timestamp", "throughput_tps", "requests_total", "requests_successful",
                "requests_failed", "avg_response_time_ms", "p50_response_time_ms", "p95_response_time_ms",
                "p99_response_time_ms", "max_response_time_ms", "error_rate", "timeout_rate", "cpu_utilization",
                "memory_utilization", "network_throughput_mbps", "scheduling_error_ms")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
        assertThat(s.at("/scheduling_error_ms/p99").isNumber()).isTrue();
    }

    @Test
    void exitsOneWhenACriterionFails() throws Exception {
        Path summary = dir.resolve("summary.json");
        try (HttpTarget target = HttpTarget.withErrors(Duration.ZERO, 4)) {
            int status = run("--target", target.uri("/").toString(), "--profile", "burst", "--start-tps", "50",
                    "--peak-tps", "200", "--burst-duration", "0.5", "--duration", "2", "--summary",
                    summary.toString(), "--criteria", "max_error_rate=0.1");
            assertThat(status).as(err.toString()).isEqualTo(1);
            JsonNode s = Json.mapper().readTree(summary.toFile());
            long warm = s.path("warm_up_requests").asLong();
            long scheduled = s.path("requests_scheduled").asLong();
            assertThat(s.at("/status_codes/500").asLong()).isEqualTo((warm + scheduled) / 4 - warm / 4);
            assertThat(s.at("/criteria/max_error_rate/passed").asBoolean()).isFalse();
            assertThat(s.path("passed").asBoolean()).isFalse();
        }
    }

    @Test
    void optionsThatCannotBeUsedExitTwoBeforeAnythingStarts() {
        String[] base = {"--target", "http://127.0.0.1:1/", "--profile", "wave", "--start-tps", "1", "--peak-tps",
            "2", "--duration", "1"};
        assertThat(run("--profile", "wave", "--start-tps", "1", "--peak-tps", "2", "--duration", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--target");
        assertThat(run(with(base, "--warm-up", "-1"))).isEqualTo(2);
        assertThat(err.toString()).contains("--warm-up must be 0 to 600 seconds, not -1.0");
        assertThat(run(with(base, "--profile", "spiky"))).isEqualTo(2);
        assertThat(err.toString()).contains("'spiky' is not a load profile");
        assertThat(run(with(base, "--criteria", "max_p99=3"))).isEqualTo(2);
        assertThat(err.toString()).contains("unknown criterion 'max_p99'");
        assertThat(run(with(base, "--start-tps", "-5"))).isEqualTo(2);
        assertThat(err.toString()).contains("start_tps must be");
        assertThat(run(with(base, "--header", "no colon"))).isEqualTo(2);
        assertThat(err.toString()).contains("is not 'NAME: VALUE'");
        assertThat(run(with(base, "--target", "ftp://x/"))).isEqualTo(2);
        assertThat(err.toString()).contains("only http:// and https://");
        assertThat(run(with(base, "--body-file", dir.resolve("missing").toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("cannot be read");
        assertThat(run(with(base, "--summary", dir.resolve("no/such/dir/s.json").toString()))).isEqualTo(2);
        assertThat(err.toString()).contains("--summary");
        assertThat(run(with(base, "--max-connections", "0"))).isEqualTo(2);
        assertThat(err.toString()).contains("max connections");
    }

    /** {@code base} with {@code option} set to {@code value} (replacing its value when it has one). */
    private static String[] with(String[] base, String option, String value) {
        List<String> all = new ArrayList<>(List.of(base));
        int at = all.indexOf(option);
        if (at >= 0) {
            all.set(at + 1, value);
        } else {
            all.addAll(List.of(option, value));
        }
        return all.toArray(String[]::new);
    }
}
