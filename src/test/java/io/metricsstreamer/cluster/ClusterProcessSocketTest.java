package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.testing.Closer;
import io.metricsstreamer.testing.RedisServer;
import io.metricsstreamer.testing.ServeProcess;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 12 with nodes as processes: three {@code serve --redis} JVMs, one killed with SIGKILL while metrics
 * flow; its client resumes on another node and ends up with exactly what the clients of the other nodes got.
 */
@Timeout(180)
class ClusterProcessSocketTest {
    @TempDir
    Path tmp;

    @AutoClose
    private final Closer open = new Closer();

    private static void post(ServeProcess node, String... names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            b.append(b.length() > 1 ? "," : "").append("{\"metric_type\":\"system\",\"data\":{\"n\":\"").append(n)
                    .append("\"}}");
        }
        HttpRequest request = HttpRequest.newBuilder(node.http("/api/metrics"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(b.append(']').toString())).build();
        assertThat(TestServer.send(request).statusCode()).isEqualTo(202);
    }

    private static void take(WsTestClient client, List<JsonNode> into, int count) {
        while (into.size() < count) {
            into.addAll(WsTestClient.envelopes(client.next()));
        }
    }

    private static List<Long> seqs(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.get("seq").asLong()).toList();
    }

    private static List<String> names(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.path("data").path("n").asText()).toList();
    }

    @Test
    void aNodeKilledMidStreamLosesItsClientsNothingTheyResumeOnAnotherNode() {
        RedisServer redis = open.add(RedisServer.start());
        String[] args = {"--redis", redis.url(), "--batch-size", "1", "--batch-timeout", "0.05"};
        ServeProcess a = open.add(ServeProcess.start(tmp, args));
        ServeProcess b = open.add(ServeProcess.start(tmp, args));
        ServeProcess c = open.add(ServeProcess.start(tmp, args));
        WsTestClient onA = open.add(WsTestClient.connect(a.wsUri()));
        WsTestClient onB = open.add(WsTestClient.connect(b.wsUri()));
        WsTestClient onC = open.add(WsTestClient.connect(c.wsUri()));
        String epoch = onA.welcome().get("epoch").asText();
        assertThat(List.of(onB.welcome().get("epoch").asText(), onC.welcome().get("epoch").asText()))
                .containsOnly(epoch);

        List<JsonNode> gotA = new ArrayList<>();
        List<JsonNode> gotB = new ArrayList<>();
        List<JsonNode> gotC = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            post(a, "a" + i + "-0", "a" + i + "-1");
        }
        take(onA, gotA, 100);

        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            int afterKill = 0;
            // It goes on until 100 bodies were posted after the kill: the node dies with metrics flowing.
            for (int i = 0; i < 400 || afterKill < 100; i++) {
                post(i % 2 == 0 ? b : c, "p" + i + "-0", "p" + i + "-1");
                sent.incrementAndGet();
                if (killed.get()) {
                    afterKill++;
                }
            }
        });
        take(onA, gotA, 200);
        a.kill();
        killed.set(true);
        await().atMost(Duration.ofSeconds(15)).until(onA::isClosed);
        while (onA.queued() > 0) {
            gotA.addAll(WsTestClient.envelopes(onA.next()));
        }
        publisher.join();
        int total = 100 + 2 * sent.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestServer.parse(TestServer.send(HttpRequest.newBuilder(
                b.http("/api/statistics?scope=cluster")).build()).body()).get("nodes").size() == 2);

        take(onB, gotB, total);
        take(onC, gotC, total);
        List<Long> order = seqs(gotB);
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).isGreaterThan(order.get(i - 1));
        }
        assertThat(new HashSet<>(names(gotB))).hasSize(total);
        assertThat(seqs(gotC)).isEqualTo(order);
        assertThat(names(gotC)).isEqualTo(names(gotB));

        resume(c, epoch, gotA, total);
        assertThat(seqs(gotA)).isEqualTo(order);
        assertThat(names(gotA)).isEqualTo(names(gotB));
        assertThat(onB.staysQuiet(Duration.ofMillis(1))).isTrue();
    }

    /** A client that saw {@code got} resumes on {@code node} (since_seq, epoch) until it has {@code total}. */
    private static void resume(ServeProcess node, String epoch, List<JsonNode> got, int total) {
        long lastSeen = got.get(got.size() - 1).get("seq").asLong();
        URI resume = URI.create(node.wsUri() + "?since_seq=" + lastSeen + "&epoch=" + epoch);
        try (WsTestClient again = WsTestClient.connect(resume)) {
            JsonNode complete = null;
            while (complete == null || got.size() < total) {
                JsonNode m = again.next();
                if (m.path("type").asText().equals("replay_complete")) {
                    complete = m;
                } else {
                    got.addAll(WsTestClient.envelopes(m));
                }
            }
            assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isTrue();
            assertThat(again.staysQuiet(Duration.ofMillis(300))).isTrue();
        }
    }
}
