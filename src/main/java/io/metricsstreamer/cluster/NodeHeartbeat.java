package io.metricsstreamer.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.metricsstreamer.json.Json;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.stats.ClusterNode;
import io.metricsstreamer.stats.ClusterStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence in its cluster: every {@link #PERIOD_MILLIS} the {@code cluster-heartbeat} thread writes the node's
 * figures under a key that expires after {@link #EXPIRY_MILLIS} (a node that dies leaves the list when it expires),
 * then reads every live node's, which {@link #statistics()} serves from memory: an HTTP request never waits for Redis.
 * A failed heartbeat is tried again on the next period; the view read last stays until then. Each beat also reads the
 * cluster's epoch: when it is gone or another than the node's ({@link #epochLost()}), the Redis lost the data this node
 * is in, and the node has not adopted the new epoch yet (its stream reader does, within a read).
 */
final class NodeHeartbeat {
    static final long PERIOD_MILLIS = 1000;
    static final long EXPIRY_MILLIS = 5000;
    private static final long STOP_WAIT_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final RedisCommands<String, byte[]> commands;
    private final RedisAsyncCommands<String, byte[]> async;
    private final String nodeId;
    private final Supplier<String> epoch;
    private final Supplier<ClusterNode> figures;
    private final ScheduledExecutorService timer;
    private volatile ClusterStatistics view;
    private ClusterNode previous;
    private long previousAt;
    private boolean failing;
    /** The cluster's epoch as read last (null: gone); the node's until the first beat. */
    private volatile String seenEpoch;
    /** The heartbeat thread's: whether the loss was logged. */
    private boolean lossLogged;

    /**
     * @param figures this node's figures now (rates and heartbeat time are filled in here)
     */
    NodeHeartbeat(StatefulRedisConnection<String, byte[]> connection, String nodeId, Supplier<String> epoch,
                  Supplier<ClusterNode> figures) {
        this.commands = connection.sync();
        this.async = connection.async();
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.figures = figures;
        this.view = ClusterStatistics.of(epoch.get(), List.of());
        this.seenEpoch = epoch.get();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Beats now (so the node is listed before its ports open), then every period. */
    void start() {
        beat();
        timer.scheduleWithFixedDelay(this::beat, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The live nodes as last read. Any thread. */
    ClusterStatistics statistics() {
        return view;
    }

    /**
     * Stops beating and takes the node off the list at once; when Redis does not answer within
     * {@link #STOP_WAIT_MILLIS}, the node's key expires instead.
     */
    void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            async.del(ClusterKeys.nodeKey(nodeId));
            async.srem(ClusterKeys.NODES, nodeId.getBytes(StandardCharsets.US_ASCII))
                    .await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("could not take this node off the cluster's list; it expires instead", e);
        }
    }

    private void beat() {
        try {
            long now = System.nanoTime();
            String epochBefore = epoch.get();
            ClusterNode mine = withRates(figures.get(), now);
            commands.set(ClusterKeys.nodeKey(nodeId), Json.mapper().writeValueAsBytes(mine),
                    SetArgs.Builder.px(EXPIRY_MILLIS));
            commands.sadd(ClusterKeys.NODES, nodeId.getBytes(StandardCharsets.US_ASCII));
            view = ClusterStatistics.of(epoch.get(), readNodes());
            checkEpoch(commands.get(ClusterKeys.EPOCH), epochBefore);
            if (failing) {
                failing = false;
                LOG.info("the cluster's heartbeats work again");
            }
        } catch (RuntimeException | JsonProcessingException e) {
            if (!failing) {
                failing = true;
                LOG.warn("this node's heartbeat failed; trying again every {} ms: {}", PERIOD_MILLIS, e.toString());
            }
        }
    }

    /** Whether the epoch read last is not the node's. Any thread. */
    boolean epochLost() {
        return !epoch.get().equals(seenEpoch);
    }

    /**
     * The node adopted the cluster's epoch {@code current}, which it read just now. Any thread. Synchronized with the
     * beat's own record of the epoch, so that a beat that read the key before the adoption does not undo it.
     */
    synchronized void adopted(String current) {
        seenEpoch = current;
        view = ClusterStatistics.of(current, view.nodes());
    }

    /** Records the epoch read; a beat during which the node adopted one (it had read the key before) records none. */
    private synchronized void checkEpoch(byte[] current, String epochBefore) {
        String mine = epoch.get();
        if (!mine.equals(epochBefore)) {
            return;
        }
        String now = current == null ? null : new String(current, StandardCharsets.US_ASCII);
        seenEpoch = now;
        boolean lost = !mine.equals(now);
        if (lost && !lossLogged) {
            LOG.error("the cluster's Redis lost its data: its epoch is {} where this node is in {} (a Redis "
                    + "restarted without persistence?); publishers are refused until this node adopts the new "
                    + "epoch", now == null ? "gone" : now, mine);
        } else if (!lost && lossLogged) {
            LOG.info("this node is in the cluster's epoch {}; publishing resumes", mine);
        }
        lossLogged = lost;
    }

    private ClusterNode withRates(ClusterNode n, long now) {
        double published = 0;
        double delivered = 0;
        if (previous != null && now > previousAt) {
            double seconds = (now - previousAt) / 1e9;
            published = (n.totalMetricsPublished() - previous.totalMetricsPublished()) / seconds;
            delivered = (n.totalMetricsDelivered() - previous.totalMetricsDelivered()) / seconds;
        }
        previous = n;
        previousAt = now;
        return new ClusterNode(n.nodeId(), n.host(), n.port(), n.httpPort(), n.connectedClients(),
                n.totalMetricsPublished(), n.totalMetricsDelivered(), published, delivered,
                Timestamps.format(Instant.now()));
    }

    private List<ClusterNode> readNodes() {
        Set<byte[]> ids = commands.smembers(ClusterKeys.NODES);
        List<ClusterNode> live = new ArrayList<>();
        for (byte[] id : ids) {
            String name = new String(id, StandardCharsets.US_ASCII);
            byte[] json = commands.get(ClusterKeys.nodeKey(name));
            if (json == null) {
                commands.srem(ClusterKeys.NODES, id);
                continue;
            }
            try {
                live.add(Json.mapper().readValue(json, ClusterNode.class));
            } catch (IOException e) {
                LOG.warn("node {} wrote a heartbeat this node cannot read; it is not listed: {}", name, e.toString());
            }
        }
        live.sort(Comparator.comparing(ClusterNode::nodeId));
        return live;
    }
}
