package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.HttpTarget;
import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a user runs it: a real process against a real target, a WebSocket client on its built-in server
 * receiving the run's metrics while it goes, its stdout lines, and its exit status.
 */
@Timeout(120)
class RunCommandSocketTest {
    private static final Pattern WS = Pattern.compile("^listening websocket (ws://127\\.0\\.0\\.1:\\d+/)$");

    @Test
    void theBuiltInServerStreamsTheRunLiveAndTheProcessExitsWithTheVerdict() throws Exception {
        File err = File.createTempFile("run", ".err");
        err.deleteOnExit();
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(3))) {
            Process run = new ProcessBuilder(List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", "--host", "127.0.0.1", "--port", "0", "--http-port", "0",
                    "--target", target.uri("/api/orders").toString(), "--profile", "sustained",
                    "--start-tps", "50", "--peak-tps", "100", "--duration", "6", "--criteria", "max_p99_ms=0"))
                    .redirectError(err).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(),
                    StandardCharsets.UTF_8))) {
                List<String> stdout = new ArrayList<>();
                String ws = null;
                String line;
                while (ws == null && (line = out.readLine()) != null) {
                    stdout.add(line);
                    Matcher m = WS.matcher(line);
                    ws = m.matches() ? m.group(1) : null;
                }
                assertThat(ws).as("the listening websocket line").isNotNull();
                Set<String> seen = new HashSet<>();
                try (WsTestClient client = WsTestClient.connect(URI.create(ws))) {
                    while (!seen.containsAll(Set.of("system", "agent"))) {
                        for (JsonNode envelope : WsTestClient.envelopes(client.next())) {
                            String type = envelope.path("metric_type").asText();
                            if (type.equals("system") && envelope.at("/data/requests_total").asLong() > 0) {
                                seen.add(type);
                            } else if (type.equals("agent")) {
                                assertThat(envelope.at("/data/0/agent_id").asText()).isEqualTo("GET /api/orders");
                                seen.add(type);
                            }
                        }
                    }
                }
                assertThat(run.isAlive()).as("the metrics came while the run went").isTrue();
                while ((line = out.readLine()) != null) {
                    stdout.add(line);
                }
                assertThat(stdout).as("stdout, as the README lists it").allSatisfy(l -> assertThat(l).matches(
                        "|listening (websocket|http) .*| {2}(dashboard|test client|statistics|websocket|python"
                                + "|javascript|publish): +\\S.*|run: GET http://127\\.0\\.0\\.1:\\d+/api/orders, "
                                + "sustained profile, \\d+ requests over 6 s|run finished: .*"
                                + "| {2}(latency ms|errors|schedule|criterion): +\\S.*|run (passed|FAILED)"));
                assertThat(stdout).contains("run FAILED");
                assertThat(stdout).anySatisfy(l -> assertThat(l).startsWith("  criterion:    max_p99_ms 0: ")
                        .endsWith("(FAILED)"));
            } finally {
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(run.exitValue()).as("exit status; stderr:\n" + Files.readString(err.toPath())).isEqualTo(1);
        }
    }

    @Test
    void sigintEndsTheScheduleEarlyAndStillWritesTheSummaryAndTheReport(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        Path report = dir.resolve("report.html");
        Path err = dir.resolve("stderr.txt");
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(1))) {
            Process run = new ProcessBuilder(List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", "--host", "127.0.0.1", "--port", "0", "--http-port", "0",
                    "--target", target.uri("/slow").toString(), "--profile", "sustained", "--start-tps", "50",
                    "--peak-tps", "50", "--duration", "600", "--warm-up", "0", "--summary", summary.toString(),
                    "--report", report.toString(), "--criteria", "max_error_rate=1"))
                    .redirectError(err.toFile()).start();
            try {
                LinkedBlockingQueue<String> lines = ServeProcess.stdoutLines(run);
                String line;
                do {
                    line = lines.poll(60, TimeUnit.SECONDS);
                    assertThat(line).as("stdout until the run starts; stderr:%n%s", Files.readString(err))
                            .isNotNull();
                } while (!line.startsWith("run: GET"));
                await().atMost(Duration.ofSeconds(30)).until(() -> target.requests() >= 50);

                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start();
                assertThat(kill.waitFor(15, TimeUnit.SECONDS)).isTrue();

                assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("ended by SIGINT").isTrue();
                assertThat(run.exitValue()).as("the verdict's status; stderr:%n%s", Files.readString(err)).isZero();
            } finally {
                run.destroyForcibly();
            }
        }
        JsonNode s = TestServer.parse(Files.readString(summary));
        assertThat(s.path("stopped_early").asBoolean()).isTrue();
        assertThat(s.path("duration_seconds").asDouble()).isLessThan(600);
        assertThat(s.path("requests_total").asLong()).as("the target's 50 requests include the connections' warm-up")
                .isPositive().isLessThanOrEqualTo(s.path("requests_scheduled").asLong());
        assertThat(s.path("passed").asBoolean()).isTrue();
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("PASSED").contains("/slow");
    }
}
