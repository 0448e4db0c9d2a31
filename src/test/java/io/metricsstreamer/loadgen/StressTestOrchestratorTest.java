package io.metricsstreamer.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.testing.HttpTarget;
import io.metricsstreamer.testing.TestServer;
import io.metricsstreamer.testing.WsTestClient;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The orchestrator against a real HTTP service on a real socket (HttpTarget: injected latency, errors, a stall).
 * Counts are checked exactly; times loosely (the machine is shared), but each check fails if the model were closed
 * (a stall hidden) or requests were delayed instead of failed.
 */
@Timeout(120)
class StressTestOrchestratorTest {
    private static LoadProfile constant(double tps, double seconds) {
        return LoadProfile.builder().profileType(ProfileType.SUSTAINED).startTps(tps).peakTps(tps)
                .durationSeconds(seconds).build();
    }

    private static RunSummary run(HttpTarget target, LoadProfile profile, TestScenario.Builder tweak)
            throws InterruptedException {
        TestScenario scenario = tweak.target(Target.get(target.uri("/orders").toString())).loadProfile(profile)
                .build();
        return new StressTestOrchestrator().executeScenario(scenario);
    }

    @Test
    void holdsTheScheduleAndMeasuresTheInjectedLatency() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(40))) {
            RunSummary s = run(target, constant(200, 3), TestScenario.builder());
            assertThat(s.requestsScheduled()).isBetween(599L, 600L);
            assertThat(target.requests()).isEqualTo(s.warmUpRequests() + s.requestsScheduled());
            assertThat(s.warmUpRequests()).as("3 rounds of the first 50 ms' connections").isEqualTo(3 * 10);
            assertThat(s.requestsTotal()).isEqualTo(s.requestsScheduled());
            assertThat(s.requestsSuccessful()).isEqualTo(s.requestsScheduled());
            assertThat(s.statusCodes()).containsExactly(java.util.Map.entry("200", s.requestsScheduled()));
            assertThat(s.throughputTps()).isCloseTo(s.targetTps(), within(s.targetTps() * 0.05));
            assertThat(s.targetTps()).isCloseTo(200, within(1.0));
            assertThat(s.p50ResponseTimeMs()).isGreaterThanOrEqualTo(40).isLessThan(200);
            assertThat(s.p99ResponseTimeMs()).isGreaterThanOrEqualTo(40).isLessThan(1000);
            assertThat(s.errorRate()).isZero();
            assertThat(s.passed()).isTrue();
            assertThat(s.schedulingErrorMs().max()).isGreaterThan(0);
            assertThat(target.connectionsAccepted()).as("keep-alive: connections are reused")
                    .isLessThan(target.requests() / 3);
        }
    }

    @Test
    void aWarmUpSendsTheStartingRateFirstAndCountsItInNoFigure() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(1))) {
            RunSummary s = run(target, constant(200, 1), TestScenario.builder().warmUp(Duration.ofSeconds(1)));

            assertThat(s.requestsScheduled()).isBetween(199L, 200L);
            assertThat(s.warmUpRequests()).as("3 rounds of 10, then a second at 200/s").isBetween(3 * 10 + 199L,
                    3 * 10 + 200L);
            assertThat(target.requests()).isEqualTo(s.warmUpRequests() + s.requestsScheduled());
            assertThat(s.requestsTotal()).isEqualTo(s.requestsScheduled());
            assertThat(s.statusCodes()).containsExactly(java.util.Map.entry("200", s.requestsScheduled()));
        }
        assertThatThrownBy(() -> TestScenario.builder().target("http://127.0.0.1:1/").loadProfile(constant(1, 1))
                .warmUp(Duration.ofSeconds(-1)).build()).hasMessageContaining("warm-up");
    }

    @Test
    void countsErrorsExactlyAndJudgesTheCriteria() throws Exception {
        try (HttpTarget target = HttpTarget.withErrors(Duration.ZERO, 10)) {
            RunSummary s = run(target, constant(150, 2), TestScenario.builder()
                    .successCriteria(SuccessCriteria.parse("max_error_rate=0.05,max_p99_ms=60000")));
            // the target fails its 10th, 20th, ... request; the warm-up's requests came first and are not counted
            long warm = s.warmUpRequests();
            long errors = (warm + s.requestsScheduled()) / 10 - warm / 10;
            assertThat(target.errors()).isEqualTo(warm / 10 + errors);
            assertThat(s.statusCodes().get("500")).isEqualTo(errors);
            assertThat(s.statusCodes().get("200")).isEqualTo(s.requestsScheduled() - errors);
            assertThat(s.requestsFailed()).isEqualTo(errors);
            assertThat(s.errorRate()).isCloseTo(errors / (double) s.requestsTotal(), within(1e-12));
            assertThat(s.criteria().get("max_error_rate").passed()).isFalse();
            assertThat(s.criteria().get("max_p99_ms").passed()).isTrue();
            assertThat(s.passed()).isFalse();
        }
    }

    @Test
    void aOneSecondStallShowsInP99AndMaxBecauseLatencyCountsFromTheIntendedStart() throws Exception {
        try (HttpTarget target = HttpTarget.withStall(Duration.ZERO, Duration.ofMillis(1000),
                Duration.ofMillis(1000))) {
            RunSummary s = run(target, constant(100, 4), TestScenario.builder());
            assertThat(s.requestsSuccessful()).isEqualTo(s.requestsScheduled());
            // about 100 of 400 requests arrive in the stall and wait up to 1 s: the slowest 1% waited over 0.9 s
            assertThat(s.maxResponseTimeMs()).isGreaterThan(900);
            assertThat(s.p99ResponseTimeMs()).isGreaterThan(800);
            assertThat(s.p50ResponseTimeMs()).isLessThan(500);
            assertThat(s.throughputTps()).isCloseTo(s.targetTps(), within(s.targetTps() * 0.05));
        }
    }

    @Test
    void requestsDueBeyondMaxConnectionsFailAtOnceAndAreNeverDelayed() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(500))) {
            RunSummary s = run(target, constant(100, 2), TestScenario.builder().maxConnections(10));
            long overLimit = s.failures().get("over_limit");
            assertThat(target.maxOpenConnections()).isLessThanOrEqualTo(10);
            // 10 in flight for 0.5 s each: at most about 20/s answered, the rest of the 100/s refused at once
            assertThat(overLimit).isGreaterThan(s.requestsScheduled() / 2);
            assertThat(s.requestsSuccessful() + overLimit).isEqualTo(s.requestsScheduled());
            assertThat(target.requests()).isEqualTo(s.warmUpRequests() + s.requestsSuccessful());
            assertThat(s.requestsFailed()).isEqualTo(overLimit);
            // queued behind the limit instead, the 200 requests would wait up to 10 s for 20 answers a second
            assertThat(s.p50ResponseTimeMs()).as("answered requests were not queued behind the limit")
                    .isLessThan(3000);
        }
    }

    @Test
    void aSlowTargetTimesOutAndARefusedConnectionFailsBothCountedApart() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ofSeconds(5))) {
            RunSummary s = run(target, constant(50, 1), TestScenario.builder().timeout(Duration.ofMillis(300)));
            assertThat(s.failures().get("timeout")).isEqualTo(s.requestsScheduled());
            assertThat(s.timeoutRate()).isEqualTo(1.0);
            assertThat(s.maxResponseTimeMs()).isGreaterThanOrEqualTo(300).isLessThan(5000);
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }
        RunSummary refused = new StressTestOrchestrator().executeScenario(TestScenario.builder()
                .target("http://127.0.0.1:" + closedPort + "/").loadProfile(constant(20, 1)).build());
        assertThat(refused.failures().get("connect")).isEqualTo(refused.requestsScheduled());
        assertThat(refused.errorRate()).isEqualTo(1.0);
        assertThat(refused.statusCodes()).isEmpty();
        assertThatThrownBy(() -> new StressTestOrchestrator().executeScenario(TestScenario.builder()
                .target("http://no-such-host.invalid/").loadProfile(constant(20, 1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void stopEndsTheScheduleEarlyAndSummarisesWhatRan() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ZERO)) {
            StressTestOrchestrator orchestrator = new StressTestOrchestrator();
            TestScenario scenario = TestScenario.builder().target(target.uri("/").toString())
                    .loadProfile(constant(200, 60)).build();
            CompletableFuture<RunSummary> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return orchestrator.executeScenario(scenario);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> target.requests() > 200);
            orchestrator.stop();
            RunSummary s = running.get(30, TimeUnit.SECONDS);
            assertThat(s.stoppedEarly()).isTrue();
            assertThat(s.durationSeconds()).isGreaterThan(0.5).isLessThan(50);
            assertThat(s.requestsScheduled()).isLessThan(200 * 50);
            assertThat(target.requests()).isEqualTo(s.warmUpRequests() + s.requestsScheduled());
            assertThat(s.requestsTotal()).isEqualTo(s.requestsScheduled());
            assertThat(s.targetTps()).as("the rate of what ran").isCloseTo(200, within(20.0));
        }
    }

    @Test
    void theRunStreamsSystemAndEndpointMetricsLiveAndKeepsThemForTheReport() throws Exception {
        try (HttpTarget target = HttpTarget.start(Duration.ofMillis(5));
                TestServer server = TestServer.start();
                WsTestClient client = WsTestClient.connect(server.wsUri())) {
            StressTestOrchestrator orchestrator = new StressTestOrchestrator();
            orchestrator.setMetricsStreamer(server.streamer());
            TestScenario scenario = TestScenario.builder().name("live").target(target.uri("/orders").toString())
                    .loadProfile(constant(100, 3)).build();
            CompletableFuture<ScenarioRun> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return orchestrator.execute(scenario);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Set<String> types = new HashSet<>();
            JsonNode system = null;
            while (types.size() < 2 || system == null || system.path("requests_total").asLong() == 0) {
                for (JsonNode envelope : WsTestClient.envelopes(client.next())) {
                    String type = envelope.path("metric_type").asText();
                    types.add(type);
                    if (type.equals("system")) {
                        system = envelope.path("data");
                    } else if (type.equals("agent")) {
                        assertThat(envelope.at("/data/0/agent_id").asText()).isEqualTo("GET /orders");
                    }
                }
            }
            assertThat(running).as("metrics arrived while the run was going").isNotDone();
            assertThat(system.has("p99_response_time_ms")).isTrue();
            assertThat(system.path("cpu_utilization").asDouble()).isBetween(0.0, 1.0);
            ScenarioRun run = running.get(60, TimeUnit.SECONDS);
            List<ObjectNode> intervals = run.systemIntervals();
            assertThat(intervals.size()).isBetween(11, 14);
            assertThat(intervals).allSatisfy(i -> assertThat(i.has("elapsed_seconds")).isTrue());
            // a whole interval in the middle: 25 requests due, about 25 answered
            assertThat(intervals.get(5).get("target_tps").asDouble()).isBetween(40.0, 160.0);
            assertThat(run.endpointIntervals().get("GET /orders").get(5).get("throughput_tps").asDouble())
                    .isBetween(0.0, 400.0);
            assertThat(intervals.get(0).get("elapsed_seconds").asDouble()).isCloseTo(0.25, within(0.2));
            assertThat(intervals.get(intervals.size() - 1).get("requests_total").asLong())
                    .isEqualTo(run.summary().requestsTotal());
            assertThat(run.endpointIntervals()).containsOnlyKeys("GET /orders");
            assertThat(run.endpointIntervals().get("GET /orders")).hasSameSizeAs(intervals);
            assertThat(run.summary().name()).isEqualTo("live");
        }
    }
}
