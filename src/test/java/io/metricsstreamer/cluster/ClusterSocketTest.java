package io.metricsstreamer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.RealTimeMetricsStreamer;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.cli.Main;
import io.metricsstreamer.cli.ServerOptions;
import io.metricsstreamer.testing.Closer;
import io.metricsstreamer.testing.LogCapture;
import io.metricsstreamer.testing.RedisServer;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * SPEC section 12 on real sockets and a real Redis: two nodes in one JVM share a redis-server, clients on each, and
 * publishers on both (HTTP and the Java API).
 */
@Timeout(90)
class ClusterSocketTest {
    private RedisServer redis;
    private final Closer open = new Closer();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        open.close();
        if (redis != null) {
            redis.close();
        }
    }

    private TestServer node() {
        TestServer node = TestServer.start(b -> b.redis(redis.url()));
        open.add(node);
        return node;
    }

    private static String body(String... names) {
        StringBuilder b = new StringBuilder("[");
        for (String n : names) {
            b.append(b.length() > 1 ? "," : "").append("{\"metric_type\":\"system\",\"data\":{\"n\":\"").append(n)
                    .append("\"}}");
        }
        return b.append(']').toString();
    }

    /** The metrics a client receives until it has {@code count}; fails on any other message. */
    private static List<JsonNode> received(WsTestClient client, int count) {
        return client.metrics(count);
    }

    private static List<Long> seqs(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.get("seq").asLong()).toList();
    }

    private static List<String> names(List<JsonNode> metrics) {
        return metrics.stream().map(m -> m.path("data").path("n").asText()).toList();
    }

    @Test
    void everyClientOnEveryNodeGetsEveryMetricOnceInOneSeqOrderAndOneEpoch() {
        TestServer a = node();
        TestServer b = node();
        WsTestClient a1 = open.add(a.connect());
        WsTestClient a2 = open.add(a.connect());
        WsTestClient b1 = open.add(b.connect());
        String epoch = a1.welcome().get("epoch").asText();
        assertThat(b1.welcome().get("epoch").asText()).isEqualTo(epoch).isNotEmpty();
        assertThat(b.statistics().get("epoch").asText()).isEqualTo(epoch);

        List<CompletableFuture<Void>> publishers = List.of(
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        assertThat(a.post(body("httpA-" + i + "-0", "httpA-" + i + "-1")).statusCode()).isEqualTo(202);
                    }
                }),
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        assertThat(b.post(body("httpB-" + i + "-0", "httpB-" + i + "-1")).statusCode()).isEqualTo(202);
                    }
                }),
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        assertThat(b.streamer().queueMetric("system", Map.of("n", "javaB-" + i))).isTrue();
                    }
                }),
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        assertThat(a.streamer().queueMetric("system", Map.of("n", "javaA-" + i))).isTrue();
                    }
                }));
        publishers.forEach(CompletableFuture::join);
        int total = 100 + 50 + 100 + 50;

        List<JsonNode> onA1 = received(a1, total);
        List<JsonNode> onA2 = received(a2, total);
        List<JsonNode> onB1 = received(b1, total);
        assertThat(onA1).hasSize(total);
        List<Long> order = seqs(onA1);
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).as("seq after " + order.get(i - 1)).isGreaterThan(order.get(i - 1));
        }
        assertThat(new HashSet<>(names(onA1))).hasSize(total);
        assertThat(seqs(onA2)).isEqualTo(order);
        assertThat(seqs(onB1)).isEqualTo(order);
        assertThat(names(onA2)).isEqualTo(names(onA1));
        assertThat(names(onB1)).isEqualTo(names(onA1));
        // One POST's metrics take consecutive seqs: a batch is sequenced atomically, cluster-wide.
        List<String> names = names(onA1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith("http") && names.get(i).endsWith("-0")) {
                String pair = names.get(i).substring(0, names.get(i).length() - 1) + "1";
                assertThat(names.get(i + 1)).isEqualTo(pair);
                assertThat(order.get(i + 1)).isEqualTo(order.get(i) + 1);
            }
        }
        // Exactly once: nothing more comes.
        assertThat(a1.staysQuiet(Duration.ofMillis(300))).isTrue();
        assertThat(b1.staysQuiet(Duration.ofMillis(1))).isTrue();
        assertThat(a.statistics().get("total_metrics_published").asLong()).isEqualTo(150);
        assertThat(b.statistics().get("total_metrics_published").asLong()).isEqualTo(150);
    }

    @Test
    void aClientWhoseNodeItLeftReplaysOnTheOtherNodeWhatItMissedRecovered() {
        TestServer a = node();
        TestServer b = node();
        long lastSeen;
        String epoch;
        try (WsTestClient onA = a.connect()) {
            epoch = onA.welcome().get("epoch").asText();
            for (int i = 0; i < 20; i++) {
                assertThat(a.streamer().queueMetric("system", Map.of("n", "before-" + i))).isTrue();
            }
            List<JsonNode> got = received(onA, 20);
            lastSeen = got.get(got.size() - 1).get("seq").asLong();
        }
        for (int i = 0; i < 15; i++) {
            assertThat(b.post(body("missed-" + i + "-0", "missed-" + i + "-1")).statusCode()).isEqualTo(202);
        }
        URI resume = URI.create(b.wsUri() + "?since_seq=" + lastSeen + "&epoch=" + epoch);
        try (WsTestClient onB = WsTestClient.connect(resume)) {
            List<JsonNode> replayed = new ArrayList<>();
            JsonNode complete = null;
            while (complete == null || replayed.size() < 30) {
                JsonNode m = onB.next();
                if (m.path("type").asText().equals("replay_complete")) {
                    complete = m;
                    continue;
                }
                replayed.addAll(WsTestClient.envelopes(m));
            }
            assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isTrue();
            assertThat(complete.get("epoch").asText()).isEqualTo(epoch);
            List<Long> expected = new ArrayList<>();
            for (long s = lastSeen + 1; s <= lastSeen + 30; s++) {
                expected.add(s);
            }
            assertThat(seqs(replayed)).isEqualTo(expected);
            assertThat(names(replayed)).allMatch(n -> n.startsWith("missed-"));
            assertThat(onB.staysQuiet(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void aNodeStartedLateBackfillsItsHistoryFromTheCluster() {
        TestServer a = node();
        WsTestClient onA = open.add(a.connect());
        for (int i = 0; i < 40; i++) {
            assertThat(a.streamer().queueMetric("system", Map.of("n", "early-" + i))).isTrue();
        }
        List<JsonNode> early = received(onA, 40);
        TestServer late = node();
        WsTestClient onLate = open.add(late.connect());
        String epoch = onA.welcome().get("epoch").asText();
        assertThat(onLate.welcome().get("epoch").asText()).isEqualTo(epoch);
        assertThat(onLate.welcome().get("seq").asLong()).isEqualTo(early.get(39).get("seq").asLong());
        assertThat(late.statistics().get("history_size").asLong()).isEqualTo(40);

        onLate.send("{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + epoch + "\"}");
        List<JsonNode> replayed = received(onLate, 40);
        JsonNode complete = onLate.next("replay_complete");
        assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isTrue();
        assertThat(complete.get("count").asLong()).isEqualTo(40);
        assertThat(seqs(replayed)).isEqualTo(seqs(early));
        assertThat(names(replayed)).isEqualTo(names(early));
    }

    @Test
    void aLateNodeWhoseClusterNoLongerHoldsTheStartSaysAReplayFromThereIsNotWhole() {
        TestServer a = TestServer.start(b -> b.redis(redis.url()).historySize(10));
        open.add(a);
        for (int i = 0; i < 12_000; i += 500) {
            String[] names = new String[500];
            for (int j = 0; j < 500; j++) {
                names[j] = "n" + (i + j);
            }
            assertThat(a.post(body(names)).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> a.statistics().path("history_size").asLong() == 10
                && a.statistics().path("earliest_seq").asLong() == 11_991);
        TestServer late = node();
        JsonNode stats = late.statistics();
        assertThat(stats.get("earliest_seq").asLong()).isGreaterThan(1);
        try (WsTestClient client = late.connect()) {
            client.send("{\"type\":\"replay\",\"since_seq\":0,\"epoch\":\"" + stats.get("epoch").asText() + "\"}");
            JsonNode complete = null;
            Set<Long> seen = new HashSet<>();
            while (complete == null) {
                JsonNode m = client.next();
                if (m.path("type").asText().equals("replay_complete")) {
                    complete = m;
                } else {
                    WsTestClient.envelopes(m).forEach(e -> seen.add(e.get("seq").asLong()));
                }
            }
            assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isFalse();
            assertThat(seen).contains(12_000L).doesNotContain(1L);
        }
    }

    @Test
    void aRedisThatRestartsWithItsDataLosesNothingAndRepeatsNothing() {
        redis.close();
        redis = RedisServer.start(true);
        TestServer a = node();
        TestServer b = node();
        WsTestClient onA = open.add(a.connect());
        WsTestClient onB = open.add(b.connect());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertThat(a.streamer().queueMetric("system", Map.of("n", "before-" + i))).isTrue();
            expected.add("before-" + i);
        }
        List<JsonNode> gotA = new ArrayList<>(received(onA, 20));
        redis.kill();
        for (int i = 0; i < 20; i++) {
            assertThat(b.streamer().queueMetric("system", Map.of("n", "during-" + i))).isTrue();
            expected.add("during-" + i);
        }
        redis.restart();
        for (int i = 0; i < 20; i++) {
            assertThat(a.streamer().queueMetric("system", Map.of("n", "after-" + i))).isTrue();
            expected.add("after-" + i);
        }
        gotA.addAll(received(onA, 40));
        List<JsonNode> gotB = received(onB, 60);
        assertThat(new HashSet<>(names(gotA))).isEqualTo(new HashSet<>(expected));
        assertThat(names(gotA)).hasSize(60);
        assertThat(seqs(gotB)).isEqualTo(seqs(gotA));
        assertThat(names(gotB)).isEqualTo(names(gotA));
        assertThat(onA.staysQuiet(Duration.ofMillis(300))).isTrue();
        assertThat(a.statistics().get("total_metrics_dropped").asLong()).isZero();
        assertThat(b.statistics().get("total_metrics_dropped").asLong()).isZero();
    }

    @Test
    void whileRedisIsDownANodeSaysItIsDegradedRefusesPastItsBufferAndHealsWhenRedisIsBack() {
        redis.close();
        redis = RedisServer.start(true);
        TestServer a = TestServer.start(b -> b.redis(redis.url()).ingressCapacity(50));
        open.add(a);
        WsTestClient onA = open.add(a.connect());
        assertThat(a.get("/healthz").statusCode()).isEqualTo(200);
        JsonNode cluster = a.statistics().get("cluster");
        assertThat(cluster.get("redis").asText()).isEqualTo(redis.url());
        assertThat(cluster.get("reachable").asBoolean()).isTrue();
        assertThat(cluster.get("node_id").asText()).isNotEmpty();

        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/healthz").statusCode() == 503);
        assertThat(TestServer.parse(a.get("/healthz").body()).get("status").asText()).isEqualTo("degraded");
        assertThat(a.statistics().get("cluster").get("reachable").asBoolean()).isFalse();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            if (a.streamer().queueMetric("system", Map.of("n", "down-" + i))) {
                accepted.add("down-" + i);
            } else {
                refused++;
            }
        }
        assertThat(accepted).as("the outbound buffer and the calls in flight").isNotEmpty().hasSizeLessThan(100);
        assertThat(a.post(body("refused")).statusCode()).isEqualTo(503);
        assertThat(a.statistics().get("total_metrics_dropped").asLong()).isEqualTo(refused + 1);
        assertThat(onA.isClosed()).as("clients stay connected").isFalse();

        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/healthz").statusCode() == 200);
        assertThat(names(received(onA, accepted.size()))).isEqualTo(accepted);
        assertThat(onA.staysQuiet(Duration.ofMillis(300))).isTrue();
    }

    @Test
    void whenRedisComesBackWithoutItsDataTheNodesTakeUpOneNewEpochAndTheirClientsReplayInIt() {
        TestServer a = node();
        TestServer b = node();
        WsTestClient onA = open.add(a.connect());
        WsTestClient onB = open.add(b.connect());
        String oldEpoch = onA.welcome().get("epoch").asText();
        assertThat(a.post(body("before")).statusCode()).isEqualTo(202);
        long lastSeen = seqs(received(onA, 1)).get(0);
        assertThat(names(received(onB, 1))).containsExactly("before");

        redis.stop();
        redis.restart();

        assertThat(onA.awaitCloseCode()).isEqualTo(1012);
        assertThat(onA.closeReason()).isEqualTo("cluster history lost: reconnect and replay");
        assertThat(onB.awaitCloseCode()).isEqualTo(1012);
        await().atMost(Duration.ofSeconds(15)).until(() -> a.get("/healthz").statusCode() == 200
                && b.get("/healthz").statusCode() == 200);
        String newEpoch = a.statistics().get("epoch").asText();
        assertThat(newEpoch).isNotEqualTo(oldEpoch);
        assertThat(b.statistics().get("epoch").asText()).as("one epoch for the cluster").isEqualTo(newEpoch);
        assertThat(TestServer.parse(a.get("/api/statistics?scope=cluster").body()).get("epoch").asText())
                .isEqualTo(newEpoch);

        // the dashboard's way back: a replay from its last seq in the old epoch is answered as not whole
        URI resume = URI.create(a.wsUri() + "?since_seq=" + lastSeen + "&epoch=" + oldEpoch);
        WsTestClient again = open.add(WsTestClient.connect(resume));
        assertThat(again.welcome().get("epoch").asText()).isEqualTo(newEpoch);
        JsonNode complete = again.next("replay_complete");
        assertThat(complete.get("recovered").asBoolean()).as(complete.toString()).isFalse();
        assertThat(complete.get("epoch").asText()).isEqualTo(newEpoch);
        WsTestClient onB2 = open.add(b.connect());
        assertThat(onB2.welcome().get("epoch").asText()).isEqualTo(newEpoch);

        assertThat(a.post(body("after-a")).statusCode()).isEqualTo(202);
        assertThat(b.streamer().queueMetric("system", Map.of("n", "after-b"))).isTrue();
        List<JsonNode> gotA = received(again, 2);
        List<JsonNode> gotB = received(onB2, 2);
        assertThat(names(gotA)).containsExactlyInAnyOrder("after-a", "after-b");
        assertThat(seqs(gotA)).as("the new epoch starts at seq 1").containsExactly(1L, 2L);
        assertThat(names(gotB)).isEqualTo(names(gotA));
        assertThat(again.staysQuiet(Duration.ofMillis(300))).isTrue();
    }

    @Test
    void whatANodeAcceptedWhileItsRedisWasDownIsPublishedInTheNewEpochOnceInItsOrder() {
        TestServer a = node();
        redis.kill();
        int accepted = 0;
        for (int i = 0; i < 40; i++) {
            if (a.streamer().queueMetric("system", Map.of("n", "down-" + i))) {
                accepted++;
            }
        }
        long refused = a.statistics().get("total_metrics_dropped").asLong();
        assertThat(accepted + refused).isEqualTo(40);
        assertThat(accepted).isPositive();
        redis.restart();

        int total = accepted;
        await().atMost(Duration.ofSeconds(20)).until(() -> a.get("/healthz").statusCode() == 200
                && a.statistics().get("history_size").asLong() == total);
        JsonNode stats = a.statistics();
        assertThat(stats.get("total_metrics_dropped").asLong()).as("nothing accepted is dropped").isEqualTo(refused);
        assertThat(stats.get("metrics_queue_size").asLong()).isZero();
        URI fromStart = URI.create(a.wsUri() + "?since_seq=0&epoch=" + stats.get("epoch").asText());
        WsTestClient c = open.add(WsTestClient.connect(fromStart));
        List<JsonNode> replayed = received(c, total);
        assertThat(c.next("replay_complete").get("recovered").asBoolean()).isTrue();
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            inOrder.add("down-" + i);
        }
        assertThat(names(replayed)).as("in the order they were accepted").isEqualTo(inOrder);
        assertThat(seqs(replayed).get(0)).isEqualTo(1L);
        assertThat(c.staysQuiet(Duration.ofMillis(300))).isTrue();
    }

    @Test
    void metricsPublishedToARedisStalledPastTheCommandTimeoutArePublishedOnceNotCountedDropped() {
        TestServer a = node();
        WsTestClient onA = open.add(a.connect());
        List<String> expected = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            redis.pause();
            for (int i = 0; i < 5; i++) {
                assertThat(a.streamer().queueMetric("system", Map.of("n", "stalled-" + i))).isTrue();
                expected.add("stalled-" + i);
            }
            // the heartbeat's commands time out (10 s); the publish calls have no timeout and wait
            await().atMost(Duration.ofSeconds(30)).until(() -> log.events().stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("this node's heartbeat failed")));
            redis.resume();
        }
        assertThat(names(received(onA, 5))).isEqualTo(expected);
        assertThat(onA.staysQuiet(Duration.ofMillis(500))).isTrue();
        await().until(() -> a.statistics().get("metrics_queue_size").asLong() == 0);
        assertThat(a.statistics().get("total_metrics_dropped").asLong()).isZero();
    }

    @Test
    void clusterStatisticsListEveryLiveNodeWithItsFiguresAndTheTotals() {
        TestServer a = node();
        TestServer b = node();
        open.add(a.connect());
        open.add(b.connect());
        open.add(b.connect());
        for (int i = 0; i < 10; i++) {
            assertThat(a.streamer().queueMetric("system", Map.of("n", i))).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cluster = TestServer.parse(b.get("/api/statistics?scope=cluster").body());
            assertThat(cluster.get("nodes")).hasSize(2);
            assertThat(cluster.get("totals").get("nodes").asInt()).isEqualTo(2);
            assertThat(cluster.get("totals").get("connected_clients").asLong()).isEqualTo(3);
            assertThat(cluster.get("totals").get("total_metrics_published").asLong()).isEqualTo(10);
            assertThat(cluster.get("totals").get("total_metrics_delivered").asLong()).isEqualTo(30);
        });
        JsonNode cluster = TestServer.parse(b.get("/api/statistics?scope=cluster").body());
        assertThat(cluster.get("epoch").asText()).isEqualTo(a.statistics().get("epoch").asText());
        String idOfA = a.statistics().get("cluster").get("node_id").asText();
        JsonNode nodeA = null;
        for (JsonNode n : cluster.get("nodes")) {
            if (n.get("node_id").asText().equals(idOfA)) {
                nodeA = n;
            }
        }
        assertThat(nodeA).as("node a in " + cluster).isNotNull();
        assertThat(nodeA.get("port").asInt()).isEqualTo(a.streamer().getPort());
        assertThat(nodeA.get("http_port").asInt()).isEqualTo(a.streamer().getHttpPort());
        assertThat(nodeA.get("connected_clients").asInt()).isEqualTo(1);
        assertThat(nodeA.get("last_heartbeat").asText()).endsWith("Z");
        assertThat(a.streamer().getClusterStatistics().epoch()).isEqualTo(cluster.get("epoch").asText());

        b.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestServer.parse(
                a.get("/api/statistics?scope=cluster").body()).get("nodes").size() == 1);
    }

    @Test
    void aServerAloneHasNoClusterInItsStatistics() {
        redis.close();
        redis = null;
        try (TestServer alone = TestServer.start()) {
            assertThat(alone.statistics().get("cluster").isNull()).isTrue();
            assertThat(alone.streamer().getClusterStatistics()).isNull();
            var cluster = alone.get("/api/statistics?scope=cluster");
            assertThat(cluster.statusCode()).isEqualTo(400);
            assertThat(cluster.body()).contains("--redis");
            var bogus = alone.get("/api/statistics?scope=everything");
            assertThat(bogus.statusCode()).isEqualTo(400);
            assertThat(bogus.body()).contains("scope").contains("everything");
            assertThat(alone.get("/api/statistics?scope=node").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNodeWhoseRedisCannotBeReachedDoesNotStartAndSaysWhy() throws Exception {
        int nothing;
        try (ServerSocket s = new ServerSocket(0)) {
            nothing = s.getLocalPort();
        }
        RealTimeMetricsStreamer streamer = new RealTimeMetricsStreamer(StreamerConfig.builder().host("127.0.0.1")
                .port(0).httpPort(0).redis("redis://:sesame@127.0.0.1:" + nothing).build());
        assertThatThrownBy(streamer::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--redis redis://127.0.0.1:" + nothing).hasMessageNotContaining("sesame");
        assertThat(streamer.isRunning()).isFalse();
    }

    @Test
    void theServeOptionReachesTheConfigAndNoOptionMeansNoCluster() {
        redis.close();
        redis = null;
        CommandLine.ParseResult serve = Main.commandLine().parseArgs("serve", "--redis", "redis://10.0.0.5:6380/2")
                .subcommand();
        ServerOptions options = (ServerOptions) serve.commandSpec().mixins().get("options").userObject();
        assertThat(options.toConfig().redis()).isEqualTo("redis://10.0.0.5:6380/2");
        assertThat(options.toConfig().clustered()).isTrue();
        assertThat(StreamerConfig.builder().build().clustered()).isFalse();
    }

    @Test
    void aRedisUrlThatIsNotOneIsRefusedNamingTheOption() {
        redis.close();
        redis = null;
        assertThatThrownBy(() -> StreamerConfig.builder().redis("localhost:6379").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--redis");
        assertThatThrownBy(() -> StreamerConfig.builder().redis("redis://:secret@/0").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--redis")
                .hasMessageNotContaining("secret");
    }
}
