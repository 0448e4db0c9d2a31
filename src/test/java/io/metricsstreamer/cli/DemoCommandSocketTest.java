package io.metricsstreamer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.WsTestClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code demo} as a user runs it: a real process, its printed URLs, all five metric types on the WebSocket. */
@Timeout(90)
class DemoCommandSocketTest {
    private static final Pattern WS = Pattern.compile("^listening websocket (ws://127\\.0\\.0\\.1:\\d+/)$");

    @Test
    void demoPublishesEveryMetricTypeAndStopsCleanlyAfterItsDuration() throws Exception {
        File err = File.createTempFile("demo", ".err");
        err.deleteOnExit();
        Process demo = new ProcessBuilder(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--duration", "6", "--seed", "3",
                "--rate-multiplier", "4", "--agents", "5"))
                .redirectError(err).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> stdout = new ArrayList<>();
            String ws = null;
            boolean dashboardUrl = false;
            String line;
            while ((line = out.readLine()) != null && !(ws != null && dashboardUrl)) {
                stdout.add(line);
                Matcher m = WS.matcher(line);
                ws = m.matches() ? m.group(1) : ws;
                dashboardUrl |= line.matches("\\s+dashboard:\\s+http://127\\.0\\.0\\.1:\\d+/");
            }
            assertThat(ws).as("the listening websocket line").isNotNull();
            assertThat(dashboardUrl).as("the dashboard URL").isTrue();
            Set<String> types = new HashSet<>();
            try (WsTestClient client = WsTestClient.connect(URI.create(ws))) {
                while (types.size() < 5) {
                    for (JsonNode envelope : WsTestClient.envelopes(client.next())) {
                        types.add(envelope.path("metric_type").asText());
                        if ("agent".equals(envelope.path("metric_type").asText())) {
                            assertThat(envelope.path("data").size()).isEqualTo(5);
                            assertThat(envelope.at("/data/0/agent_id").asText()).isEqualTo("agent_1");
                        }
                    }
                }
            }
            assertThat(types).containsExactlyInAnyOrder("system", "agent", "business", "hero", "presentation");
            if (line != null) {
                stdout.add(line);
            }
            while ((line = out.readLine()) != null) {
                stdout.add(line);
            }
            assertThat(stdout).as("stdout, as the README lists it (blank lines too)").allSatisfy(l -> assertThat(l)
                    .matches("|listening (websocket|http) .*| {2}(dashboard|test client|statistics|websocket|python"
                            + "|javascript|publish): +\\S.*|demo finished: \\d+ metrics published|stopped"));
            assertThat(stdout).filteredOn(l -> l.startsWith("demo finished") || l.equals("stopped"))
                    .hasSize(2).last().isEqualTo("stopped");
        } finally {
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(demo.exitValue()).as("exit status; stderr:\n" + read(err)).isZero();
    }

    private static String read(File f) throws IOException {
        return java.nio.file.Files.readString(f.toPath());
    }
}
