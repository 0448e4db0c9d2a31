package io.metricsstreamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.testing.RedisServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tiny benches against clusters the bench starts itself: two {@code serve} processes sharing a Redis (one the bench
 * starts and kills, or a running one), the clients and publisher connections spread over them.
 */
@Timeout(120)
class BenchClusterSocketTest {
    private final List<String> out = new ArrayList<>();

    private RunResult bench(Workload w, ClusterLaunch cluster) throws Exception {
        Bench.Settings settings = new Bench.Settings(List.of(w), null, null, -1, ServerLaunch.DEFAULT, 2, 2, 30, null,
                cluster);
        return new Bench(settings, out::add).runAll().get(0);
    }

    private static boolean redisInstalled() {
        return BenchRedis.BINARIES.stream().anyMatch(Files::isExecutable);
    }

    @Test
    void twoNodesOnARedisTheBenchStartsDeliverEveryMetricOnceInOrderToClientsOnBothNodes() throws Exception {
        Assumptions.assumeTrue(redisInstalled(), "redis-server is not installed (apt-get install redis-server)");
        Workload tiny = Workload.W0.with(20, 200.0, 1.0, 0.5, false);
        List<Long> redisBefore = redisChildren();

        RunResult r = bench(tiny, new ClusterLaunch(2, null, true));

        assertThat(r.has("error")).as(r.text("error")).isFalse();
        assertThat(r.count("nodes")).isEqualTo(2);
        assertThat(r.text("redis")).startsWith("redis://127.0.0.1:").endsWith("(started by the bench)");
        assertThat(r.count("clients_ready")).isEqualTo(20);
        assertThat(r.asMap().get("node_clients")).as("10 clients on each node").isEqualTo(List.of(10L, 10L));
        assertThat((List<?>) r.asMap().get("node_published")).as("both publisher connections' nodes published")
                .allSatisfy(n -> assertThat((Long) n).isPositive());
        assertThat(r.count("published")).isBetween(100L, 310L);
        assertThat(r.count("post_errors")).isZero();
        assertThat(r.count("expected")).isEqualTo(r.count("published") * 20);
        assertThat(r.count("received")).isEqualTo(r.count("expected"));
        assertThat(r.count("missing")).isZero();
        assertThat(r.count("out_of_order")).isZero();
        assertThat(r.count("duplicates")).isZero();
        assertThat(r.count("seq_gaps")).isZero();
        assertThat(r.count("server_dropped")).isZero();
        assertThat(r.count("lat_n")).isGreaterThan(1000);
        assertThat(r.num("server_cpu_cores")).as("both nodes' CPU").isPositive();
        assertThat(r.num("redis_cpu_s")).isPositive();
        assertThat(r.num("redis_cpu_us_per_published")).isPositive();
        assertThat(out).anySatisfy(l -> assertThat(l).contains("cluster").contains("2 nodes (server CPU and memory "
                + "summed over them), 0 dropped by the nodes; Redis "));
        assertThat(redisChildren()).as("the bench killed its redis-server").isEqualTo(redisBefore);
    }

    private static List<Long> redisChildren() {
        return ProcessHandle.current().descendants().filter(p -> p.isAlive() && p.info().command().orElse("")
                .contains("redis-server")).map(ProcessHandle::pid).sorted().toList();
    }

    @Test
    void nodesOnARunningRedisAreMeasuredWithItsCpuAndLeaveItRunning() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Workload tiny = Workload.W0.with(10, 100.0, 1.0, 0.5, false);

            RunResult r = bench(tiny, new ClusterLaunch(1, redis.url(), false));

            assertThat(r.has("error")).as(r.text("error")).isFalse();
            assertThat(r.count("nodes")).isEqualTo(1);
            assertThat(r.text("redis")).isEqualTo(redis.url());
            assertThat(r.count("received")).isEqualTo(r.count("published") * 10).isPositive();
            assertThat(r.count("out_of_order")).isZero();
            assertThat(r.num("redis_cpu_s")).isPositive();
            assertThat(redis.command("PING")).isEqualTo("+PONG");
            assertThat(redis.command("EXISTS {metrics-streamer}:metrics")).as("the run's stream").isEqualTo(":1");
        }
    }

    @Test
    void aClusterNeedsARedisAndOneRedisSource() {
        assertThatThrownBy(() -> new ClusterLaunch(2, null, false)).hasMessageContaining(
                "--nodes 2 needs a Redis for the nodes to share: --redis URL or --redis-start");
        assertThatThrownBy(() -> new ClusterLaunch(2, "redis://127.0.0.1:1", true))
                .hasMessageContaining("either --redis URL or --redis-start");
        assertThatThrownBy(() -> new ClusterLaunch(0, null, true)).hasMessageContaining("--nodes must be at least 1");
        assertThat(ClusterLaunch.NONE.clustered()).isFalse();
    }

    @Test
    void redisCpuIsReadFromInfo() {
        assertThat(BenchRedis.parseCpuSeconds("# CPU\r\nused_cpu_sys:1.250000\r\nused_cpu_user:0.500000\r\n"
                + "used_cpu_sys_children:9.000000\r\n")).isEqualTo(1.75);
        assertThat(BenchRedis.parseCpuSeconds("# CPU\r\n")).isNaN();
        assertThat(BenchRedis.external("redis://:secret@127.0.0.1:1").describe()).isEqualTo("redis://127.0.0.1:1");
        assertThat(BenchRedis.external("redis://127.0.0.1:1").cpuSeconds()).as("nothing listens").isNaN();
    }
}
