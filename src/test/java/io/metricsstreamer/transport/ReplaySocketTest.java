package io.metricsstreamer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.StreamerConfig;
import io.metricsstreamer.testing.RawWsClient;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SPEC §8 over real sockets: a client that reconnects and replays misses nothing and gets nothing twice. */
@Timeout(120)
class ReplaySocketTest {

    /**
     * A publisher at full speed outruns a test client that parses every message: the server keeps what the client
     * has not read yet rather than dropping it as it would for a slow client (the mark). What is published while a
     * replay runs comes through the replay, from the history, so the pending bounds stay at their defaults. Nothing
     * in these tests may be dropped, so that a missing seq can only be the replay's fault.
     */
    private static void roomForAFullSpeedPublisher(StreamerConfig.Builder b) {
        b.batchSize(100).batchTimeoutSeconds(0.05).historySize(2_000_000).historyBytes(1L << 30)
                .slowClientBytes(512L << 20).slowClientSeconds(60);
    }

    /** Most metrics a publisher of these tests publishes: their clients read what it published, duplicates too. */
    private static final long PUBLISHED = 150_000;

    /**
     * Publishes {@link #PUBLISHED} metrics (seqs 1 to it) as fast as the server takes them (a refused one is offered
     * again), or fewer if stopped.
     */
    private static Thread publisher(TestServer server, AtomicBoolean stop, AtomicLong accepted) {
        Thread t = new Thread(() -> {
            long n = 0;
            while (!stop.get() && n < PUBLISHED) {
                if (server.streamer().queueMetric("system", Map.of("n", n))) {
                    n++;
                    accepted.incrementAndGet();
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "full-speed-publisher");
        t.start();
        return t;
    }

    /**
     * Reads deliveries until one holds a seq of at least {@code seq} and, when {@code completes} is to hold one, a
     * {@code replay_complete} came; returns every seq read, in order.
     */
    private static List<Long> seqsUntil(WsTestClient client, long seq, List<JsonNode> completes, boolean replaying) {
        List<Long> out = new ArrayList<>();
        while (out.isEmpty() || out.get(out.size() - 1) < seq || (replaying && completes.isEmpty())) {
            JsonNode m = client.next();
            String type = m.path("type").asText();
            if (type.equals("replay_complete")) {
                completes.add(m);
                continue;
            }
            for (JsonNode e : WsTestClient.envelopes(m)) {
                out.add(e.get("seq").asLong());
            }
        }
        return out;
    }

    @Test
    void aClientThatReconnectsWithSinceSeqInItsUrlGetsEverySeqOnceInOrderWhileAPublisherRunsAtFullSpeed()
            throws InterruptedException {
        try (TestServer server = TestServer.start(ReplaySocketTest::roomForAFullSpeedPublisher)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong accepted = new AtomicLong();
            Thread publishing = publisher(server, stop, accepted);
            try {
                List<Long> seen = new ArrayList<>();
                String epoch;
                try (WsTestClient first = server.connect()) {
                    epoch = first.welcome().get("epoch").asText();
                    seen.addAll(seqsUntil(first, first.welcome().get("seq").asLong() + 10_000, new ArrayList<>(),
                            false));
                }
                long last = seen.get(seen.size() - 1);
                // The publisher goes on while nobody is connected.
                await().atMost(Duration.ofSeconds(30)).until(() -> server.statistics().path("history_size").asLong()
                        > Math.min(last + 10_000, PUBLISHED - 1));
                URI resume = URI.create(server.wsUri() + "?since_seq=" + last + "&epoch=" + epoch);
                try (WsTestClient again = WsTestClient.connect(resume)) {
                    long liveFrom = again.welcome().get("seq").asLong();
                    List<JsonNode> completes = new ArrayList<>();
                    seen.addAll(seqsUntil(again, Math.min(liveFrom + 20_000, PUBLISHED), completes, true));

                    assertThat(completes).hasSize(1);
                    JsonNode done = completes.get(0);
                    assertThat(done.get("recovered").asBoolean()).isTrue();
                    assertThat(done.get("epoch").asText()).isEqualTo(epoch);
                    assertThat(done.get("from_seq").asLong()).isEqualTo(last + 1);
                    assertThat(done.get("count").asLong()).isEqualTo(done.get("to_seq").asLong() - last);
                }
                long firstSeq = seen.get(0);
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).as("seq at %d of %d", i, seen.size()).isEqualTo(firstSeq + i);
                }
                assertThat(seen.size()).isGreaterThan(20_000);
            } finally {
                stop.set(true);
                publishing.join();
            }
            assertThat(server.statistics().path("total_replays").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aReplayMessageOnALiveConnectionResendsFromTheSeqGivenAndAClientSkippingSeqsItHasMissesNothing()
            throws InterruptedException {
        try (TestServer server = TestServer.start(ReplaySocketTest::roomForAFullSpeedPublisher);
             WsTestClient client = server.connect()) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread publishing = publisher(server, stop, new AtomicLong());
            try {
                String epoch = client.welcome().get("epoch").asText();
                List<Long> read = new ArrayList<>(seqsUntil(client, 10_000, new ArrayList<>(), false));
                long asked = read.get(read.size() - 1);
                client.send("{\"type\":\"replay\",\"since_seq\":" + asked + ",\"epoch\":\"" + epoch + "\"}");
                List<JsonNode> completes = new ArrayList<>();
                read.addAll(seqsUntil(client, Math.min(asked + 15_000, PUBLISHED), completes, true));

                assertThat(completes).hasSize(1);
                assertThat(completes.get(0).get("recovered").asBoolean()).isTrue();
                assertThat(completes.get(0).get("from_seq").asLong()).isEqualTo(asked + 1);
                // What was already on its way when the replay began comes again; a client that skips the seqs it
                // has gets every one once, in order.
                List<Long> kept = new ArrayList<>();
                for (long seq : read) {
                    if (kept.isEmpty() || seq > kept.get(kept.size() - 1)) {
                        kept.add(seq);
                    }
                }
                long firstSeq = kept.get(0);
                for (int i = 0; i < kept.size(); i++) {
                    assertThat(kept.get(i)).as("seq at %d of %d", i, kept.size()).isEqualTo(firstSeq + i);
                }
                assertThat(kept.size()).isGreaterThan(10_000);
            } finally {
                stop.set(true);
                publishing.join();
            }
        }
    }

    @Test
    void aFilteredClientResumesWithItsSubscriptionAndFiltersInTheUrlAndGetsOnlyWhatTheyLetThrough() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1))) {
            for (int i = 1; i <= 6; i++) {
                server.streamer().queueMetric(i % 2 == 0 ? "agent" : "system", Map.of("agent_id", "a" + (i % 3),
                        "load", i, "mem", 10 * i));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.statistics().path("history_size").asLong() == 6);
            String epoch = server.statistics().path("epoch").asText();
            URI url = URI.create(server.wsUri() + "?metric_types=agent&agent_ids=a0,a2&fields=load&since_seq=1&epoch="
                    + epoch);

            try (WsTestClient client = WsTestClient.connect(url)) {
                assertThat(client.next("subscription_confirmed").get("metric_types").toString())
                        .isEqualTo("[\"agent\"]");
                assertThat(client.next("filters_updated").get("filters").toString())
                        .isEqualTo("{\"agent_ids\":[\"a0\",\"a2\"],\"fields\":[\"load\"]}");
                List<JsonNode> replayed = new ArrayList<>();
                JsonNode m = client.next();
                while (!m.path("type").asText().equals("replay_complete")) {
                    replayed.addAll(WsTestClient.envelopes(m));
                    m = client.next();
                }
                // Agents at seqs 2, 4 and 6 with agent ids a2, a1 and a0: a1 is filtered out.
                assertThat(replayed).extracting(e -> e.get("seq").asLong()).containsExactly(2L, 6L);
                assertThat(replayed.get(0).get("data").get("load").asInt()).isEqualTo(2);
                assertThat(replayed.get(0).get("data").has("mem")).as("fields filter").isFalse();
                assertThat(m.get("count").asLong()).isEqualTo(2);
                assertThat(m.get("recovered").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void anInvalidReplayInTheUrlIsRefusedAtTheHandshakeNamingTheProblem() throws Exception {
        try (TestServer server = TestServer.start()) {
            RawWsClient refused = RawWsClient.connect(server.streamer().getPort(), "/?since_seq=12");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.responseBody()).contains("epoch");
            assertThat(server.statistics().path("connected_clients").asInt()).isZero();
        }
    }

    @Test
    void aDashboardOpenedLateReplaysTheLastSecondsThenGoesLiveAndStatisticsShowTheHistory() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1))) {
            for (int i = 0; i < 30; i++) {
                assertThat(server.streamer().queueMetric("system", Map.of("i", i))).isTrue();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.statistics().path("history_size").asLong() == 30);
            JsonNode stats = server.statistics();
            assertThat(stats.get("earliest_seq").asLong()).isEqualTo(1);
            assertThat(stats.get("history_bytes").asLong()).isPositive();
            assertThat(stats.get("epoch").asText()).hasSize(16);

            try (WsTestClient late = server.connect()) {
                late.send("{\"type\":\"replay\",\"since_seconds\":60}");
                List<JsonNode> replayed = new ArrayList<>();
                JsonNode m = late.next();
                while (!m.path("type").asText().equals("replay_complete")) {
                    assertThat(m.path("replay").asBoolean()).isTrue();
                    replayed.addAll(WsTestClient.envelopes(m));
                    m = late.next();
                }
                assertThat(replayed).hasSize(30);
                assertThat(replayed.get(29).get("data").get("i").asInt()).isEqualTo(29);
                assertThat(m.get("recovered").asBoolean()).isTrue();
                assertThat(m.get("earliest_seq").asLong()).isEqualTo(1);

                server.streamer().queueMetric("system", Map.of("i", 30));
                JsonNode live = late.next("metric_update");
                assertThat(live.has("replay")).isFalse();
                assertThat(live.get("data").get("seq").asLong()).isEqualTo(31);
            }
        }
    }

    @Test
    void anInvalidReplayIsRefusedAndWithHistoryOffAReplayAnswersUnrecoveredWithTheConnectionKept() {
        try (TestServer server = TestServer.start(b -> b.batchSize(1).historySize(0));
             WsTestClient client = server.connect()) {
            JsonNode invalid = client.request("{\"type\":\"replay\",\"since_seq\":-1,\"epoch\":\"x\"}");
            assertThat(invalid.get("code").asText()).isEqualTo("invalid_message");

            JsonNode done = client.request("{\"type\":\"replay\",\"since_seconds\":10}");
            assertThat(done.get("type").asText()).isEqualTo("replay_complete");
            assertThat(done.get("recovered").asBoolean()).as("history is off").isFalse();
            assertThat(client.request("{\"type\":\"ping\",\"id\":1}").get("type").asText()).isEqualTo("pong");
        }
    }
}
