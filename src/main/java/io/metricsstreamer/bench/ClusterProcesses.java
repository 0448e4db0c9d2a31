package io.metricsstreamer.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The processes of one cluster run: its Redis (started for the run, or a running one) and its nodes, each a
 * {@link ServerProcess} given {@code --redis URL}, started side by side (whichever joins first sets the cluster's
 * epoch, the others read it). {@link #close()} stops the nodes, then the Redis the bench started.
 */
final class ClusterProcesses implements AutoCloseable {
    private final BenchRedis redis;
    private final List<ServerProcess> nodes = new ArrayList<>();

    private ClusterProcesses(BenchRedis redis) {
        this.redis = redis;
    }

    /** Starts the Redis when asked, then {@code cluster.nodes()} nodes with the batching of {@code w}. */
    static ClusterProcesses start(Workload w, ServerLaunch launch, ClusterLaunch cluster) {
        BenchRedis redis = cluster.startRedis() ? BenchRedis.start() : BenchRedis.external(cluster.redisUrl());
        ClusterProcesses c = new ClusterProcesses(redis);
        try {
            c.nodes.addAll(ServerProcess.startAll(w, launch, List.of("--redis", redis.url()), cluster.nodes()));
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Where the nodes listen, with the Redis. */
    RunTargets targets() {
        return new RunTargets(nodes.stream().map(ServerProcess::target).toList(), redis);
    }

    /** Whether every node still runs. */
    boolean allAlive() {
        return nodes.stream().allMatch(ServerProcess::isAlive);
    }

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
        redis.close();
    }
}
