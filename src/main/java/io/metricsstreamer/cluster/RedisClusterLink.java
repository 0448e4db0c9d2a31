package io.metricsstreamer.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.history.RingHistory;
import io.metricsstreamer.hub.ClusterLink;
import io.metricsstreamer.hub.Hub;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.stats.ClusterNode;
import io.metricsstreamer.stats.ClusterStatistics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to its cluster over Redis (see the package documentation for the data model and threads). The server
 * calls, in order: {@link #connect()} (the cluster's epoch), {@link #backfill}, {@link #startReading}; then
 * publishers {@link #send}; at the end {@link #stopPublishing} and {@link #close()}.
 */
public final class RedisClusterLink implements ClusterLink, AutoCloseable {
    /** Fewest entries the stream keeps, so that a node that keeps no history still has room to read behind. */
    static final int MIN_STREAM_LENGTH = 10_000;
    /** Entries read per call when backfilling. */
    static final int BACKFILL_PAGE = 1000;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterLink.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisURI uri;
    private final String address;
    private final StreamEntries entries;
    private final int outboundCapacity;
    private final long streamLength;
    private final LongConsumer onDropped;
    private final String nodeId;
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> publishing;
    private StatefulRedisConnection<String, byte[]> reading;
    /** The epoch this node is in: the cluster's when it joined, another once the Redis lost its data. */
    private volatile String epoch;
    private int historyMetrics;
    private long historyBytes;
    private ClusterPublisher publisher;
    private StreamReader reader;
    private volatile NodeHeartbeat heartbeat;

    /**
     * A link to the Redis at {@code url} ({@link RedisUrl}); nothing connects before {@link #connect()}.
     *
     * @param types            the metric types this node knows (every node should know the same)
     * @param outboundCapacity metrics the outbound buffer holds; past it publishing is refused
     * @param historySize      the node's history size: the stream keeps about that many entries (at least
     *                         {@link #MIN_STREAM_LENGTH})
     * @param onDropped        counts metrics accepted but then lost because writing them to Redis failed
     */
    public RedisClusterLink(String url, MetricTypes types, int outboundCapacity, int historySize,
                            LongConsumer onDropped) {
        this.uri = RedisUrl.parse(url);
        this.address = RedisUrl.describe(uri);
        this.entries = new StreamEntries(types);
        this.outboundCapacity = outboundCapacity;
        this.streamLength = Math.max(MIN_STREAM_LENGTH, historySize);
        this.onDropped = onDropped;
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        this.nodeId = HexFormat.of().formatHex(id);
    }

    /**
     * Connects, loads the publish script and joins the cluster's epoch (this node sets it when it is the first).
     *
     * @return the cluster's epoch
     * @throws IllegalStateException naming {@code --redis} and the address when Redis cannot be reached or refuses
     */
    public String connect() {
        uri.setTimeout(COMMAND_TIMEOUT);
        // Reconnects back off exponentially from 10 ms to at most RECONNECT_MAX apart, so a cluster heals within
        // that of Redis coming back (Lettuce's default goes up to 30 s).
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(() -> Delay.exponential(Duration.ofMillis(10), RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, uri);
        // No timeout on asynchronous commands (Lettuce's default gives them the URI's): a publish call that had no
        // answer stays in flight, and after a reconnect Lettuce sends it again in order, where the script's batch key
        // makes a second run only answer; a timed-out call could not be known to have run or not. Synchronous
        // commands (heartbeat, backfill) and the stream reader's waits keep the URI's timeout.
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build()).build());
        try {
            publishing = client.connect(CODEC);
            reading = client.connect(CODEC);
            RedisCommands<String, byte[]> sync = publishing.sync();
            String digest = sync.scriptLoad(PublishScript.LUA);
            epoch = setEpochUnlessSet(sync);
            if (epoch == null) {
                throw new RedisException("the cluster's epoch key is gone right after it was set");
            }
            publisher = new ClusterPublisher(publishing.async(), digest, epoch, nodeId, streamLength, outboundCapacity,
                    onDropped);
        } catch (RedisException e) {
            close();
            throw new IllegalStateException("--redis " + address + ": cannot join the cluster: " + e.getMessage(), e);
        }
        LOG.info("node {} joined the cluster at {} (epoch {})", nodeId, address, epoch);
        return epoch;
    }

    /**
     * Sets a new epoch unless the cluster has one ({@code SET NX}: of nodes doing it at once, the first sets it), and
     * returns the cluster's epoch as read right after (null only when the key vanished meanwhile).
     */
    private static String setEpochUnlessSet(RedisCommands<String, byte[]> sync) {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        sync.set(ClusterKeys.EPOCH, HexFormat.of().formatHex(id).getBytes(StandardCharsets.US_ASCII),
                SetArgs.Builder.nx());
        byte[] current = sync.get(ClusterKeys.EPOCH);
        return current == null ? null : new String(current, StandardCharsets.US_ASCII);
    }

    /**
     * What the cluster kept of its recent past, oldest first: at most {@code maxMetrics} metrics and about
     * {@code maxBytes} of them as the history counts them; and the newest seq in the cluster (0 when none yet).
     */
    public Backfill backfill(int maxMetrics, long maxBytes) {
        historyMetrics = maxMetrics;
        historyBytes = maxBytes;
        RedisCommands<String, byte[]> sync = publishing.sync();
        List<PublishedMetric> newestFirst = new ArrayList<>();
        long lastSeq = 0;
        long bytes = 0;
        Range<String> range = Range.unbounded();
        while (true) {
            int page = Math.max(1, Math.min(BACKFILL_PAGE, maxMetrics - newestFirst.size()));
            List<StreamMessage<String, byte[]>> read = sync.xrevrange(ClusterKeys.STREAM, range, Limit.from(page));
            if (read.isEmpty()) {
                break;
            }
            if (lastSeq == 0) {
                lastSeq = ClusterKeys.seqOf(read.get(0).getId());
            }
            for (PublishedMetric m : entries.decode(read, System.nanoTime(), System.currentTimeMillis() * 1000)) {
                if (newestFirst.size() < maxMetrics && bytes < maxBytes) {
                    newestFirst.add(m);
                    bytes += RingHistory.costOf(m);
                }
            }
            long oldest = ClusterKeys.seqOf(read.get(read.size() - 1).getId());
            if (read.size() < page || newestFirst.size() >= maxMetrics || bytes >= maxBytes || oldest <= 1) {
                break;
            }
            range = Range.create("-", ClusterKeys.idOf(oldest - 1));
        }
        if (lastSeq == 0) {
            byte[] counter = sync.get(ClusterKeys.SEQ);
            lastSeq = counter == null ? 0 : Long.parseLong(new String(counter, StandardCharsets.US_ASCII));
        }
        Collections.reverse(newestFirst);
        LOG.info("backfilled {} metrics of the cluster's history (last seq {})", newestFirst.size(), lastSeq);
        return new Backfill(newestFirst, lastSeq);
    }

    /**
     * Starts publishing, and reading the stream after {@code afterSeq} into {@code hub}; after {@link #backfill}, whose
     * bounds also apply when a new epoch's history is read.
     */
    public void startReading(Hub hub, long afterSeq) {
        reader = new StreamReader(reading.async(), COMMAND_TIMEOUT, entries, hub, afterSeq,
                new StreamReader.EpochChange() {
                    @Override
                    public String current() {
                        return epoch;
                    }

                    @Override
                    public long adopt(String seen) {
                        return RedisClusterLink.this.adopt(seen, hub);
                    }
                });
        reader.start();
        publisher.start();
    }

    /**
     * The cluster's epoch is {@code seen} (null: gone), not this node's: its Redis lost its data. Adopts {@code seen},
     * or, when there is none, sets a new one with {@code SET NX}, so that of several nodes noticing at once the first
     * sets it and the others adopt it. Then the hub starts the epoch's history with what the cluster holds of it (and
     * closes its clients to replay), and the publisher names it from then on. On the reader thread, which reads the
     * new epoch only after this returns.
     *
     * @return the last seq of the epoch the node now holds; -1 when Redis failed meanwhile (tried again next read)
     */
    private long adopt(String seen, Hub hub) {
        try {
            String next = seen != null ? seen : setEpochUnlessSet(publishing.sync());
            if (next == null) {
                return -1;
            }
            Backfill past = backfill(historyMetrics, historyBytes);
            if (!hub.resetEpoch(next, past.metrics(), past.lastSeq())) {
                return -1;
            }
            String old = epoch;
            epoch = next;
            publisher.adopt(next);
            NodeHeartbeat h = heartbeat;
            if (h != null) {
                h.adopted(next);
            }
            LOG.warn("the cluster's Redis lost its data (epoch {} is gone): this node is in epoch {} from seq {} on",
                    old, next, past.lastSeq() + 1);
            return past.lastSeq();
        } catch (RedisException e) {
            LOG.warn("could not take up the cluster's new epoch; trying again: {}", e.toString());
            return -1;
        }
    }

    @Override
    public boolean send(List<MetricEnvelope> metrics) {
        return publisher.offer(metrics);
    }

    @Override
    public long backlog() {
        return publisher == null ? 0 : publisher.backlog();
    }

    /**
     * Starts this node's heartbeat: {@code figures} says what the node is doing now (the heartbeat adds the rates and
     * its time). Once the node's ports are bound.
     */
    public void startHeartbeat(Supplier<ClusterNode> figures) {
        heartbeat = new NodeHeartbeat(publishing, nodeId, () -> epoch, figures);
        heartbeat.start();
    }

    @Override
    public boolean epochLost() {
        NodeHeartbeat h = heartbeat;
        return h != null && h.epochLost();
    }

    @Override
    public ClusterStatistics statistics() {
        NodeHeartbeat h = heartbeat;
        return h == null ? ClusterStatistics.of(epoch, List.of()) : h.statistics();
    }

    /** Whether both connections are up now (Lettuce reconnects them in the background when they drop). */
    @Override
    public boolean reachable() {
        StatefulRedisConnection<String, byte[]> p = publishing;
        StatefulRedisConnection<String, byte[]> r = reading;
        return p != null && r != null && p.isOpen() && r.isOpen();
    }

    /** The Redis address, without its password. */
    public String address() {
        return address;
    }

    /**
     * Refuses new metrics and writes what the outbound buffer holds, waiting at most {@code timeoutNanos}.
     *
     * @return the newest seq the cluster gave this node's metrics (0 when none)
     */
    public long stopPublishing(long timeoutNanos) {
        if (publisher == null) {
            return 0;
        }
        if (!publisher.stop(timeoutNanos)) {
            LOG.warn("not every metric was written to the cluster before the stop");
        }
        return publisher.lastWrittenSeq();
    }

    /** This node's id in the cluster (in each stream entry it writes). */
    public String nodeId() {
        return nodeId;
    }

    /** The cluster's epoch this node is in, once {@link #connect()}ed. Any thread. */
    public String epoch() {
        return epoch;
    }

    /** Stops reading and closes the connections. Idempotent. */
    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.stop();
            heartbeat = null;
        }
        if (reader != null) {
            reader.stop();
            reader = null;
        }
        if (publishing != null) {
            publishing.close();
            publishing = null;
        }
        if (reading != null) {
            reading.close();
            reading = null;
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            resources = null;
        }
    }

    /**
     * The recent past of the cluster.
     *
     * @param metrics the metrics, oldest first
     * @param lastSeq the newest seq in the cluster when it was read (0: none yet)
     */
    public record Backfill(List<PublishedMetric> metrics, long lastSeq) {
    }
}
