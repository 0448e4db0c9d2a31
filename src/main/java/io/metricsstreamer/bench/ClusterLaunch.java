package io.metricsstreamer.bench;

/**
 * Whether the bench measures a cluster, and which: {@code nodes} server processes of this program (or of
 * {@code --server-cmd}) started for each run with {@code --redis URL}, sharing a Redis the bench starts for the run
 * ({@code startRedis}) or a running one ({@code redisUrl}).
 *
 * @param nodes      server processes per run, at least 1
 * @param redisUrl   a running Redis's URL, or null
 * @param startRedis whether the bench starts a redis-server for each run (then {@code redisUrl} is null)
 */
public record ClusterLaunch(int nodes, String redisUrl, boolean startRedis) {
    /** One server alone, no Redis: the bench as it measures a single server. */
    public static final ClusterLaunch NONE = new ClusterLaunch(1, null, false);

    /** Checks the combination. */
    public ClusterLaunch {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (redisUrl != null && startRedis) {
            throw new IllegalArgumentException("give either --redis URL or --redis-start, not both");
        }
        if (nodes > 1 && redisUrl == null && !startRedis) {
            throw new IllegalArgumentException("--nodes " + nodes + " needs a Redis for the nodes to share: "
                    + "--redis URL or --redis-start");
        }
    }

    /** Whether the servers are cluster nodes (they use a Redis). */
    public boolean clustered() {
        return redisUrl != null || startRedis;
    }
}
