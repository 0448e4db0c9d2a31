package io.metricsstreamer.bench;

import java.net.URI;
import java.util.List;

/**
 * The servers one run measures: one, or the nodes of a cluster with the Redis they share. The clients are spread
 * over the nodes round-robin (client {@code i} on node {@code i mod N}), the publisher's connections likewise; CPU and
 * memory are summed over the nodes.
 *
 * @param nodes the servers, at least one
 * @param redis the cluster's Redis, or null for a server alone
 */
record RunTargets(List<ServerTarget> nodes, BenchRedis redis) {
    /** Copies the list. */
    RunTargets {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no server");
        }
    }

    /** One server alone. */
    static RunTargets of(ServerTarget target) {
        return new RunTargets(List.of(target), null);
    }

    ServerTarget first() {
        return nodes.get(0);
    }

    List<URI> ws() {
        return nodes.stream().map(ServerTarget::ws).toList();
    }

    List<URI> http() {
        return nodes.stream().map(ServerTarget::http).toList();
    }

    /** CPU seconds of every node so far (each with its descendants), or NaN when one cannot be read. */
    double cpuSeconds() {
        double sum = 0;
        for (ServerTarget t : nodes) {
            sum += WorkloadRunner.cpu(t);
        }
        return sum;
    }

    /** The {@code key} memory line summed over the nodes, or -1 when one cannot be read. */
    long rss(String key) {
        long sum = 0;
        for (ServerTarget t : nodes) {
            long v = WorkloadRunner.rss(t, key);
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return sum;
    }

    /** Redis's CPU seconds so far, or NaN (no Redis, or unreadable). */
    double redisCpuSeconds() {
        return redis == null ? Double.NaN : redis.cpuSeconds();
    }
}
