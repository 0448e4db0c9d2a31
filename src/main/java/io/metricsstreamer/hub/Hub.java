package io.metricsstreamer.hub;

import io.metricsstreamer.delivery.ClientSession;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.MetricHistory;
import io.metricsstreamer.delivery.PublishedMetric;
import io.metricsstreamer.history.HistoryLimits;
import io.metricsstreamer.history.RingHistory;
import io.metricsstreamer.model.MetricEnvelope;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.stats.ClusterStatistics;
import io.metricsstreamer.stats.ServerStats;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out hub: a bounded lock-free ingress queue (publishers on any thread), one dispatcher thread that
 * assigns {@code seq} and encodes each metric once, and one {@link LoopShard} per event loop. See the package
 * documentation for the threading rules.
 */
public final class Hub {
    /** Most metrics the dispatcher takes from the queue for one task per loop. */
    static final int DISPATCH_BATCH = 256;
    /** Slots a new chunk starts with at the least; it grows when later batches join it. */
    static final int MIN_CHUNK_CAPACITY = 16;
    /**
     * Most metrics a loop may have queued for delivery: past it the dispatcher waits for the loop, and the wait
     * shows as lag at the ingress (see {@link #publishAll}). Two dispatch batches: a loop always has the next one
     * queued while it delivers one, and a metric never waits behind more than that inside a loop.
     */
    static final int MAX_METRICS_IN_FLIGHT = 2 * DISPATCH_BATCH;
    private static final long BACKPRESSURE_PARK_NANOS = 50_000;
    private static final int SPINS_BEFORE_PARK = 64;
    private static final long STOP_GRACE_NANOS = 1_000_000_000L;
    /** How often an idle dispatcher wakes to evict history past its age bound. */
    private static final long IDLE_TRIM_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final int capacity;
    private final long maxLagNanos;
    private final LongSupplier nanoClock;
    private final MpscArrayQueue<Ingress> queue;
    private final AtomicLong reserved = new AtomicLong();
    private final Sequencer sequencer;
    /** Null in local mode; in cluster mode the hub publishes through it and takes seqs from {@link #sequence}. */
    private final ClusterLink cluster;
    private final ClusterSequence sequence;
    private final HistoryLimits historyLimits;
    /** Replaced (never changed in place) only when a cluster's epoch changes; written by the dispatcher. */
    private volatile RingHistory history;
    private final ServerStats stats;
    private final ClientRegistry registry;
    private final ConcurrentHashMap<Executor, LoopShard> shardsByLoop = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<LoopShard> shards = new CopyOnWriteArrayList<>();
    private final Thread dispatcher;
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile boolean dispatcherParked;
    private volatile long stoppedAtNanos;
    /** Where accepted metrics are also handed, for a recording; {@link PublishRecorder#NONE} without one. */
    private volatile PublishRecorder recorder = PublishRecorder.NONE;
    /**
     * When the oldest metric accepted and not yet handed to the loops was accepted (hub clock), 0 when there is
     * none. Written by the dispatcher only; publishers compare it with {@link #maxLagNanos}.
     */
    private volatile long backlogSinceNanos;

    /**
     * A hub whose ingress holds at most {@code capacity} metrics and refuses more while the oldest waiting metric
     * is older than {@code maxLagNanos}.
     *
     * @param nanoClock the clock of that age ({@code System::nanoTime} in production)
     */
    public Hub(int capacity, long maxLagNanos, LongSupplier nanoClock, Sequencer sequencer, ServerStats stats,
               ClientRegistry registry) {
        this(capacity, maxLagNanos, nanoClock, sequencer, HistoryLimits.OFF, stats, registry);
    }

    /**
     * As {@link #Hub(int, long, LongSupplier, Sequencer, ServerStats, ClientRegistry)}, keeping a history of what it
     * publishes within {@code historyLimits} (on {@code nanoClock}).
     */
    public Hub(int capacity, long maxLagNanos, LongSupplier nanoClock, Sequencer sequencer,
               HistoryLimits historyLimits, ServerStats stats, ClientRegistry registry) {
        this(capacity, maxLagNanos, nanoClock, sequencer, null, historyLimits, stats, registry);
    }

    /**
     * A hub of a node in a cluster: what its publishers offer goes to {@code cluster}, and it delivers (and keeps in
     * its history) what the cluster sequenced, as {@link #receive} hands it over, in the seqs and the epoch of
     * {@code sequence}.
     */
    public Hub(int capacity, long maxLagNanos, LongSupplier nanoClock, ClusterSequence sequence, ClusterLink cluster,
               HistoryLimits historyLimits, ServerStats stats, ClientRegistry registry) {
        this(capacity, maxLagNanos, nanoClock, (Sequencer) sequence, cluster, historyLimits, stats, registry);
    }

    private Hub(int capacity, long maxLagNanos, LongSupplier nanoClock, Sequencer sequencer, ClusterLink cluster,
                HistoryLimits historyLimits, ServerStats stats, ClientRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ingress capacity must be at least 1, was " + capacity);
        }
        if (maxLagNanos < 1) {
            throw new IllegalArgumentException("maximum lag must be positive, was " + maxLagNanos + " ns");
        }
        this.capacity = capacity;
        this.maxLagNanos = maxLagNanos;
        this.nanoClock = nanoClock;
        this.queue = new MpscArrayQueue<>(capacity);
        this.sequencer = sequencer;
        this.cluster = cluster;
        this.sequence = cluster != null ? (ClusterSequence) sequencer : null;
        this.historyLimits = historyLimits;
        this.history = cluster != null ? new RingHistory(sequence::joined, historyLimits, nanoClock)
                : new RingHistory(sequencer.epoch(), historyLimits, nanoClock);
        this.stats = stats;
        this.registry = registry;
        this.dispatcher = new Thread(this::dispatchLoop, "metrics-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    /** Starts the dispatcher thread and accepts metrics. */
    public void start() {
        running = true;
        accepting = true;
        dispatcher.start();
    }

    /**
     * Hands every metric this server's publishers have accepted from now on to {@code recorder} too (see
     * {@link PublishRecorder} for the thread and the order). Set it before {@link #start()}.
     */
    public void recordTo(PublishRecorder recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** Offers one metric. Any thread; never blocks. @return false when refused (see {@link #offer}), counted */
    public boolean publish(MetricEnvelope metric) {
        return offer(List.of(metric)) == Admission.ACCEPTED;
    }

    /** Offers metrics all or nothing, in order. Any thread; never blocks. @return false when refused, counted */
    public boolean publishAll(List<MetricEnvelope> metrics) {
        return offer(metrics) == Admission.ACCEPTED;
    }

    /**
     * Offers metrics all or nothing, in order. Any thread; never blocks. They are refused (and counted as dropped)
     * when the hub stopped, when the queue lacks room for all of them, or when the oldest metric still waiting for
     * fan-out has waited longer than the maximum lag: past that point the server is not keeping up, and real-time
     * data it takes would only reach the clients later and later. Refusing keeps every delivery fresh and the
     * backlog (and so the heap) small, and tells the publisher where it can see it.
     */
    public Admission offer(List<MetricEnvelope> metrics) {
        List<MetricEnvelope> taken = List.copyOf(metrics);
        int n = taken.size();
        if (cluster != null) {
            return offerToCluster(taken);
        }
        long now = nanoClock.getAsLong();
        Admission admission = admit(n, now);
        if (admission != Admission.ACCEPTED) {
            stats.onIngressDropped(n);
            return admission;
        }
        if (n > 0) {
            queue.offer(new IngressBatch(taken, now));
            stats.onMetricsPublished(n);
            if (dispatcherParked) {
                LockSupport.unpark(dispatcher);
            }
        }
        return Admission.ACCEPTED;
    }

    /** Cluster mode: the metrics go to the cluster, which sequences them and hands them back to every node. */
    private Admission offerToCluster(List<MetricEnvelope> metrics) {
        int n = metrics.size();
        if (!accepting) {
            stats.onIngressDropped(n);
            return Admission.STOPPED;
        }
        if (n == 0) {
            return Admission.ACCEPTED;
        }
        if (cluster.epochLost()) {
            stats.onIngressDropped(n);
            return Admission.CLUSTER_EPOCH_LOST;
        }
        if (!cluster.send(metrics)) {
            stats.onIngressDropped(n);
            return Admission.CLUSTER_BUFFER_FULL;
        }
        stats.onMetricsPublished(n);
        recorder.record(metrics, nanoClock.getAsLong());
        return Admission.ACCEPTED;
    }

    /**
     * Cluster mode: takes metrics the cluster sequenced, encoded by the caller, in seq order (a seq this node has
     * already is skipped; a seq past the next one marks the ones between as missing from the history). Called by the
     * one thread that reads the cluster; it waits while the ingress queue is full (the cluster keeps what it has not
     * read), and gives up once the hub stops.
     *
     * @return false when the hub stopped before the metrics could be queued
     */
    public boolean receive(List<PublishedMetric> metrics) {
        return metrics.isEmpty() || queueFromCluster(new ReceivedBatch(metrics, nanoClock.getAsLong()));
    }

    /**
     * Queues what the cluster's reader hands over, waiting while the ingress lacks room for it (the cluster keeps what
     * it has not read). @return false when the hub stopped first
     */
    private boolean queueFromCluster(Ingress item) {
        int n = item.size();
        while (true) {
            if (!running) {
                return false;
            }
            long r = reserved.addAndGet(n);
            if ((r <= capacity || r == n) && queue.offer(item)) {
                break;
            }
            reserved.addAndGet(-n);
            LockSupport.parkNanos(this, BACKPRESSURE_PARK_NANOS);
        }
        if (dispatcherParked) {
            LockSupport.unpark(dispatcher);
        }
        return true;
    }

    /**
     * Cluster mode: fills the history with what the cluster kept of its recent past, in seq order, before the hub
     * starts; the node then goes on after the last of them. Seqs the cluster no longer holds before the first count as
     * evicted, so that a replay from before them says it is not whole.
     */
    public void backfill(List<PublishedMetric> metrics, long lastSeq) {
        if (dispatcher.isAlive()) {
            throw new IllegalStateException("the history is backfilled before the hub starts");
        }
        fill(history, metrics, lastSeq);
        sequence.advanceTo(lastSeq);
    }

    /** Appends the cluster's past to {@code target}, the seqs before it (through {@code lastSeq}) marked missing. */
    private void fill(RingHistory target, List<PublishedMetric> metrics, long lastSeq) {
        if (!metrics.isEmpty() && metrics.get(0).seq() > 1) {
            target.markMissingThrough(metrics.get(0).seq() - 1, metrics.get(0).encoded().acceptedNanos());
        } else if (metrics.isEmpty() && lastSeq > 0) {
            target.markMissingThrough(lastSeq, nanoClock.getAsLong());
        }
        for (PublishedMetric m : metrics) {
            target.append(m, m.encoded().acceptedNanos());
        }
    }

    /**
     * Cluster mode: the cluster's seq stream is {@code epoch} from now on (its Redis lost its data, and a new epoch
     * began). Queued behind what the node received of the old epoch, which is delivered first; then the history starts
     * again with {@code past} (what the cluster holds of the new epoch, oldest first, through {@code lastSeq}), and
     * every client is closed with {@link CloseReason#CLUSTER_EPOCH_CHANGED} to reconnect and replay: its old epoch
     * answers {@code recovered: false}. Called by the thread that reads the cluster, before it hands over any metric
     * of the new epoch; waits while the ingress queue is full.
     *
     * @return false when the hub stopped first
     */
    public boolean resetEpoch(String epoch, List<PublishedMetric> past, long lastSeq) {
        if (sequence == null) {
            throw new IllegalStateException("only a node of a cluster changes epoch");
        }
        return queueFromCluster(new EpochReset(epoch, List.copyOf(past), lastSeq, nanoClock.getAsLong()));
    }

    /**
     * Whether a session opened on history {@code seen}, registered on {@code loop}, is in the epoch that loop delivers.
     * False when the history was replaced since (a cluster's epoch changed: the session is of the old one), or when
     * the loop has not yet passed that change (its {@link EpochMark} is still queued behind the old epoch's chunks,
     * which the session would be offered). Either way the session closes, as the change closes the others, and its
     * client reconnects. Always true for a server alone. Call on {@code loop} after {@link #register}: either the
     * change's sweep of the loops finds the session's loop, or this finds the change.
     */
    public boolean sessionCurrent(MetricHistory seen, Executor loop) {
        VarHandle.fullFence();
        if (history != seen) {
            return false;
        }
        LoopShard shard = shardsByLoop.get(loop);
        return shard == null || shard.delivers() == seen;
    }

    private Admission admit(int n, long now) {
        if (!accepting) {
            return Admission.STOPPED;
        }
        if (n == 0) {
            return Admission.ACCEPTED;
        }
        long since = backlogSinceNanos;
        if (since != 0 && now - since > maxLagNanos) {
            return Admission.BEHIND;
        }
        if (reserved.addAndGet(n) > capacity) {
            reserved.addAndGet(-n);
            return Admission.QUEUE_FULL;
        }
        return Admission.ACCEPTED;
    }

    /** The cluster's live nodes as last read, or null for a server alone. Any thread; never waits. */
    public ClusterStatistics clusterStatistics() {
        return cluster == null ? null : cluster.statistics();
    }

    /** Whether the cluster's Redis lost the data this node joined: always false for a server alone. Any thread. */
    public boolean clusterEpochLost() {
        return cluster != null && cluster.epochLost();
    }

    /** Whether the cluster is reachable: always true for a server alone. Any thread. */
    public boolean clusterReachable() {
        return cluster == null || cluster.reachable();
    }

    /** Metrics waiting in the ingress queue. Any thread. */
    public long queueSize() {
        return Math.max(0, reserved.get()) + (cluster != null ? cluster.backlog() : 0);
    }

    /** The seq stream: its epoch, and the seq assigned last. */
    public Sequencer sequencer() {
        return sequencer;
    }

    /**
     * The history of what the hub published: appended by the dispatcher before a metric is posted to any loop, so a
     * session that reads {@link RingHistory#lastSeq()} has been, or will be, offered live every later seq.
     */
    public RingHistory history() {
        return history;
    }

    /** The client registry. */
    public ClientRegistry registry() {
        return registry;
    }

    /** Registers a session; call on {@code loop}, the session's event loop. */
    public void register(ClientSession session, Executor loop) {
        LoopShard shard = shardsByLoop.computeIfAbsent(loop, l -> {
            LoopShard s = new LoopShard(l);
            shards.add(s);
            // Listed first, then the history read: either an epoch change's sweep finds this loop (and its mark
            // moves it on), or this reads the new history.
            VarHandle.fullFence();
            s.deliversFrom(history);
            return s;
        });
        shard.add(session);
        registry.add(session);
        stats.onClientConnected();
    }

    /** Removes a session at once; call on its event loop. Idempotent. */
    public void unregister(ClientSession session, Executor loop) {
        session.onClosed();
        LoopShard shard = shardsByLoop.get(loop);
        if (shard != null) {
            shard.remove(session);
        }
        registry.remove(session);
    }

    /**
     * Stops accepting metrics, lets the dispatcher deliver what was queued, then flushes every session's pending
     * metrics on its loop. The future completes when every loop has flushed.
     */
    public CompletableFuture<Void> drainAndStop() {
        accepting = false;
        stoppedAtNanos = System.nanoTime();
        running = false;
        LockSupport.unpark(dispatcher);
        try {
            dispatcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CompletableFuture<Void>> flushed = new ArrayList<>();
        for (LoopShard shard : shards) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                shard.loop().execute(() -> {
                    shard.flushAll();
                    done.complete(null);
                });
            } catch (RejectedExecutionException e) {
                done.complete(null);
            }
            flushed.add(done);
        }
        return CompletableFuture.allOf(flushed.toArray(new CompletableFuture<?>[0]));
    }

    private void dispatchLoop() {
        // A chunk is sized for the batch that starts it, not for DISPATCH_BATCH: at a light load a chunk holds a
        // few metrics, and a full-size array each would be much of what the dispatcher allocates (measured:
        // docs/benchmarks/LOG.md, item 31). The loops' logs keep chunks, so an oversized one also costs memory for
        // as long as it is kept.
        List<PublishedMetric> chunk = null;
        PublishRecorder recording = recorder;
        int idle = 0;
        while (true) {
            Ingress next = queue.relaxedPoll();
            if (next == null) {
                if (chunk != null && !chunk.isEmpty()) {
                    post(chunk);
                    chunk = null;
                }
                backlogSinceNanos = 0;
                // Stopped: leave once nothing is reserved either, so a publisher that passed the accepting check
                // just before the stop still has its metrics delivered (bounded, in case a reservation leaks).
                if (!running && (reserved.get() <= 0 || System.nanoTime() - stoppedAtNanos > STOP_GRACE_NANOS)) {
                    return;
                }
                idle = idle(idle);
                continue;
            }
            idle = 0;
            if (chunk == null || chunk.isEmpty()) {
                backlogSinceNanos = next.acceptedNanos();
            }
            if (next instanceof IngressBatch batch) {
                recording.record(batch.metrics(), batch.acceptedNanos());
                chunk = sequence(chunk, batch);
            } else if (next instanceof ReceivedBatch received) {
                chunk = takeReceived(chunk, received);
            } else {
                if (chunk != null && !chunk.isEmpty()) {
                    post(chunk);
                }
                chunk = null;
                beginEpoch((EpochReset) next);
            }
            reserved.addAndGet(-next.size());
        }
    }

    /** Stamps and encodes a publisher's metrics into the chunk, posting each full one; returns the chunk to go on. */
    private List<PublishedMetric> sequence(List<PublishedMetric> chunk, IngressBatch next) {
        List<MetricEnvelope> metrics = next.metrics();
        int left = metrics.size();
        for (MetricEnvelope m : metrics) {
            if (chunk == null) {
                chunk = new ArrayList<>(Math.min(DISPATCH_BATCH, Math.max(MIN_CHUNK_CAPACITY, left)));
            }
            encodeInto(chunk, m, next.acceptedNanos());
            left--;
            if (chunk.size() == DISPATCH_BATCH) {
                post(chunk);
                chunk = null;
                backlogSinceNanos = next.acceptedNanos();
            }
        }
        return chunk;
    }

    /** As {@link #sequence}, for metrics the cluster sequenced (see {@link #receive}). */
    private List<PublishedMetric> takeReceived(List<PublishedMetric> chunk, ReceivedBatch next) {
        List<PublishedMetric> metrics = next.metrics();
        int left = metrics.size();
        for (PublishedMetric m : metrics) {
            left--;
            long seq = m.seq();
            long last = sequence.last();
            if (seq <= last) {
                continue;
            }
            if (seq > last + 1) {
                LOG.warn("the cluster no longer held seqs {} to {} when this node read it: they are not delivered "
                        + "here, and a replay from before them says so", last + 1, seq - 1);
                stats.onIngressDropped(seq - last - 1);
                history.markMissingThrough(seq - 1, m.encoded().acceptedNanos());
            }
            sequence.advanceTo(seq);
            history.append(m, m.encoded().acceptedNanos());
            if (chunk == null) {
                chunk = new ArrayList<>(Math.min(DISPATCH_BATCH, Math.max(MIN_CHUNK_CAPACITY, left + 1)));
            }
            chunk.add(m);
            if (chunk.size() == DISPATCH_BATCH) {
                post(chunk);
                chunk = null;
                backlogSinceNanos = next.acceptedNanos();
            }
        }
        return chunk;
    }

    /**
     * Starts the new epoch's history and seq position, then posts an {@link EpochMark} to every loop, behind the old
     * epoch's chunks, where it closes the sessions of the old epoch. The new history is published before the loops are
     * read (a full fence, as in {@link #post}), so a session registering meanwhile is either found here or sees the new
     * history ({@link #sessionCurrent}).
     */
    private void beginEpoch(EpochReset reset) {
        String old = sequence.epoch();
        RingHistory fresh = new RingHistory(reset.epoch(), historyLimits, nanoClock);
        fill(fresh, reset.past(), reset.lastSeq());
        // The seq position first, then the history: a session that finds the new history welcomes in its epoch.
        sequence.reset(reset.epoch(), reset.lastSeq());
        history = fresh;
        VarHandle.fullFence();
        EpochMark mark = new EpochMark(fresh);
        for (LoopShard shard : shards) {
            if (!shard.post(mark)) {
                LOG.debug("loop {} is shutting down; its clients close with it", shard.loop());
            }
        }
        LOG.warn("the cluster's epoch is {} (was {}), holding {} metrics through seq {}: closing the {} clients so "
                + "that they reconnect and replay", reset.epoch(), old, reset.past().size(), reset.lastSeq(),
                registry.count());
    }

    private int idle(int idle) {
        if (idle < SPINS_BEFORE_PARK) {
            Thread.onSpinWait();
            return idle + 1;
        }
        dispatcherParked = true;
        if (queue.isEmpty() && running) {
            if (history.enabled()) {
                LockSupport.parkNanos(this, IDLE_TRIM_NANOS);
            } else {
                LockSupport.park(this);
            }
        }
        dispatcherParked = false;
        if (history.enabled()) {
            history.trim(nanoClock.getAsLong());
        }
        return idle;
    }

    private void encodeInto(List<PublishedMetric> chunk, MetricEnvelope m, long acceptedNanos) {
        try {
            PublishedMetric published = PublishedMetric.encode(sequencer.next(), m.type(),
                    Timestamps.format(m.timestamp()), m.dataJson(), acceptedNanos);
            history.append(published, acceptedNanos);
            chunk.add(published);
        } catch (RuntimeException e) {
            LOG.error("could not encode a {} metric; it is dropped", m.type(), e);
            stats.onIngressDropped(1);
        }
    }

    /**
     * Hands a chunk to every loop, waiting for a loop that has too many metrics queued. The loops share the list
     * itself: the dispatcher never touches a chunk again once it is posted (it starts a new one).
     */
    private void post(List<PublishedMetric> chunk) {
        // The chunk's appends to the history are visible before the loops are read: a session registering on a new
        // loop either finds them in the history when its replay looks for the end, or its loop is posted this chunk
        // (a store then a load on each side; release and acquire alone would let both miss).
        VarHandle.fullFence();
        for (LoopShard shard : shards) {
            while (shard.metricsInFlight() >= MAX_METRICS_IN_FLIGHT && running) {
                LockSupport.parkNanos(this, BACKPRESSURE_PARK_NANOS);
            }
            if (!shard.post(chunk)) {
                LOG.debug("loop {} is shutting down; skipped a delivery", shard.loop());
            }
        }
    }
}
