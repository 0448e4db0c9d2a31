package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.Closer;
import io.metricsstreamer.testing.Nginx;
import io.metricsstreamer.testing.RedisServer;
import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment of docs/CLUSTER.md for real: nginx with {@code examples/nginx/cluster.conf} in front of two
 * {@code serve --redis} processes. A dashboard connected through nginx, whose node is killed with SIGKILL, reconnects
 * through nginx with its {@code since_seq} and {@code epoch}, lands on the other node and misses nothing; the POSTs
 * sent through nginx meanwhile all land. Skipped, with a message, where nginx or redis-server is not installed.
 */
@Timeout(180)
class NginxClusterSocketTest {
    @TempDir
    Path tmp;

    @AutoClose
    private final Closer open = new Closer();

    private static HttpResponse<String> post(URI uri, String name) {
        return TestServer.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metric_type\":\"system\",\"data\":{\"n\":\"" + name
                        + "\"}}")).build());
    }

    private static int connectedClients(ServeProcess node) {
        return TestServer.parse(TestServer.send(HttpRequest.newBuilder(node.http("/api/statistics")).build()).body())
                .path("connected_clients").asInt();
    }

    private static List<String> names(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.path("data").path("n").asText()).toList();
    }

    @Test
    void aDashboardBehindNginxWhoseNodeIsKilledResumesThroughNginxOnTheOtherNodeAndMissesNothing() {
        RedisServer redis = open.add(RedisServer.start());
        String[] args = {"--redis", redis.url(), "--batch-size", "1", "--batch-timeout", "0.05"};
        ServeProcess a = open.add(ServeProcess.start(tmp, args));
        ServeProcess b = open.add(ServeProcess.start(tmp, args));
        Nginx nginx = open.add(Nginx.start(tmp, List.of(a.http("/").getPort(), b.http("/").getPort())));
        URI publish = nginx.uri("http", "/api/metrics");

        WsTestClient dashboard = open.add(WsTestClient.connect(nginx.uri("ws", "/ws")));
        String epoch = dashboard.welcome().get("epoch").asText();
        for (int i = 0; i < 10; i++) {
            assertThat(post(publish, "before" + i).statusCode()).as(nginx.log()).isEqualTo(202);
        }
        List<JsonNode> got = new ArrayList<>(dashboard.metrics(10));
        // Two nodes took the POSTs (nginx alternates): Redis sequences each node's in its own order.
        assertThat(names(got)).containsExactlyInAnyOrder("before0", "before1", "before2", "before3", "before4",
                "before5", "before6", "before7", "before8", "before9");
        ServeProcess holder = connectedClients(a) == 1 ? a : b;
        ServeProcess other = holder == a ? b : a;
        assertThat(connectedClients(holder)).isEqualTo(1);

        holder.kill();
        await().atMost(Duration.ofSeconds(15)).until(dashboard::isClosed);
        for (int i = 0; i < 10; i++) {
            assertThat(post(publish, "after" + i).statusCode()).as("nginx skips the dead node: " + nginx.log())
                    .isEqualTo(202);
        }

        long lastSeen = got.get(got.size() - 1).get("seq").asLong();
        try (WsTestClient again = WsTestClient.connect(nginx.uri("ws", "/ws?since_seq=" + lastSeen + "&epoch="
                + epoch))) {
            assertThat(again.welcome().get("epoch").asText()).isEqualTo(epoch);
            assertThat(connectedClients(other)).isEqualTo(1);
            List<JsonNode> resumed = new ArrayList<>();
            JsonNode complete = null;
            while (complete == null || resumed.size() < 10) {
                JsonNode m = again.next();
                if (m.path("type").asText().equals("replay_complete")) {
                    complete = m;
                } else {
                    resumed.addAll(WsTestClient.envelopes(m));
                }
            }
            assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isTrue();
            assertThat(names(resumed)).as("one node left: its order").containsExactly("after0", "after1", "after2",
                    "after3", "after4", "after5", "after6", "after7", "after8", "after9");
            assertThat(resumed.get(0).get("seq").asLong()).isEqualTo(lastSeen + 1);
            assertThat(again.staysQuiet(Duration.ofMillis(300))).isTrue();
        }
    }
}
